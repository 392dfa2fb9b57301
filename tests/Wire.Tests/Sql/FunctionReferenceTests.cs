using System.Diagnostics;
using FsCheck;
using FsCheck.Fluent;
using Npgsql;
using TenantDb.TestKit;
using TenantDb.Wire.Tests.EndToEnd;
using static TenantDb.Wire.Tests.Sql.PostgresComparison;

namespace TenantDb.Wire.Tests.Sql;

/// <summary>
/// PostgreSQL functions applications call, against a real PostgreSQL 15 (started by the test): the JSON constructors
/// and aggregates, regexp_replace, age, encode/decode/to_hex, greatest/least and round/trunc to places give the same
/// names, types and values, bad input the same SQLSTATE; random regexp_replace calls and random roundings agree; a
/// hostile pattern runs in linear time and a result past the largest value is refused with 54000.
/// </summary>
public sealed class FunctionReferenceTests(WireServerFixture server) : IClassFixture<WireServerFixture>
{
    private const string Schema = """
        CREATE TABLE p (id integer, name text, price numeric(10,2), at timestamp);
        INSERT INTO p VALUES (1, 'apple pie', 2.50, '2024-01-31 12:30:15.5'), (2, 'Banana', 10.00, '2023-03-01 00:00:00'), (3, NULL, NULL, NULL);
        """;

    private static readonly string[] Queries =
    [
        "SELECT json_build_object('a', 1, 'b', 'x', 'c', NULL, 'd', 2.5), json_build_array(1, 'a', NULL, 2.5), jsonb_build_array(1, 'a', NULL)",
        "SELECT jsonb_build_object('bb', 1, 'a', 'x', 'a', 'y', 'c\"q', E'line\\nnext\\ttab')",
        "SELECT json_agg(id), jsonb_agg(name), json_agg(name ORDER BY id DESC) FROM p",
        "SELECT json_agg(id) FROM p WHERE false",
        "SELECT json_object_agg(name, id), jsonb_object_agg(name, id) FROM p WHERE name IS NOT NULL",
        "SELECT id, json_build_object('id', id, 'name', name) FROM p ORDER BY id",
        "SELECT regexp_replace(name, 'a', '_', 'g'), regexp_replace(name, 'A', '_', 'i'), regexp_replace(name, '(\\w+) (\\w+)', '\\2 \\1') FROM p ORDER BY id",
        "SELECT regexp_replace('2024-03-05', '(\\d+)-(\\d+)-(\\d+)', '\\3/\\2/\\1'), regexp_replace('abc', 'b', '[\\&]'), regexp_replace('aaa', 'a*', 'x', 'g')",
        "SELECT regexp_replace('a1 b2', '[[:digit:]]', '#', 'g'), regexp_replace('a1 b2', '[^[:alpha:][:space:]]', '', 'g'), regexp_replace('one two', '\\ytwo', 'x'), 'A1' ~ '^[[:upper:]][[:digit:]]$'",
        "SELECT age(TIMESTAMP '2024-03-05', TIMESTAMP '2023-01-01'), age(TIMESTAMP '2023-01-01', TIMESTAMP '2024-03-05'), age(DATE '2024-02-29', DATE '2023-03-31')",
        "SELECT id, age(TIMESTAMP '2024-03-01 10:00', at) FROM p ORDER BY id",
        "SELECT encode('abc'::bytea, 'hex'), encode('abc'::bytea, 'base64'), decode('616263', 'hex'), decode('YWJj', 'base64'), to_hex(255), to_hex(-1), to_hex(4294967296)",
        "SELECT encode(decode(repeat('ab', 100), 'hex'), 'base64')",
        "SELECT greatest(1, 5, 3), least(4, 2, 8), greatest(NULL, 2), least(NULL, NULL::int), greatest('a', 'b'), least(price, 99.99) FROM p ORDER BY 1, 6",
        "SELECT round(2.567, 2), round(7, 1), trunc(7, 1), round(7, 2), trunc(1234.5, -2), round(1.25, -1), round(2.675, 2), round(-2.5, 0), trunc(-17, -1), round(price, 1) FROM p ORDER BY 10",
    ];

    private static readonly string[] Failing =
    [
        "SELECT regexp_replace('abc', '(', 'x')",
        "SELECT regexp_replace('abc', 'b', 'x', 'z')",
        "SELECT decode('6g', 'hex')",
        "SELECT encode('abc'::bytea, 'rot13')",
        "SELECT json_build_object('a')",
        "SELECT json_build_object(NULL, 1)",
        "SELECT age(TIMESTAMP 'x', TIMESTAMP '2024-01-01')",
    ];

