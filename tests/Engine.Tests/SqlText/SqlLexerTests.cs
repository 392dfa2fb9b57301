using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TenantDb.Engine.SqlText;

namespace TenantDb.Engine.Tests.SqlText;

public sealed class SqlLexerTests
{
    private static List<(SqlTokenKind Kind, string Text)> Lex(string sql)
    {
        var tokens = new List<(SqlTokenKind, string)>();
        var lexer = new SqlLexer(sql);
        while (lexer.Next() is { Kind: not SqlTokenKind.End } token) tokens.Add((token.Kind, sql.Substring(token.Start, token.Length)));
        return tokens;
    }

    [Theory]
    [InlineData("'it''s'", SqlTokenKind.String)]
    [InlineData("E'it\\'s; fine'", SqlTokenKind.EscapeString)]
    [InlineData("e'a\\\\'", SqlTokenKind.EscapeString)]
    [InlineData("$$a; b$$", SqlTokenKind.DollarString)]
    [InlineData("$wat$ (module) ; $x$ $wat$", SqlTokenKind.DollarString)]
    [InlineData("\"we\"\"ird; name\"", SqlTokenKind.QuotedIdentifier)]
    [InlineData("U&\"d\\0061t\"", SqlTokenKind.QuotedIdentifier)]
    [InlineData("U&'d\\0061t'", SqlTokenKind.String)]
    [InlineData("N'national'", SqlTokenKind.String)]
    [InlineData("B'0101'", SqlTokenKind.BitString)]
    [InlineData("X'1F'", SqlTokenKind.BitString)]
    [InlineData("$12", SqlTokenKind.Parameter)]
    [InlineData("3.5e-3", SqlTokenKind.Number)]
    [InlineData(".5", SqlTokenKind.Number)]
    [InlineData("a$b_1", SqlTokenKind.Word)]
    [InlineData("état", SqlTokenKind.Word)]
    [InlineData("::", SqlTokenKind.TypeCast)]
    [InlineData("<>", SqlTokenKind.Operator)]
    [InlineData("'never closed", SqlTokenKind.Unterminated)]
    [InlineData("$q$ never closed", SqlTokenKind.Unterminated)]
    [InlineData("/* never /* closed */", SqlTokenKind.Unterminated)]
    public void One_token(string sql, SqlTokenKind kind)
    {
        var token = Assert.Single(Lex(sql));
        Assert.Equal((kind, sql), token);
    }

    [Fact]
    public void Comments_nest_and_are_skipped()
    {
        Assert.Equal(
            [(SqlTokenKind.Word, "SELECT"), (SqlTokenKind.Number, "1"), (SqlTokenKind.Punctuation, ";")],
            Lex("/* outer /* inner; */ still; */ SELECT -- tail; \n 1;"));
    }

    [Fact]
    public void Operators_stop_where_a_comment_starts()
    {
        Assert.Equal([(SqlTokenKind.Number, "1"), (SqlTokenKind.Operator, "+"), (SqlTokenKind.Number, "2")], Lex("1+--x\n2"));
        Assert.Equal([(SqlTokenKind.Word, "a"), (SqlTokenKind.Operator, "*"), (SqlTokenKind.Word, "b")], Lex("a*/* c */b"));
    }

    [Theory]
    [InlineData("CREATE PROCEDURE p() AS $wat$ (module ;; one\n) ; $wat$; SELECT 2", 2, "SELECT 2")]
    [InlineData("SELECT E'\\'; still'; SELECT 2", 2, "SELECT 2")]
    [InlineData("SELECT 1 /* ; /* ; */ ; */; SELECT 2;", 2, "SELECT 2")]
    [InlineData("CREATE TRIGGER t AFTER INSERT ON a BEGIN INSERT INTO b VALUES (1); UPDATE c SET x = CASE WHEN 1 THEN 2 END; END; SELECT 2", 2, "SELECT 2")]
    [InlineData("CREATE TEMP TRIGGER t AFTER INSERT ON a BEGIN SELECT 1; END; SELECT 2", 2, "SELECT 2")]
    [InlineData("SELECT 'a;b'; SELECT \"c;d\"; SELECT $$e;f$$", 3, "SELECT \"c;d\"")]
    public void Statements_split_only_at_top_level_semicolons(string sql, int count, string second)
    {
        var statements = new List<string>();
        int position = SqlStatementSplitter.SkipTrivia(sql, 0);
        while (!SqlStatementSplitter.IsBlank(sql, position))
        {
            position = SqlStatementSplitter.SkipTrivia(sql, position);
            if (sql[position] == ';')
            {
                position++;
                continue;
            }

            int end = SqlStatementSplitter.FindStatementEnd(sql, position);
            statements.Add(sql[position..end]);
            position = end;
        }

        Assert.Equal(count, statements.Count);
        Assert.Equal(second, statements[1].Trim());
    }

    // A token the generator knows the kind of, and its text.
    private static readonly Gen<(SqlTokenKind Kind, string Text)> Tokens = Gen.OneOf(
        Gen.Elements("select", "from", "x", "_a1", "a$b", "état", "END").Select(t => (SqlTokenKind.Word, t)),
        Gen.Elements("'a'", "'it''s'", "';'", "'--'", "'/*'", "''", "N'x'", "'$$'").Select(t => (SqlTokenKind.String, t)),
        Gen.Elements("E'\\''", "E'a;b\\\\'", "e'\\n'", "E''''").Select(t => (SqlTokenKind.EscapeString, t)),
        Gen.Elements("$$;$$", "$a$ ' $$ $a$", "$wat$(module);$wat$", "$$$$").Select(t => (SqlTokenKind.DollarString, t)),
        Gen.Elements("\"a;b\"", "\"q\"\"q\"", "\"--\"").Select(t => (SqlTokenKind.QuotedIdentifier, t)),
        Gen.Elements("1", "2.5", "1e9", ".5", "10E-2").Select(t => (SqlTokenKind.Number, t)),
        Gen.Elements("$1", "$23").Select(t => (SqlTokenKind.Parameter, t)),
        Gen.Elements("+", "<>", "=", "||", "->>", "@>").Select(t => (SqlTokenKind.Operator, t)),
        Gen.Elements(";", "(", ")", ",", "[", "]").Select(t => (SqlTokenKind.Punctuation, t)),
        Gen.Constant((SqlTokenKind.TypeCast, "::")));

    private static readonly Gen<string> Trivia = Gen.Elements(" ", "\n", "\t", " /* c; 'x' */ ", " /* a /* b */ c */ ", " -- line; 'x'\n");

    [Property(MaxTest = 500)]
    public Property Lexing_generated_text_gives_back_the_generated_tokens() =>
        Prop.ForAll(Gen.ListOf(Gen.Zip(Tokens, Trivia)).ToArbitrary(), pieces =>
        {
            string text = string.Concat(pieces.Select(p => p.Item1.Text + p.Item2));
            var expected = pieces.Select(p => p.Item1).ToList();
            var actual = Lex(text);
            return expected.SequenceEqual(actual).Label($"text: {text}\nexpected: {string.Join(" ", expected)}\nactual:   {string.Join(" ", actual)}");
        });
}
