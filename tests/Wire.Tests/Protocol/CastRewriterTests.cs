using TenantDb.Wire.Sql;

namespace TenantDb.Wire.Tests.Protocol;

public class CastRewriterTests
{
    [Theory]
    [InlineData("SELECT 1", "SELECT 1 AS \"?column?\"")]
    [InlineData("SELECT '\\x0102'::bytea", "SELECT x'0102' AS \"bytea\"")]
    [InlineData("SELECT $1::int, $2::text", "SELECT CAST($1 AS INTEGER) AS \"int4\", CAST($2 AS TEXT) AS \"text\"")]
    [InlineData("SELECT (a + 1)::float8 FROM t", "SELECT CAST((a + 1) AS REAL) AS \"float8\" FROM t")]
    [InlineData("SELECT t.x::double precision FROM t", "SELECT CAST(t.x AS REAL) AS \"x\" FROM t")]
    [InlineData("SELECT '2024-01-01'::date", "SELECT '2024-01-01' AS \"date\"")]
    [InlineData("SELECT 't'::boolean", "SELECT 1 AS \"bool\"")]
    [InlineData("SELECT ':: not a cast'", "SELECT ':: not a cast' AS \"?column?\"")]
    [InlineData("SELECT count(*)::int FROM t", "SELECT CAST(count(*) AS INTEGER) AS \"count\" FROM t")]
    [InlineData("SELECT x::varchar(10) FROM t", "SELECT CAST(x AS TEXT) AS \"x\" FROM t")]
    public void Rewrites_postgres_casts(string input, string expected) =>
        Assert.Equal(expected, StatementRewriter.Rewrite(ClientStatement.Read(input, 0), parameterize: false).Sql);

    [Theory]
    [InlineData("SELECT d.adbin AS DEFAULT FROM t", "SELECT d.adbin AS \"default\" FROM t")]
    [InlineData("SELECT 1 AS order, 2 AS \"GROUP\"", "SELECT 1 AS \"order\", 2 AS \"GROUP\"")]
    [InlineData("SELECT CAST(x AS TEXT) FROM t", "SELECT CAST(x AS TEXT) AS \"x\" FROM t")]
    [InlineData("CREATE TABLE c AS SELECT 1", "CREATE TABLE c AS SELECT 1")]
    [InlineData("SELECT 'AS DEFAULT'", "SELECT 'AS DEFAULT' AS \"?column?\"")]
    public void Quotes_keyword_labels_after_as(string input, string expected) =>
        Assert.Equal(expected, StatementRewriter.Rewrite(ClientStatement.Read(input, 0), parameterize: false).Sql);
}
