using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TenantDb.Engine.SqlText;
using TenantDb.Wire.Sql;

namespace TenantDb.Wire.Tests.Sql;

/// <summary>
/// The SQL front end against references: random statements made of strings, dollar quotes, E''
/// strings, nested comments and quoted identifiers (each holding ';' and quote characters) split and
/// classify as they were built (a reference independent of the lexer: the generator knows where each
/// statement ends and which keyword starts it), and every character of a rewritten statement maps back
/// exactly to the client's text. <see cref="PsqlSplittingReference"/> compares the splitting with psql's own.
/// </summary>
public sealed class FrontEndProperties
{
    /// <summary>Pieces that hold ';', quotes or comment markers without ending a statement.</summary>
    internal static readonly string[] Tricky =
    [
        "'a;b'", "'it''s;'", "E'\\';'", "e'x\\\\'", "E'q''q;'", "$$;'$$", "$t$ $$ ; $t$", "$wat$(module ;; c;)$wat$",
        "\"c;d\"", "\"q\"\"q;\"", "/* ; /* ; */ ; */", "-- ; 'x\n", "/* ' */", "x", "42", "1.5", "t.y", "(", ")", ",", "=", "::int",
    ];

    /// <summary>Statement starts and the kind each must be classified as.</summary>
    internal static readonly (string Start, StatementKind Kind)[] Starts =
    [
        ("SELECT", StatementKind.Engine), ("INSERT INTO t VALUES", StatementKind.Engine), ("BEGIN", StatementKind.Begin),
        ("START TRANSACTION", StatementKind.Begin), ("COMMIT", StatementKind.Commit), ("END", StatementKind.Commit),
        ("ROLLBACK", StatementKind.Rollback), ("ROLLBACK TO", StatementKind.Engine), ("ROLLBACK WORK TO", StatementKind.Engine),
        ("CALL p", StatementKind.Procedure), ("CREATE OR REPLACE PROCEDURE p() AS", StatementKind.Procedure),
        ("DROP PROCEDURE", StatementKind.Procedure), ("SET", StatementKind.Set), ("SHOW", StatementKind.Show),
        ("DISCARD", StatementKind.Discard), ("UNLISTEN *", StatementKind.NoOp), ("LISTEN x", StatementKind.Unsupported), ("/* c; */ COMMIT", StatementKind.Commit),
        ("-- x;\nBEGIN", StatementKind.Begin), ("update", StatementKind.Engine),
    ];

    private static readonly Gen<string> Space = Gen.Elements(" ", "\n", "\t", " /* ; */ ", " -- ;\n");

    internal static Gen<(string Text, StatementKind Kind)> StatementOf(string[] pieces) =>
        from start in Gen.Elements(Starts)
        from count in Gen.Choose(0, 6)
        from chosen in Gen.ArrayOf(Gen.Elements(pieces), count)
        from spaces in Gen.ArrayOf(Space, count)
        select (start.Start + string.Concat(chosen.Zip(spaces, (p, s) => s + p)), start.Kind);

    internal static Gen<(string Text, StatementKind Kind)[]> ScriptOf(string[] pieces) =>
        from count in Gen.Choose(1, 6)
        from statements in Gen.ArrayOf(StatementOf(pieces), count)
        select statements;

    internal static readonly Gen<(string Text, StatementKind Kind)[]> Script = ScriptOf(Tricky);

    internal static string Join((string Text, StatementKind Kind)[] statements) =>
        string.Concat(statements.Select((s, i) => s.Text + (i % 2 == 0 ? ";\n" : " ;; ")));

    /// <summary>The statements of <paramref name="text"/> as the simple query protocol reads them.</summary>
    internal static List<ClientStatement> Split(string text)
    {
        var statements = new List<ClientStatement>();
        var pos = 0;
        while (true)
        {
            while (true)
            {
                pos = SqlScanner.SkipTrivia(text, pos);
                if (pos < text.Length && text[pos] == ';') pos++;
                else break;
            }
            if (pos >= text.Length) return statements;
            var statement = ClientStatement.Read(text, pos);
            statements.Add(statement);
            pos = statement.End;
        }
    }

    // A statement as built, without what the lexer skips at its ends (the generated starts may begin with a comment).
    private static string Core(string statement)
    {
        var lexer = new SqlLexer(statement);
        var first = lexer.Next();
        var last = first;
        for (var t = first; t.Kind != SqlTokenKind.End; t = lexer.Next()) last = t;
        return statement[first.Start..last.End];
    }

