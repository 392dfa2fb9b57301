using TenantDb.TestKit;

namespace TenantDb.Wire.Tests.EndToEnd;

/// <summary>
/// The real pgbench end to end: <c>pgbench -i</c> with its own steps (drop, create with its
/// <c>WITH (fillfactor=100)</c>, client- or server-side generate, vacuum, primary and foreign keys)
/// followed by its built-in tpcb-like and select-only scripts with 8 clients, no failed transaction.
/// </summary>
public sealed class PgbenchInitTests(BulkLoadServerFixture server) : IClassFixture<BulkLoadServerFixture>
{
    private Dictionary<string, string> Env(string tenant) => server.ClientEnvironment(tenant);

    private static void Pgbench(string pgbench, Dictionary<string, string> env, params string[] arguments)
    {
        var (code, stdout, stderr) = ChildProcess.Run(pgbench, arguments, env, 180);
        Assert.True(code == 0, $"pgbench {string.Join(' ', arguments)} failed ({code}): {stderr}\n{stdout}");
    }

    private static void RunBuiltIn(string pgbench, Dictionary<string, string> env, string script, int transactionsPerClient)
    {
        var (code, stdout, stderr) = ChildProcess.Run(pgbench, ["-b", script, "-c", "8", "-j", "2", "-t", transactionsPerClient.ToString(System.Globalization.CultureInfo.InvariantCulture)], env, 180);
        Assert.True(code == 0, $"pgbench -b {script} failed ({code}): {stderr}\n{stdout}");
        Assert.Contains($"number of transactions actually processed: {8 * transactionsPerClient}/{8 * transactionsPerClient}", stdout, StringComparison.Ordinal);
        Assert.Contains("number of failed transactions: 0 (0.000%)", stdout, StringComparison.Ordinal);
    }

    private void AssertConsistent(string tenant, int scale)
    {
        using var c = new Npgsql.NpgsqlConnection(server.ConnectionString(tenant));
        c.Open();
        using var q = c.CreateCommand();
        q.CommandText = """
            SELECT (SELECT count(*) FROM pgbench_accounts), (SELECT count(*) FROM pgbench_tellers), (SELECT count(*) FROM pgbench_branches),
                   (SELECT coalesce(sum(delta), 0) FROM pgbench_history) = (SELECT sum(abalance) FROM pgbench_accounts),
                   (SELECT count(*) FROM sqlite_schema WHERE name = 'pgbench_accounts' AND sql LIKE '%PRIMARY KEY%')
            """;
        using var r = q.ExecuteReader();
        Assert.True(r.Read());
        Assert.Equal(100_000L * scale, r.GetInt64(0));
        Assert.Equal(10L * scale, r.GetInt64(1));
        Assert.Equal((long)scale, r.GetInt64(2));
        Assert.True(r.GetBoolean(3)); // a comparison is boolean
        Assert.Equal(1L, r.GetInt64(4));
    }

    [SkippableFact]
    public void Server_side_generate_then_tpcb_like_and_select_only()
    {
        var pgbench = ExternalTool.Pgbench.Require();
        var tenant = server.NewTenant("pgbench-init");
        var env = Env(tenant);
        // dtGvpf: drop, pgbench's own CREATE TABLE ... WITH (fillfactor=100), generate with generate_series,
        // vacuum, primary keys, foreign keys.
        Pgbench(pgbench, env, "-i", "-s", "2", "-I", "dtGvpf");
        AssertConsistent(tenant, 2);
        // Again over the existing tables: the multi-table DROP clears them, foreign keys and all.
        Pgbench(pgbench, env, "-i", "-s", "1", "-I", "dtGvp");
        // Each run first vacuums and truncates pgbench_history (TRUNCATE outside and VACUUM of named tables).
        RunBuiltIn(pgbench, env, "tpcb-like", 50);
        AssertConsistent(tenant, 1);
        RunBuiltIn(pgbench, env, "select-only", 100);
    }

    [SkippableFact]
    public void Client_side_generate_then_tpcb_like()
    {
        var pgbench = ExternalTool.Pgbench.Require();
        var tenant = server.NewTenant("pgbench-copy");
        var env = Env(tenant);
        // g: pgbench streams pgbench_accounts with COPY ... FROM STDIN WITH (FREEZE ON).
        Pgbench(pgbench, env, "-i", "-s", "2", "-I", "dtgvp");
        RunBuiltIn(pgbench, env, "tpcb-like", 50);
        AssertConsistent(tenant, 2);
    }

    /// <summary>The acceptance size, <c>pgbench -i -s 10</c> (a million accounts), both ways.</summary>
    [SkippableFact]
    [Trait(TestCategory.Name, TestCategory.Slow)]
    public void Scale_10_client_and_server_side_generate()
    {
        var pgbench = ExternalTool.Pgbench.Require();
        var tenant = server.NewTenant("pgbench-s10");
        var env = Env(tenant);
        Pgbench(pgbench, env, "-i", "-s", "10", "-I", "dtgvp");
        AssertConsistent(tenant, 10);
        Pgbench(pgbench, env, "-i", "-s", "10", "-I", "dtGvp");
        RunBuiltIn(pgbench, env, "tpcb-like", 25);
        AssertConsistent(tenant, 10);
    }
}
