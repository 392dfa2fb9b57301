using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Npgsql;
using TenantDb.TestKit;
using TenantDb.Wire.Tests.EndToEnd;

namespace TenantDb.Wire.Tests.Sql;

/// <summary>
/// Result column names and types against a real PostgreSQL 15 (started by the test) holding the same table:
/// expression columns are named as PostgreSQL names them (<c>?column?</c>, <c>count</c>, a cast's operand or
/// type), and the columns of a UNION, INTERSECT or EXCEPT, of a VALUES list and of a <c>*</c> over a CTE or a
/// query in FROM get PostgreSQL's type from all their branches, with the same values.
/// </summary>
public sealed class ResultShapeReferenceTests(WireServerFixture server) : IClassFixture<WireServerFixture>
{
    private const string Schema = """
        CREATE TABLE t (a integer, b text, c numeric(10,2), d timestamptz, e bigint, f double precision, g date);
        INSERT INTO t VALUES (1, 'one', 1.25, '2024-01-02 03:04:05+00', 5000000000, 0.5, '2024-02-03'),
          (2, 'two', 2.5, '2024-05-06 07:08:09+00', -7, 1.5, '2024-03-04');
        CREATE TABLE j (id integer, meta jsonb, tags text[]);
        CREATE TABLE n (v numeric(8,2));
        INSERT INTO n VALUES (7), (12.5), (-3), (2.5), (-2.5), (0.49);
        INSERT INTO j VALUES (1, '{"k": 1, "n": {"x": "y"}, "l": [1, 2]}', '{a,b}'), (2, '{"k": 2}', '{}'), (3, NULL, NULL), (4, '[1, "a", {"b": true}]', '{b,"c d"}');
        """;

    private static readonly string[] Queries =
    [
        "SELECT 1, 1 + 2, 'x', NULL, true, -1, 2.5",
        "SELECT a + 1, a::text, t.a::int8, '1'::int, CAST(b AS varchar(3)), CASE WHEN a > 0 THEN 1 END, count(*)::int FROM t GROUP BY a, b ORDER BY 1",
        "SELECT (a), (SELECT 1 AS z), EXISTS (SELECT 1), a IS NULL, 1.5::double precision, DATE '2020-01-01', upper(b), coalesce(a, 0) FROM t ORDER BY 1",
        "SELECT a FROM t UNION ALL SELECT 2.5 ORDER BY 1",
        "SELECT 1 AS n UNION ALL SELECT e FROM t ORDER BY 1",
        "SELECT NULL UNION ALL SELECT 2",
        "SELECT 'x' UNION ALL SELECT b FROM t ORDER BY 1",
        "SELECT f FROM t UNION ALL SELECT a FROM t ORDER BY 1",
        "SELECT g FROM t UNION ALL SELECT d::timestamp FROM t ORDER BY 1",
        "SELECT a, b FROM t INTERSECT SELECT 1, 'one'",
        "SELECT a FROM t EXCEPT SELECT 2",
        "VALUES (1, 'x', 2.5), (2, 'y', 3)",
        "VALUES (NULL, 1), (3000000000, NULL)",
        "SELECT * FROM (VALUES (1, 'x'), (2, 'y')) v(k, w) ORDER BY k",
        "SELECT v.k + 1, w FROM (VALUES (1, 'x'), (2.5, 'y')) AS v(k, w) ORDER BY 1",
        "WITH c AS (SELECT 1 AS k, 'x'::varchar AS w) SELECT * FROM c",
        "WITH c(k) AS (VALUES (1), (2)) SELECT * FROM c ORDER BY 1",
        "WITH c AS (SELECT a FROM t UNION ALL SELECT 2.5) SELECT k.a FROM c k ORDER BY 1",
        "SELECT * FROM (SELECT 1 AS k UNION ALL SELECT 2.5) u ORDER BY 1",
        "SELECT s.*, 7 FROM (SELECT a * 2 AS k, b FROM t) s ORDER BY 1",
        "WITH c AS (SELECT 1 AS k) SELECT k + 1, k FROM c",
        "SELECT u.k, t.b FROM t JOIN (SELECT 2.5 AS k UNION ALL SELECT a FROM t) u ON u.k = t.a ORDER BY 1",
        "SELECT d::date, CAST(d AS date), d::timestamp, CAST(d AS timestamp), g::timestamptz, d::time, CAST('2024-01-02' AS date), CAST(g AS timestamp with time zone) FROM t ORDER BY 1",
        "SELECT count(*) FROM t WHERE d::date = '2024-01-02'",
        "SELECT a FROM t WHERE CAST(d AS date) = g - 32 OR d::date > '2024-05-05' ORDER BY 1",
        "SELECT d::date + 1, CAST(d AS date) - 1, d::date - g FROM t ORDER BY 1",
        "SELECT CAST('1 day' AS interval), CAST('{\"a\": 1}' AS jsonb)",
        "SELECT id, meta @> '{\"k\": 1}', meta->'n' @> '{\"x\": \"y\"}', '{\"k\": 2}' <@ meta, meta @> '[1]', meta @> '{\"l\": [2]}' FROM j ORDER BY id",
        "SELECT id FROM j WHERE tags @> '{a}' OR tags <@ '{b,\"c d\",e}' ORDER BY id",
        "SELECT id FROM j WHERE NOT meta @> '{\"k\": 1}' ORDER BY id",
        "SELECT a, f IS DISTINCT FROM 0.5, a IS NOT DISTINCT FROM 2 FROM t ORDER BY 1",
        "SELECT (v / 3)::float8, (v * 2 / 4)::float8, (10 / v)::float8, (v / 2.0)::float8, ((v + 1) / 2)::float8, 7 / 2, -7 / 2 FROM n ORDER BY 1",
        "SELECT count(*) FROM n WHERE v / 2 > 3.4",
        "SELECT sum(v), min(v), max(v), abs(min(v)), floor(max(v)), sum(c), max(c) FROM n, t WHERE t.a = 2",
        "SELECT a, sum(c), max(c), lag(c) OVER (ORDER BY a), lag(c, 1, 0.125) OVER (ORDER BY a) FROM t GROUP BY a, c ORDER BY a",
        "SELECT c + 1, c * 2, c - c, c * c, c * a, c + 0.5, c * 0.10, 2.50, 0.0010, 1.5 + 1.25 FROM t ORDER BY 1",
        "SELECT coalesce(c, 0), coalesce(NULL, c), coalesce(c, c), CASE WHEN a = 1 THEN c ELSE 0.75 END, CASE WHEN a = 1 THEN c ELSE 1.125 END FROM t ORDER BY 1",
        "SELECT v::int, CAST(v AS integer), v::bigint, (v * 3)::int2, CAST(v + 0.5 AS int8) FROM n ORDER BY 1",
        "SELECT 12.5::int, CAST(2.5 AS integer), (-2.5)::int, '7'::int",
        "SELECT substring(b from 1 for 2), substring(b from 2), substring(b for 1), position('o' in b), position('zz' IN b) FROM t ORDER BY 1",
        "SELECT a FROM t WHERE position('w' IN b) = 2",
        "SELECT repeat('ab', 3), repeat('x', 0), lpad('5', 3, '0'), lpad('hello', 3), rpad('5', 3), rpad('ab', 5, 'xy'), lpad('ab', 6, 'é')",
        "SELECT left(b, 2), right(b, 2), left(b, -2), right(b, -1), reverse(b), initcap('hello wORLD-foo bar2baz') FROM t ORDER BY 1",
        "SELECT split_part('a@b@c', '@', 2), split_part('a@b', '@', 5), split_part('a@b@c', '@', -1), btrim('xxaxx', 'x'), btrim('  a  ')",
        "SELECT to_timestamp(0), to_timestamp(1.5), to_timestamp(a * 86400.25) FROM t ORDER BY 1",
        "SELECT chr(65), chr(233), ascii('A'), ascii('é'), md5('a'), md5(b), length(gen_random_uuid()::text) FROM t ORDER BY 1",
    ];

