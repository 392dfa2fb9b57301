using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.TestingHost;
using TenantDb.Cluster.Placement;
using Xunit.Abstractions;

namespace TenantDb.Cluster.Tests.Simulation;

/// <summary>
/// Many silos in one process (Orleans TestingHost) and many tenant grains placed by TenantDb's
/// placement director: how evenly tenants spread, and how fast one stopped silo's tenants are placed
/// again. The spread is asserted against a bound a correct random placement misses with negligible
/// probability; times and memory are recorded, not asserted. TENANTDB_SIM_TENANTS and
/// TENANTDB_SIM_SILOS scale the run up for the figures in docs/cluster.md.
/// </summary>
public sealed class ManySilosSimulationTests(ITestOutputHelper output)
{
    private static readonly int Silos = Setting("TENANTDB_SIM_SILOS", 10);
    private static readonly int Tenants = Setting("TENANTDB_SIM_TENANTS", 2000);

    [Fact]
    public async Task Tenants_spread_evenly_over_ten_silos_and_a_stopped_silos_tenants_are_placed_again()
    {
        var builder = new TestClusterBuilder((short)Silos);
        builder.AddSiloBuilderConfigurator<TenantPlacementConfigurator>();
        var cluster = builder.Build();
        var started = Stopwatch.StartNew();
        await cluster.DeployAsync();
        try
        {
            output.WriteLine($"{Silos} silos started in {started.Elapsed.TotalSeconds:F1} s");
            var names = Enumerable.Range(0, Tenants).Select(i => $"tenant_{i:D7}").ToArray();

            var memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
            var activation = Stopwatch.StartNew();
            var placed = await LocateAsync(cluster, names);
            var activated = activation.Elapsed;
            var perTenantBytes = (GC.GetTotalMemory(forceFullCollection: true) - memoryBefore) / (double)Tenants;
            var spread = Spread(placed);
            output.WriteLine($"{Tenants} tenants activated in {activated.TotalSeconds:F1} s; about {perTenantBytes:F0} bytes of managed memory per "
                + $"active tenant grain (activation and directory entry, all silos); per silo: {Describe(spread)}");
            AssertEven(spread, Silos);

            // Stop one silo gracefully: its tenants deactivate, and each activates again on a survivor at its next call.
            var victim = cluster.Silos[^1];
            var moved = placed.Where(p => p.Value == victim.SiloAddress.ToParsableString()).Select(p => p.Key).ToArray();
            var stopping = Stopwatch.StartNew();
            await cluster.StopSiloAsync(victim);
            var stopped = stopping.Elapsed;
            var again = await LocateAsync(cluster, moved);
            var replaced = stopping.Elapsed;
            output.WriteLine($"stopping a silo owning {moved.Length} tenants took {stopped.TotalSeconds:F1} s; all of them were active on the "
                + $"survivors {replaced.TotalSeconds:F1} s after the stop began");
            Assert.DoesNotContain(again.Values, s => s == victim.SiloAddress.ToParsableString());
            var after = Spread(await LocateAsync(cluster, names));
            output.WriteLine($"after the stop, per silo: {Describe(after)}");
            AssertEven(after, Silos - 1);
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }

    // Where each tenant is active (activating it if needed), with a bounded number of calls in flight.
    private static async Task<Dictionary<string, string>> LocateAsync(TestCluster cluster, string[] tenants)
    {
        var result = new Dictionary<string, string>(tenants.Length);
        foreach (var batch in tenants.Chunk(500))
        {
            var where = await Task.WhenAll(batch.Select(t => cluster.Client.GetGrain<ISimulatedTenantGrain>(t).WhereAsync()));
            for (var i = 0; i < batch.Length; i++) result[batch[i]] = where[i];
        }
        return result;
    }

    private static int[] Spread(Dictionary<string, string> placed) =>
        [.. placed.Values.GroupBy(s => s).Select(g => g.Count()).OrderDescending()];

    private static string Describe(int[] spread) =>
        $"{spread.Length} silos, min {spread.Min()}, max {spread.Max()}, mean {spread.Average():F0}";

    // Random placement gives each silo a binomial count; half to one and a half times the mean is more
    // than seven standard deviations away at 2,000 tenants over 10 silos.
    private static void AssertEven(int[] spread, int silos)
    {
        Assert.Equal(silos, spread.Length);
        var mean = spread.Sum() / (double)silos;
        Assert.All(spread, count => Assert.InRange(count, mean * 0.5, mean * 1.5));
    }

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out var value) && value > 0 ? value : fallback;

    private sealed class TenantPlacementConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.Services.AddSingleton<DrainingNodes>();
            siloBuilder.Services.AddPlacementDirector<TenantPlacement, TenantPlacementDirector>();
        }
    }
}
