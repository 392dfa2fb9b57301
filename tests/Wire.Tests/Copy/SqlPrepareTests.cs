using TenantDb.TestKit;
using TenantDb.Wire.Tests.EndToEnd;

namespace TenantDb.Wire.Tests.Copy;

/// <summary>SQL-level PREPARE / EXECUTE / DEALLOCATE through psql (the simple query protocol).</summary>
public sealed class SqlPrepareTests(WireServerFixture server) : IClassFixture<WireServerFixture>
{
    [SkippableFact]
    public void Prepare_execute_and_deallocate_share_the_statement_table()
    {
        var psql = ExternalTool.Psql.Require();
        var tenant = server.NewTenant("sqlprepare");
        using var directory = new TempDirectory("tenantdb-sqlprepare-");
        var script = directory.File("script.sql");
        File.WriteAllText(script, """
            CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT);
            PREPARE ins (int, text) AS INSERT INTO t (id, name) VALUES ($1, $2);
            EXECUTE ins(1, 'one');
            EXECUTE ins (1 + 1, 'tw' || 'o');
            PREPARE get AS SELECT name FROM t WHERE id = $1;
            EXECUTE get(2);
            DEALLOCATE PREPARE ins;
            DEALLOCATE ALL;
            """);
        var (code, stdout, stderr) = ChildProcess.Run(psql, ["-X", "-v", "ON_ERROR_STOP=1", "-A", "-f", script], server.ClientEnvironment(tenant));
        Assert.True(code == 0, $"psql failed ({code}): {stderr}\n{stdout}");
        Assert.Contains("PREPARE\nINSERT 0 1\nINSERT 0 1\nPREPARE\nname\ntwo\n(1 row)\nDEALLOCATE\nDEALLOCATE ALL", stdout, StringComparison.Ordinal);
        var (failed, _, error) = ChildProcess.Run(psql, ["-X", "-v", "VERBOSITY=verbose", "-c", "EXECUTE nothing(1)"], server.ClientEnvironment(tenant));
        Assert.NotEqual(0, failed);
        Assert.Contains("26000", error, StringComparison.Ordinal);
    }
}
