using TenantDb.Engine.SqlText;

namespace TenantDb.Engine.Tests.SqlText;

public sealed class SqlStringConstantTests
{
    private static string ValueOf(string literal)
    {
        var token = new SqlLexer(literal).Next();
        Assert.Equal(literal.Length, token.Length);
        Assert.True(SqlStringConstant.TryGetValue(literal, token, out string value, out string? error), error);
        return value;
    }

    [Theory]
    [InlineData("'it''s'", "it's")]
    [InlineData("N'national'", "national")]
    [InlineData("E'it\\'s'", "it's")]
    [InlineData("E'a\\\\b'", "a\\b")]
    [InlineData("E'\\n\\t\\101\\x42\\u0043'", "\n\tABC")]
    [InlineData("E'q''q'", "q'q")]
    [InlineData("$$it's; \\n$$", "it's; \\n")]
    [InlineData("$wat$ $$ $wat$", " $$ ")]
    public void String_constants_have_PostgreSQL_values(string literal, string value) => Assert.Equal(value, ValueOf(literal));

    [Theory]
    [InlineData("E'\\uZZZZ'")]
    [InlineData("U&'d\\0061t'")]
    [InlineData("x'1F'")]
    public void Others_are_refused_with_a_reason(string literal)
    {
        var token = new SqlLexer(literal).Next();
        Assert.False(SqlStringConstant.TryGetValue(literal, token, out _, out string? error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Theory]
    [InlineData("a=-5", "a|=|-|5")]
    [InlineData("a<>-5", "a|<>|-|5")]
    [InlineData("a@-5", "a|@-|5")]
    [InlineData("a*-+5", "a|*|-|+|5")]
    public void Operators_do_not_end_in_plus_or_minus_unless_PostgreSQL_allows_it(string sql, string tokens)
    {
        var texts = new List<string>();
        var lexer = new SqlLexer(sql);
        while (lexer.Next() is { Kind: not SqlTokenKind.End } token) texts.Add(sql.Substring(token.Start, token.Length));
        Assert.Equal(tokens, string.Join("|", texts));
    }

    [Fact]
    public void Reading_a_statement_collects_its_tokens_and_finds_its_end()
    {
        const string sql = "SELECT $$a;b$$, E'\\';' /* ; */ FROM t; SELECT 2";
        var tokens = new List<SqlToken>();
        int end = SqlStatementSplitter.ReadStatement(sql, 0, tokens);
        Assert.Equal(sql.IndexOf("; SELECT 2", StringComparison.Ordinal), end);
        Assert.Equal(["SELECT", "$$a;b$$", ",", "E'\\';'", "FROM", "t"], tokens.Select(t => sql.Substring(t.Start, t.Length)));
        Assert.Equal(end, SqlStatementSplitter.FindStatementEnd(sql, 0));
    }
}