    private static readonly string[] Literals =
        ["1", "2.5", "'x'", "NULL", "3000000000", "1::int2", "2::float8", "'2024-01-01'::date", "'2024-01-01 10:00'::timestamp", "true", "a", "e", "b", "g", "f"];

    [SkippableFact]
    public void Names_types_and_values_match_postgresql_15()
    {
        using var reference = TemporaryPostgres.Start("postgres", "reference");
        using var pg = Open(reference.ConnectionString, Schema);
        using var tdb = Open(server.ConnectionString(server.NewTenant("resultshape")), Schema);
        var differences = new StringBuilder();
        foreach (var sql in Queries)
        {
            var expected = Result(pg, sql);
            var actual = Result(tdb, sql);
            if (expected != actual) differences.Append(CultureInfo.InvariantCulture, $"{sql}\n  PostgreSQL: {expected}\n  TenantDb:   {actual}\n");
        }
        Assert.True(differences.Length == 0, "results differ:\n" + differences);
    }

    [SkippableFact]
    public void Casts_and_functions_given_bad_values_fail_as_in_postgresql()
    {
        using var reference = TemporaryPostgres.Start("postgres", "reference");
        using var pg = Open(reference.ConnectionString, Schema);
        using var tdb = Open(server.ConnectionString(server.NewTenant("resultshapecast")), Schema);
        foreach (var sql in new[] { "SELECT CAST(b AS date) FROM t", "SELECT b::timestamp FROM t", "SELECT b::time FROM t",
            "SELECT repeat('x', 2000000000)", "SELECT lpad('x', 2000000000)", "SELECT to_timestamp(1e20)", "SELECT split_part('a', ',', 0)", "SELECT chr(0)" })
        {
            var expected = Assert.Throws<PostgresException>(() => Result(pg, sql));
            var actual = Assert.Throws<PostgresException>(() => Result(tdb, sql));
            Assert.Equal((sql, expected.SqlState), (sql, actual.SqlState));
        }
    }