    [Property(MaxTest = 500)]
    public Property Statements_split_and_classify_as_built() =>
        Prop.ForAll(Script.ToArbitrary(), script =>
        {
            var text = Join(script);
            var split = Split(text);
            Assert.Equal(script.Select(s => Core(s.Text)), split.Select(s => s.Sql));
            Assert.Equal(script.Select(s => s.Kind), split.Select(StatementClassifier.Classify));
        });

    private static readonly string[] RewritePieces =
    [
        "a", "t.x", "f(", "count(*)", ")", ",", "=", "+", "AND", "WHERE", "IN (", "VALUES (", "5", "2.5", "'it''s'", "E'\\''", "$$d;$$",
        "N'n'", "'\\x01'::bytea", "'t'::bool", "::int", "::text", "::date", "::double precision", "::varchar(9)", "/* a /* b */ */", "-- c\n", "é", "'😀'",
    ];

    private static readonly Gen<string> Rewritable =
        from start in Gen.Elements("SELECT", "UPDATE t SET a =", "DELETE FROM t WHERE a =", "INSERT INTO t VALUES (")
        from pieces in Gen.ListOf(Gen.Elements(RewritePieces))
        from spaces in Gen.ArrayOf(Gen.Elements("", " ", "\n"), pieces.Count)
        select start + string.Concat(pieces.Zip(spaces, (p, s) => s + p));

    [Property(MaxTest = 500)]
    public Property Every_rewritten_character_maps_back_to_the_client_text() =>
        Prop.ForAll(Rewritable.ToArbitrary(), Gen.Elements("", "SELECT 1; ", "/* é */ ").ToArbitrary(), (sql, prefix) =>
        {
            var text = prefix + sql;
            var statement = Split(text)[^1];
            var rewritten = StatementRewriter.Rewrite(statement, parameterize: true);
            var edits = new SqlEdits(statement);
            IndexDdlRewriter.AddEdits(statement, edits);
            StandardCallSyntax.AddEdits(statement, edits);
            if (!TableDefinitionRewriter.DeclaresColumns(statement)) PgCatalogRewriter.AddEdits(statement, edits);
            OrderByOutputNames.AddEdits(statement, edits);
            var unnamed = OutputColumnNames.AddEdits(statement, edits);
            KeywordAliases.AddEdits(statement, edits);
            LiteralParameterizer.AddEdits(statement, edits);
            TableDefinitionRewriter.AddEdits(statement, edits);
            NumericRoundingCasts.AddEdits(statement, edits);
            CastRewriter.AddEdits(statement, edits);
            DateTimeRewriter.AddEdits(statement, edits);
            ContainmentRewriter.AddEdits(statement, edits);
            NumericDivisionRewriter.AddEdits(statement, edits);
            StringConstantRewriter.AddEdits(statement, edits);
            OutputColumnNames.AddUnnamedAliases(statement, edits, unnamed);
            Assert.Equal(rewritten.Sql, edits.Build());
            // Inserted text maps to the start of the token it stands for, or to its last character when closing after it.
            var anchors = statement.Tokens.SelectMany(t => new[] { t.Start, t.End - 1 }).ToHashSet();
            var previous = statement.Start;
            for (var offset = 0; offset < rewritten.Sql.Length; offset++)
            {
                var index = edits.ToClientIndex(offset);
                // Copied characters map to themselves; inserted text maps to the token it stands for
                // (or, for a comment turned into one space, to where the comment began).
                Assert.True(rewritten.Sql[offset] == text[index] || anchors.Contains(index) || rewritten.Sql[offset] == ' ',
                    $"offset {offset} ('{rewritten.Sql[offset]}') of \"{rewritten.Sql}\" maps to {index} ('{text[index]}') of \"{text}\"");
                Assert.True(index >= previous, $"offset {offset} maps to {index}, before {previous}");
                previous = index;
                // PostgreSQL's Position: characters (code points) before that index, plus one.
                var expected = text[..index].EnumerateRunes().Count() + 1;
                Assert.Equal(expected, rewritten.Positions.ToClientPosition(offset));
            }
        });

    [Property(MaxTest = 300)]
    public Property A_statement_without_rewrites_maps_one_to_one() =>
        Prop.ForAll(Gen.Elements("SELECT a FROM t", "CREATE TABLE t (a INTEGER)", "SELECT 'x' || b AS c FROM t ORDER BY 1").ToArbitrary(), Gen.Elements("", "SELECT 1; ", "\n").ToArbitrary(), (sql, prefix) =>
        {
            var text = prefix + sql;
            var statement = Split(text)[^1];
            var rewritten = StatementRewriter.Rewrite(statement, parameterize: false);
            Assert.Equal(sql, rewritten.Sql);
            for (var offset = 0; offset < sql.Length; offset++) Assert.Equal(prefix.Length + offset + 1, rewritten.Positions.ToClientPosition(offset));
        });
}