    [SkippableFact]
    public void Functions_give_postgresql_names_types_and_values()
    {
        using var reference = TemporaryPostgres.Start("postgres", "reference");
        using var pg = Open(reference.ConnectionString, Schema);
        using var tdb = Open(server.ConnectionString(server.NewTenant("functions")), Schema);
        var differences = new System.Text.StringBuilder();
        foreach (var sql in Queries)
        {
            var expected = Result(pg, sql);
            var actual = Result(tdb, sql);
            if (expected != actual) differences.Append(System.Globalization.CultureInfo.InvariantCulture, $"{sql}\n  PostgreSQL: {expected}\n  TenantDb:   {actual}\n");
        }
        Assert.True(differences.Length == 0, "results differ:\n" + differences);
    }

    [SkippableFact]
    public void Bad_input_fails_with_postgresql_sqlstates()
    {
        using var reference = TemporaryPostgres.Start("postgres", "reference");
        using var pg = Open(reference.ConnectionString, Schema);
        using var tdb = Open(server.ConnectionString(server.NewTenant("functionerrors")), Schema);
        foreach (var sql in Failing)
        {
            var expected = Assert.Throws<PostgresException>(() => Result(pg, sql));
            var actual = Assert.Throws<PostgresException>(() => Result(tdb, sql));
            Assert.Equal((sql, expected.SqlState), (sql, actual.SqlState));
        }
    }

    [SkippableFact]
    public void Random_regexp_replacements_and_roundings_agree_with_postgresql()
    {
        using var reference = TemporaryPostgres.Start("postgres", "reference");
        using var pg = Open(reference.ConnectionString, Schema);
        using var tdb = Open(server.ConnectionString(server.NewTenant("functionprops")), Schema);
        var text = Gen.Elements("a", "b", "ab", " ", "-", "1", "9", "X").ArrayOf().Where(a => a.Length <= 8).Select(parts => string.Concat(parts));
        var atom = Gen.Elements("a", "b", "[ab]", "\\d", "\\s", ".", "[^a]", "X", "(a|b)", "(ab)", "[[:digit:]]", "[[:alpha:]]", "[^[:space:]]");
        // Only the last atom quantified: where an optional part could start a longer match, PostgreSQL's longest-match rule
        // and .NET's leftmost-first one pick different matches (a documented difference).
        var pattern = Gen.Zip(atom.ArrayOf().Where(a => a.Length <= 2), Gen.Zip(atom, Gen.Elements("", "*", "+", "?", "{2}")))
            .Select(p => string.Concat(p.Item1) + p.Item2.Item1 + p.Item2.Item2);
        var replacement = Gen.Elements("", "_", "\\&", "<\\1>", "x\\\\y");
        var flags = Gen.Elements("", "g", "i", "gi");
        var regexCall = Gen.Zip(text, Gen.Zip(pattern, Gen.Zip(replacement, flags)))
            .Select(c => $"SELECT regexp_replace('{c.Item1}', '{c.Item2.Item1}', '{c.Item2.Item2.Item1}', '{c.Item2.Item2.Item2}')");
        var number = Gen.Choose(-99999, 99999).Zip(Gen.Choose(0, 4)).Select(n => (n.Item1 / Math.Pow(10, n.Item2)).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var roundCall = Gen.Zip(Gen.Elements("round", "trunc"), Gen.Zip(number, Gen.Choose(-3, 4))).Select(c => $"SELECT {c.Item1}({c.Item2.Item1}, {c.Item2.Item2})");
        var property = Prop.ForAll(Gen.OneOf(regexCall, roundCall).ToArbitrary(), sql =>
        {
            string expected;
            try
            {
                expected = Result(pg, sql);
            }
            catch (PostgresException e)
            {
                var failure = Assert.Throws<PostgresException>(() => Result(tdb, sql));
                return (failure.SqlState == e.SqlState).Label($"{sql}: PostgreSQL {e.SqlState}, TenantDb {failure.SqlState}");
            }
            var actual = Result(tdb, sql);
            return (expected == actual).Label($"{sql}\n  PostgreSQL: {expected}\n  TenantDb:   {actual}");
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200), property);
    }

    [Fact]
    public void A_hostile_pattern_runs_in_linear_time_and_huge_results_are_refused()
    {
        using var tdb = Open(server.ConnectionString(server.NewTenant("functionattack")), Schema);
        // (a+)+b against 5,000 a's: a backtracking engine would try exponentially many splits; this one is linear.
        var watch = Stopwatch.StartNew();
        Assert.Equal("r:text => " + new string('a', 5000) + "|", Result(tdb, "SELECT regexp_replace(repeat('a', 5000), '(a+)+b', 'x') AS r"));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"a hostile pattern took {watch.Elapsed}");
        foreach (var sql in new[]
        {
            "SELECT regexp_replace(repeat('a', 600000), 'a', repeat('b', 100), 'g')",
            "SELECT encode(decode(repeat('ab', 5000000), 'hex'), 'escape')",
            "WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 2000) SELECT json_agg(repeat('x', 10000)) FROM g",
        })
        {
            var error = Assert.Throws<PostgresException>(() => Result(tdb, sql));
            Assert.Equal((sql, "54000"), (sql, error.SqlState));
        }
        Assert.Equal("?column?:integer => 1|", Result(tdb, "SELECT 1"));
    }
}
