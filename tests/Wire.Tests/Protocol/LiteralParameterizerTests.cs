using TenantDb.Engine;
using TenantDb.Engine.Values;
using TenantDb.Wire.Sql;

namespace TenantDb.Wire.Tests.Protocol;

public class LiteralParameterizerTests
{
    private static (string? Template, SqlValue[] Values) Run(string sql)
    {
        var rewritten = StatementRewriter.Rewrite(ClientStatement.Read(sql, 0), parameterize: true);
        return rewritten.Values.Length > 0 ? (rewritten.Sql, rewritten.Values) : (null, []);
    }

    [Fact]
    public void Pgbench_statements_are_parameterized()
    {
        var (t, v) = Run("UPDATE accounts SET abalance = abalance + -42 WHERE aid = 7");
        Assert.Equal("UPDATE accounts SET abalance = abalance + -?1 WHERE aid = ?2", t);
        Assert.Equal([SqlValue.Integer(42), SqlValue.Integer(7)], v);
        (t, v) = Run("INSERT INTO history (aid, delta) VALUES (1, 'it''s'), (2, 2.5)");
        Assert.Equal("INSERT INTO history (aid, delta) VALUES (?1, ?2), (?3, ?4)", t);
        Assert.Equal([SqlValue.Integer(1), SqlValue.Text("it's"), SqlValue.Integer(2), SqlValue.Real(2.5)], v);
        (t, _) = Run("SELECT abalance FROM accounts WHERE aid = 12345");
        Assert.Equal("SELECT abalance FROM accounts WHERE aid = ?1", t);
    }

    [Theory]
    [InlineData("SELECT 1")]
    [InlineData("SELECT a + 1 FROM t")]
    [InlineData("SELECT a FROM t ORDER BY 1")]
    [InlineData("SELECT a FROM t GROUP BY 1 LIMIT 5")]
    [InlineData("SELECT (SELECT max(b) FROM u WHERE c = 1) FROM t")]
    [InlineData("SELECT a FROM t WHERE b = $1")]
    [InlineData("SELECT a FROM t WHERE b = x'00'")]
    [InlineData("CREATE TABLE t (a INTEGER DEFAULT 5)")]
    [InlineData("SELECT a FROM t WHERE a LIKE 'x%'")]
    public void Literals_whose_meaning_could_change_are_kept(string sql) => Assert.Null(Run(sql).Template);

    [Fact]
    public void Order_by_positions_after_a_where_clause_stay_literal()
    {
        var (t, _) = Run("SELECT a, b FROM t WHERE a > 3 ORDER BY 2 DESC LIMIT 10");
        Assert.Equal("SELECT a, b FROM t WHERE a > ?1 ORDER BY 2 DESC LIMIT 10", t);
    }

    [Fact]
    public void Returning_list_stays_literal()
    {
        var (t, _) = Run("DELETE FROM t WHERE id = 3 RETURNING id + 1");
        Assert.Equal("DELETE FROM t WHERE id = ?1 RETURNING id + 1", t);
    }
}
