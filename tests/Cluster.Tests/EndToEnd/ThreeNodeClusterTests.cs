using System.Collections.Concurrent;
using System.Diagnostics;
using Npgsql;
using TenantDb.Cluster.Grains;
using TenantDb.Cluster.Hosting;
using TenantDb.Cluster.MapReduce;
using Xunit.Abstractions;

namespace TenantDb.Cluster.Tests.EndToEnd;

/// <summary>
/// Three node processes, membership on a real PostgreSQL 15: every tenant is reachable through every
/// node, writes land once, and after kill -9 of a node under load its tenants come back on the
/// survivors with no acknowledged transaction lost. Waits are bounded; times are recorded, not asserted.
/// </summary>
public sealed class ThreeNodeClusterTests(ITestOutputHelper output)
{
    private const int TenantCount = 60;
    private const int Workers = 6;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(60);

    private static readonly string[] Tenants = [.. Enumerable.Range(0, TenantCount).Select(i => $"shop_{i:D2}")];

    [SkippableFact]
    public async Task Clients_through_every_node_reach_every_tenant_and_a_killed_node_loses_no_acknowledged_write()
    {
        using var membership = TemporaryPostgres.Start();
        using var cluster = new ClusterFixture(membership, Tenants);
        try
        {
            await RunAsync(cluster);
        }
        catch
        {
            output.WriteLine(cluster.Logs());
            throw;
        }
    }

    private async Task RunAsync(ClusterFixture cluster)
    {
        var started = Stopwatch.StartNew();
        // One at a time: a node joining while another still starts (JIT, on a busy machine) can miss
        // probes and be voted dead before it is up.
        for (var node = 0; node < 3; node++)
        {
            cluster.StartNode();
            await cluster.WaitUntilServingAsync(node, Tenants[node], StartTimeout);
        }
        output.WriteLine($"3 nodes serving after {started.Elapsed.TotalSeconds:F1} s");

        // Every tenant through every node: one write each, each visible through another node.
        var acked = new ConcurrentDictionary<(string Tenant, long Key), byte>();
        long key = 1;
        foreach (var tenant in Tenants)
        {
            for (var node = 0; node < 3; node++)
            {
                await cluster.InsertAsync(node, tenant, key);
                acked[(tenant, key++)] = 0;
            }
        }
        foreach (var tenant in Tenants)
        {
            var keys = await cluster.ReadKeysAsync(Array.IndexOf(Tenants, tenant) % 3, tenant);
            Assert.Equal(3, keys.Count);
        }

        if (ProcSandbox.SandboxPlatform.UnsupportedReason is null) await MapOverEveryTenantAsync(cluster);

        // Load through every node, then kill -9 one node in the middle of it.
        using var stop = new CancellationTokenSource();
        var failures = 0L;
        var workers = Enumerable.Range(0, Workers).Select(w => Task.Run(async () =>
        {
            var node = w % 3;
            var sequence = 0L;
            while (!stop.IsCancellationRequested)
            {
                var tenant = Tenants[(int)((w * 7 + sequence) % TenantCount)];
                var k = (w + 1) * 10_000_000L + sequence++;
                try
                {
                    await cluster.InsertAsync(node, tenant, k);
                    acked[(tenant, k)] = 0;
                }
                catch (Exception ex) when (ex is NpgsqlException or TimeoutException or IOException)
                {
                    // Outcome unknown (the node may have died after committing): not counted as acknowledged.
                    Interlocked.Increment(ref failures);
                    node = (node + 1) % 3;
                    await Task.Delay(50);
                }
            }
        })).ToArray();

        var before = acked.Count;
        await WaitForAsync(() => acked.Count >= before + 300, TimeSpan.FromSeconds(60), "load did not get going");
        const int victim = 2;
        cluster.Node(victim).KillHard();
        var killed = Stopwatch.StartNew();
        var ackedAtKill = acked.Count;

        // Recovery: every tenant writable again through the survivors.
        var recoveredAt = new ConcurrentDictionary<string, TimeSpan>();
        await Task.WhenAll(Tenants.Select(tenant => Task.Run(async () =>
        {
            var probe = 900_000_000L + Array.IndexOf(Tenants, tenant) * 1000L;
            while (killed.Elapsed < RecoveryBound)
            {
                try
                {
                    await cluster.InsertAsync((int)(probe % 2), tenant, probe);
                    acked[(tenant, probe)] = 0;
                    recoveredAt[tenant] = killed.Elapsed;
                    return;
                }
                catch (Exception ex) when (ex is NpgsqlException or TimeoutException or IOException)
                {
                    probe++;
                    await Task.Delay(100);
                }
            }
        })));
        Assert.Equal(TenantCount, recoveredAt.Count);
        var recovery = recoveredAt.Values.Max();
        var afterRecovery = acked.Count;
        await WaitForAsync(() => acked.Count >= afterRecovery + 100, TimeSpan.FromSeconds(30), "load did not go on after recovery");
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        // No acknowledged write is missing.
        var lost = 0;
        foreach (var group in acked.Keys.GroupBy(a => a.Tenant))
        {
            var present = await cluster.ReadKeysAsync(0, group.Key);
            lost += group.Count(a => !present.Contains(a.Key));
        }
        output.WriteLine($"acknowledged writes: {acked.Count} ({ackedAtKill} before the kill), failed attempts: {failures}, lost: {lost}");
        output.WriteLine($"all {TenantCount} tenants writable on the survivors {recovery.TotalSeconds:F2} s after kill -9 "
            + $"(median tenant {Median(recoveredAt.Values).TotalSeconds:F2} s); test took {started.Elapsed.TotalSeconds:F1} s");
        Assert.Equal(0, lost);
    }

    // In-situ map over every tenant, each call on the tenant's owner, equals asking each tenant.
    private async Task MapOverEveryTenantAsync(ClusterFixture cluster)
    {
        await using (var admin = await ClusterAdminClient.ConnectAsync(new ClusterSettings
        {
            ClusterId = "e2e",
            MembershipConnectionString = cluster.Membership.ConnectionString,
        }, CancellationToken.None))
        {
            var mapStarted = Stopwatch.StartNew();
            var counts = new Dictionary<string, long>();
            await foreach (var result in MapReduceJob.RunAsync(Tenants,
                (tenant, ct) => admin.Grains.GetGrain<ITenantGrain>(tenant).MapAsync(ClusterFixture.CountProcedure, [], ct), parallelism: 8))
            {
                Assert.True(result.Succeeded, $"{result.Tenant}: {result.ErrorKind} {result.Error}");
                counts[result.Tenant] = Assert.Single(result.Rows)[0].Integer;
            }
            Assert.Equal(Tenants.ToDictionary(t => t, _ => 3L), counts);
            output.WriteLine($"map over {TenantCount} tenants on 3 nodes: {mapStarted.Elapsed.TotalMilliseconds:F0} ms");
        }
    }

    private static TimeSpan Median(ICollection<TimeSpan> values) => values.Order().ElementAt(values.Count / 2);

    private static async Task WaitForAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException(what);
            await Task.Delay(50);
        }
    }
}