    [SkippableFact]
    public void Jsonb_containment_agrees_with_postgresql_on_random_documents()
    {
        using var reference = TemporaryPostgres.Start("postgres", "reference");
        using var pg = Open(reference.ConnectionString, Schema);
        using var tdb = Open(server.ConnectionString(server.NewTenant("resultshapejson")), Schema);
        var property = Prop.ForAll(JsonValue(3).ToArbitrary(), JsonValue(3).ToArbitrary(), (a, b) =>
        {
            var sql = $"SELECT '{a}'::jsonb @> '{b}'::jsonb, '{b}'::jsonb <@ '{a}'::jsonb";
            var expected = Result(pg, sql);
            var actual = Result(tdb, sql);
            return (expected == actual).Label($"{sql}\n  PostgreSQL: {expected}\n  TenantDb:   {actual}");
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), property);
    }

    // Small JSON documents over few keys and values, so that containment is often true.
    private static Gen<string> JsonValue(int depth)
    {
        var scalar = Gen.Elements("1", "2", "1.0", "\"a\"", "\"b\"", "true", "null");
        if (depth == 0) return scalar;
        var inner = JsonValue(depth - 1);
        var array = inner.ArrayOf().Where(items => items.Length <= 3).Select(items => "[" + string.Join(", ", items) + "]");
        var member = Gen.Elements("a", "b", "c").SelectMany(key => inner.Select(value => $"\"{key}\": {value}"));
        var obj = member.ArrayOf().Where(items => items.Length <= 3)
            .Select(items => "{" + string.Join(", ", items.DistinctBy(item => item[..4])) + "}");
        return Gen.Frequency((3, scalar), (2, array), (2, obj));
    }

    [SkippableFact]
    public void Random_unions_and_values_lists_are_typed_as_postgresql_types_them()
    {
        using var reference = TemporaryPostgres.Start("postgres", "reference");
        using var pg = Open(reference.ConnectionString, Schema);
        using var tdb = Open(server.ConnectionString(server.NewTenant("resultshapeprop")), Schema);
        var branches = Gen.Elements(Literals).ArrayOf().Where(a => a.Length is >= 2 and <= 4);
        var queries = Gen.OneOf(
            branches.Select(items => string.Join(" UNION ALL ", items.Select(item => $"SELECT {item} AS v FROM t WHERE a = 1"))),
            branches.Select(items => "VALUES " + string.Join(", ", items.Select(item => $"({Constant(item)})"))),
            branches.Select(items => "SELECT * FROM (" + string.Join(" UNION ALL ", items.Select(item => $"SELECT {item} AS v FROM t WHERE a = 2")) + ") u"));
        var property = Prop.ForAll(queries.ToArbitrary(), sql =>
        {
            string expected;
            try
            {
                expected = Result(pg, sql);
            }
            catch (PostgresException)
            {
                return true.ToProperty().Label("PostgreSQL refuses the mix");
            }
            var actual = Result(tdb, sql);
            return (expected == actual).Label($"{sql}\n  PostgreSQL: {expected}\n  TenantDb:   {actual}");
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(150), property);
    }

    [SkippableFact]
    public void Random_sums_differences_and_products_of_numerics_show_postgresql_scales()
    {
        using var reference = TemporaryPostgres.Start("postgres", "reference");
        using var pg = Open(reference.ConnectionString, Schema);
        using var tdb = Open(server.ConnectionString(server.NewTenant("numericscale")), Schema);
        var leaf = Gen.Elements("c", "a", "0.5", "1.25", "2", "0.125", "3.10", "10.0");
        var term = Gen.Elements("+", "-", "*").SelectMany(op => leaf.SelectMany(l => leaf.Select(r => $"({l} {op} {r})")));
        var expression = Gen.Elements("+", "-", "*").SelectMany(op => Gen.OneOf(leaf, term).SelectMany(l => Gen.OneOf(leaf, term).Select(r => $"{l} {op} {r}")));
        var shaped = Gen.OneOf(
            expression,
            expression.Select(e => $"sum({e})"),
            // A fallback of no larger scale (values of mixed scales keep their own in PostgreSQL, which a column shown with
            // one scale cannot: documented in docs/wire.md).
            expression.Select(e => $"coalesce({e}, 0)"),
            expression.Select(e => $"CASE WHEN a > 0 THEN {e} ELSE 2 END"));
        var property = Prop.ForAll(shaped.ToArbitrary(), e =>
        {
            string sql = e.StartsWith("sum(", StringComparison.Ordinal) ? $"SELECT {e} FROM t" : $"SELECT {e} FROM t ORDER BY a";
            var expected = Result(pg, sql);
            var actual = Result(tdb, sql);
            return (expected == actual).Label($"{sql}\n  PostgreSQL: {expected}\n  TenantDb:   {actual}");
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(150), property);
    }

    // A VALUES row names no table: its stand-in for a column of t.
    private static string Constant(string item) => item switch
    {
        "a" => "1", "e" => "5000000000", "f" => "0.5::float8", "b" => "'b'::text", "g" => "'2024-02-03'::date", _ => item,
    };

    private static NpgsqlConnection Open(string connectionString, string schema) => PostgresComparison.Open(connectionString, schema);

    private static string Result(NpgsqlConnection connection, string sql) => PostgresComparison.Result(connection, sql);
}
