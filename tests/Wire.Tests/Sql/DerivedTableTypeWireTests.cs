using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Npgsql;
using TenantDb.Wire.Tests.EndToEnd;

namespace TenantDb.Wire.Tests.Sql;

/// <summary>
/// A column of a subquery in FROM takes the type of the expression that defines it, as a CTE's column does: an
/// expression selected through <c>(SELECT expr AS a) s</c> is described and returned exactly as the expression
/// selected directly. A compound subquery (whose column type comes from every branch) stays untyped, never typed
/// from its first branch.
/// </summary>
public sealed class DerivedTableTypeWireTests(WireServerFixture server) : IClassFixture<WireServerFixture>
{
    private static readonly string[] Expressions =
    [
        "1", "'x'", "1.5", "true", "3 > 2", "1::int8", "'2024-01-01'::date", "2::smallint", "length('abc')", "upper('a')",
        "'a' || 'b'", "4.5::float8", "NULL::int", "cast(7 AS bigint)", "now() IS NOT NULL", "1 + 2",
    ];

    private static (string Type, string? Value) Describe(NpgsqlConnection c, string sql)
    {
        using var cmd = new NpgsqlCommand(sql, c);
        using var reader = cmd.ExecuteReader();
        reader.Read();
        return (reader.GetDataTypeName(0), reader.IsDBNull(0) ? null : Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Property(MaxTest = 40)]
    public Property An_expression_through_a_subquery_in_FROM_has_its_own_type_and_value(byte pick, bool qualified)
    {
        string expression = Expressions[pick % Expressions.Length];
        using var c = new NpgsqlConnection(server.ConnectionString(WireServerFixture.AppTenant));
        c.Open();
        var direct = Describe(c, $"SELECT {expression} AS a");
        var derived = Describe(c, $"SELECT {(qualified ? "s.a" : "a")} FROM (SELECT {expression} AS a) AS s");
        return (direct == derived).Label($"{expression}: directly {direct}, through a subquery {derived}");
    }

    [Fact]
    public void Aggregates_name_the_right_subquery_and_a_compound_stays_untyped()
    {
        using var c = new NpgsqlConnection(server.ConnectionString(server.NewTenant("derivedtypes")));
        c.Open();
        using (var create = new NpgsqlCommand("CREATE TABLE t (x int, y text); INSERT INTO t VALUES (1, 'a'), (2, 'b')", c))
            create.ExecuteNonQuery();
        Assert.Equal(("bigint", "2"), Describe(c, "SELECT q.n FROM (SELECT count(*) AS n FROM t) q"));
        // Two subqueries define a: each qualifier finds its own.
        Assert.Equal(("integer", "1"), Describe(c, "SELECT s.a FROM (SELECT 1 AS a) s JOIN (SELECT 'z' AS a) r ON true"));
        Assert.Equal(("text", "z"), Describe(c, "SELECT r.a FROM (SELECT 1 AS a) s JOIN (SELECT 'z' AS a) r ON true"));
        // PostgreSQL types 1 UNION ALL 2.5 as numeric: the first branch alone must not make it integer.
        using var cmd = new NpgsqlCommand("SELECT u.a FROM (SELECT 1 AS a UNION ALL SELECT 2.5) u ORDER BY 1", c);
        using var reader = cmd.ExecuteReader();
        var values = new List<string>();
        while (reader.Read()) values.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        Assert.Equal(["1", "2.5"], values);
    }
}
