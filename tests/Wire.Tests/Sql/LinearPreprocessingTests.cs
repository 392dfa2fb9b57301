using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TenantDb.Wire.Server;
using TenantDb.Wire.Sql;

namespace TenantDb.Wire.Tests.Sql;

/// <summary>
/// The SQL the wire layer looks at before SQLite does (catalog matching, cast rewriting, literal
/// parameterization) costs linear work in the text's length: no regular expression runs on tenant
/// text, and the rewriters' allocations grow in proportion to their input (measured at two sizes on
/// this thread, which is deterministic, instead of timing them).
/// </summary>
public sealed class LinearPreprocessingTests
{
    [Fact]
    public void The_wire_assembly_uses_no_regular_expression()
    {
        // Any use of Regex (a GeneratedRegex, Regex.IsMatch, a Regex field) needs a reference to a
        // type of System.Text.RegularExpressions in the assembly's metadata.
        using var stream = File.OpenRead(typeof(PgServer).Assembly.Location);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        var used = metadata.TypeReferences
            .Select(h => metadata.GetTypeReference(h))
            .Where(t => metadata.GetString(t.Namespace) == "System.Text.RegularExpressions")
            .Select(t => metadata.GetString(t.Name))
            .ToList();
        Assert.True(used.Count == 0, "the wire server references " + string.Join(", ", used));
    }

    [Fact]
    public void Cast_rewriting_allocates_in_proportion_to_the_text()
    {
        // The finding: SELECT 1 followed by 80,000 "::text" took 23 s (each cast copied its operand).
        static long Cost(string sql)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var rewritten = StatementRewriter.Rewrite(ClientStatement.Read(sql, 0), parameterize: false).Sql;
            Assert.Contains("CAST(", rewritten, StringComparison.Ordinal);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
        foreach (var shape in new Func<int, string>[]
        {
            n => "SELECT 1" + string.Concat(Enumerable.Repeat("::text", n)),
            n => "SELECT " + new string('(', n) + "1" + string.Concat(Enumerable.Repeat("::int)", n)),
            n => "SELECT x" + string.Concat(Enumerable.Repeat("::varchar(x", n)),
        })
        {
            Cost(shape(100)); // warm up
            var small = Cost(shape(4_000));
            var large = Cost(shape(8_000));
            var perChar = (double)large / shape(8_000).Length;
            Assert.True(large < 2.6 * small, $"allocations grew {large / (double)small:F2}x for twice the casts ({small:N0} -> {large:N0} bytes)");
            // Per token the passes keep edit slots (openings, replacements) and the catalog pass a group
            // stack; what matters is the bound per character, not its exact value.
            Assert.True(perChar < 96, $"{perChar:F1} bytes allocated per input character");
        }
    }

    [Fact]
    public void Literal_parameterization_allocates_in_proportion_to_the_text()
    {
        static long Cost(string sql)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            StatementRewriter.Rewrite(ClientStatement.Read(sql, 0), parameterize: true);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
        static string Shape(int n) => "SELECT a FROM t WHERE a = 1" + string.Concat(Enumerable.Repeat(" AND [b = 'x'", n));
        Cost(Shape(100));
        var small = Cost(Shape(20_000));
        var large = Cost(Shape(40_000));
        Assert.True(large < 2.6 * small, $"allocations grew {large / (double)small:F2}x for twice the text ({small:N0} -> {large:N0} bytes)");
    }

    private static readonly string[] CastTokens =
    [
        "SELECT", "a", "t.x", "f", "count(*)", "'t'", "'no'", "'\\x0102'", "E'a'", "X'01'", "'it''s'", "true", "1", "2.5", "$1",
        "(", ")", ",", "+", "||", "::int", "::text", "::bool", "::bytea", "::double precision", "::varchar(10)",
        "::numeric(10,2)", "::int[]", "::date", "::pg_catalog.int8", "::\"char\"", "/* c */", "-- c\n", ".",
    ];

    // Tokens are never glued: the reference splits glued text (2.5a, t.xcount) by other rules than PostgreSQL.
    private static readonly string[] CastSeparators = [" ", " ", "\n"];

    [Property(MaxTest = 1000)]
    public Property Cast_rewriting_agrees_with_the_quadratic_reference() =>
        Prop.ForAll(SqlOf(CastTokens, CastSeparators, 14).ToArbitrary(), sql =>
        {
            // One statement: the reference rewrites the whole text, the front end one statement of it.
            var statement = ClientStatement.Read(sql, 0);
            var edits = new SqlEdits(statement);
            CastRewriter.AddEdits(statement, edits);
            Assert.Equal(Tokens(CastRewriterReference.Rewrite(sql)), Tokens(edits.Build()));
        });

    // The token texts of sql: the two rewriters may differ in the whitespace and comments they keep.
    private static List<string> Tokens(string sql)
    {
        var tokens = new List<string>();
        var lexer = new TenantDb.Engine.SqlText.SqlLexer(sql);
        while (lexer.Next() is { Kind: not TenantDb.Engine.SqlText.SqlTokenKind.End } token) tokens.Add(sql.Substring(token.Start, token.Length));
        return tokens;
    }

    private static Gen<string> SqlOf(string[] tokens, string[] separators, int maxTokens) =>
        from count in Gen.Choose(1, maxTokens)
        from parts in Gen.ArrayOf(Gen.Elements(tokens), count)
        from gaps in Gen.ArrayOf(Gen.Elements(separators), count + 1)
        select Join(parts, gaps);

    private static string Join(string[] parts, string[] gaps)
    {
        var sb = new StringBuilder(gaps[0]);
        for (var i = 0; i < parts.Length; i++) sb.Append(parts[i]).Append(gaps[i + 1]);
        return sb.ToString();
    }
}
