using TenantDb.Wire.Sql;

namespace TenantDb.Wire.Tests.Protocol;

public class CastRewriterTests
{
    [Theory]
    [InlineData("SELECT 1", "SELECT 1")]
    [InlineData("SELECT '\\x0102'::bytea", "SELECT x'0102'")]
    [InlineData("SELECT $1::int, $2::text", "SELECT CAST($1 AS INTEGER), CAST($2 AS TEXT)")]
    [InlineData("SELECT (a + 1)::float8 FROM t", "SELECT CAST((a + 1) AS REAL) FROM t")]
    [InlineData("SELECT t.x::double precision FROM t", "SELECT CAST(t.x AS REAL) FROM t")]
    [InlineData("SELECT '2024-01-01'::date", "SELECT '2024-01-01'")]
    [InlineData("SELECT 't'::boolean", "SELECT 1")]
    [InlineData("SELECT ':: not a cast'", "SELECT ':: not a cast'")]
    [InlineData("SELECT count(*)::int FROM t", "SELECT CAST(count(*) AS INTEGER) FROM t")]
    [InlineData("SELECT x::varchar(10) FROM t", "SELECT CAST(x AS TEXT) FROM t")]
    public void Rewrites_postgres_casts(string input, string expected) =>
        Assert.Equal(expected, StatementRewriter.Rewrite(ClientStatement.Read(input, 0), parameterize: false).Sql);

    [Theory]
    [InlineData("SELECT d.adbin AS DEFAULT FROM t", "SELECT d.adbin AS \"default\" FROM t")]
    [InlineData("SELECT 1 AS order, 2 AS \"GROUP\"", "SELECT 1 AS \"order\", 2 AS \"GROUP\"")]
    [InlineData("SELECT CAST(x AS TEXT) FROM t", "SELECT CAST(x AS TEXT) FROM t")]
    [InlineData("CREATE TABLE c AS SELECT 1", "CREATE TABLE c AS SELECT 1")]
    [InlineData("SELECT 'AS DEFAULT'", "SELECT 'AS DEFAULT'")]
    public void Quotes_keyword_labels_after_as(string input, string expected) =>
        Assert.Equal(expected, StatementRewriter.Rewrite(ClientStatement.Read(input, 0), parameterize: false).Sql);
}
