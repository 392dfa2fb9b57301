using TenantDb.TestKit;

namespace TenantDb.Cli.Tests;

/// <summary>`tenantdb mapreduce` against a data directory, with a reduce query and a reduce procedure.</summary>
public sealed class MapReduceCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new("tenantdb-mapreduce-cli-");

    public void Dispose() => _dir.Dispose();

    private (int Exit, string Output, string Error) Cli(params string[] args) => CliRun.Run([.. args, "--data-dir", _dir.Path]);

    private void Put(string tenant, string name, string wat, string returns)
    {
        var file = Path.Combine(_dir.Path, name + ".wat");
        File.WriteAllText(file, wat);
        var put = Cli("procedure", "put", file, "--tenant", tenant, "--returns", returns);
        Assert.True(put.Exit == 0, put.Error);
    }

    [SkippableFact]
    public void A_reduce_procedure_prints_what_the_reduce_query_prints()
    {
        Skip.If(ProcSandbox.SandboxPlatform.UnsupportedReason is not null, ProcSandbox.SandboxPlatform.UnsupportedReason);
        Assert.Equal(0, Cli("init").Exit);
        foreach (var (tenant, n) in new[] { ("shop_a", 3), ("shop_b", 4), ("shop_c", 5) })
        {
            Assert.Equal(0, Cli("tenant", "create", tenant).Exit);
            Put(tenant, "revenue", EmitQueryWat.Build($"SELECT 'd0', 12 * {n} UNION ALL SELECT 'd1', 9 * {n}"), "day text, revenue int8");
        }
        const string sum = "SELECT day, sum(revenue) AS revenue FROM map GROUP BY day ORDER BY day";
        Put("shop_a", "sum_by_day", EmitQueryWat.Build(sum), "day text, revenue int8");

        var byQuery = Cli("mapreduce", "--tenants", "shop_*", "--map", "revenue", "--reduce-sql", sum);
        var byProcedure = Cli("mapreduce", "--tenants", "shop_*", "--map", "revenue", "--reduce", "sum_by_day");
        Assert.True(byQuery.Exit == 0, byQuery.Error);
        Assert.True(byProcedure.Exit == 0, byProcedure.Error);
        Assert.Equal("day\trevenue\nd0\t144\nd1\t108\n", byQuery.Output);
        Assert.Equal(byQuery.Output, byProcedure.Output);

        // The reduce procedure of a tenant that has none, and both reduce forms at once, are refused.
        var missing = Cli("mapreduce", "--map", "revenue", "--reduce", "sum_by_day", "--reduce-from", "shop_b");
        Assert.Equal(1, missing.Exit);
        Assert.Contains("does not exist", missing.Error, StringComparison.Ordinal);
        Assert.Equal(2, Cli("mapreduce", "--map", "revenue", "--reduce", "sum_by_day", "--reduce-sql", sum).Exit);
    }
}
