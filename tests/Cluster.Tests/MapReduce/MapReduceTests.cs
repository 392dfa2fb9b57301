using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TenantDb.Cluster.MapReduce;
using TenantDb.Engine;

namespace TenantDb.Cluster.Tests.MapReduce;

/// <summary>Map-reduce on a single server: the same job the cluster runs, with every call made in this process.</summary>
public sealed class MapReduceTests
{
    [SkippableFact]
    public async Task Mapping_matching_tenants_equals_the_computation_tenant_by_tenant_and_failures_are_listed()
    {
        Skip.If(ProcSandbox.SandboxPlatform.UnsupportedReason is not null, ProcSandbox.SandboxPlatform.UnsupportedReason);
        using var engine = TenantDbEngine.OpenInMemory();
        for (var i = 0; i < 12; i++)
        {
            engine.CreateTenant($"shop_{i:D2}");
            RevenueProcedure.Install(engine, $"shop_{i:D2}", seed: i, rows: 20 + i * 7, withProcedure: i != 5);
        }
        engine.CreateTenant("other");
        RevenueProcedure.Install(engine, "other", seed: 99, rows: 10, withProcedure: true);

        var tenants = TenantPattern.Select(engine.ListTenants(), "shop_*");
        var results = new List<TenantMapResult>();
        await foreach (var result in MapReduceJob.RunAsync(tenants,
            (tenant, ct) => Task.Run(() => TenantProcedureCall.Run(engine, tenant, RevenueProcedure.Name, [], ct), ct), parallelism: 3))
        {
            results.Add(result);
        }

        Assert.Equal(12, results.Count);
        var failed = Assert.Single(results, r => !r.Succeeded);
        Assert.Equal(("shop_05", "UndefinedProcedure"), (failed.Tenant, failed.ErrorKind));
        foreach (var result in results.Where(r => r.Succeeded))
        {
            Assert.Equal(["day", "revenue"], result.Columns);
            var mapped = result.Rows.ToDictionary(r => r[0].Text!, r => r[1].Integer);
            Assert.Equal(RevenueProcedure.Direct(engine, result.Tenant), mapped);
        }

        var (columns, rows) = MapReduceFold.Reduce(results, "SELECT day, sum(revenue) AS revenue FROM map GROUP BY day ORDER BY day");
        Assert.Equal(["day", "revenue"], columns);
        var expected = tenants.Where(t => t != "shop_05")
            .SelectMany(t => RevenueProcedure.Direct(engine, t))
            .GroupBy(p => p.Key)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Sum(p => p.Value)));
        Assert.Equal(expected, rows.Select(r => (r[0].Text!, r[1].Integer)));
    }

    [Fact]
    public async Task At_most_the_given_number_of_calls_run_at_once()
    {
        var running = 0;
        var peak = 0;
        var tenants = Enumerable.Range(0, 40).Select(i => $"t{i}").ToList();
        var count = 0;
        await foreach (var result in MapReduceJob.RunAsync(tenants, async (tenant, ct) =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref peak, now);
            await Task.Yield();
            Interlocked.Decrement(ref running);
            return tenant == "t7" ? throw new InvalidOperationException("owner unreachable") : new TenantMapResult(tenant, [], [], null, null);
        }, parallelism: 4))
        {
            count++;
            if (result.Tenant == "t7") Assert.Equal("Unavailable", result.ErrorKind);
        }
        Assert.Equal(40, count);
        Assert.InRange(peak, 1, 4);
    }

    [Property(MaxTest = 300)]
    public Property Tenant_patterns_match_like_the_equivalent_regular_expression()
    {
        var pattern = Gen.ListOf(Gen.Elements('a', 'b', '_', '*', '?')).Select(c => new string([.. c]));
        var name = Gen.ListOf(Gen.Elements('a', 'b', '_')).Select(c => new string([.. c]));
        return Prop.ForAll(pattern.ToArbitrary(), name.ToArbitrary(), (p, n) =>
        {
            var regex = "^" + Regex.Escape(p).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$";
            return TenantPattern.Matches(p, n) == Regex.IsMatch(n, regex, RegexOptions.Singleline);
        });
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
