using System.Collections.Concurrent;
using System.Diagnostics;
using Npgsql;
using TenantDb.Cluster.Grains;
using TenantDb.Cluster.Hosting;
using TenantDb.Cluster.MapReduce;
using TenantDb.Cluster.Routing;
using TenantDb.TestKit;
using Xunit.Abstractions;

namespace TenantDb.Cluster.Tests.EndToEnd;

/// <summary>
/// Three node processes, membership on a real PostgreSQL 15: every tenant is reachable through every
/// node, writes land once, a map over 200 tenants equals asking each tenant, and after kill -9 of a
/// node under load its tenants come back on the survivors with no acknowledged transaction lost. Then a
/// node joins and takes its share of the tenants, and a node is drained: its connections end with an
/// error (not a hang), its tenants are served elsewhere, and it takes none until it is undrained, when
/// it pulls its share back and serves it. Silent sockets on a gateway are bounded. Waits are bounded;
/// times are recorded, not asserted.
/// </summary>
public sealed class ThreeNodeClusterTests(ITestOutputHelper output)
{
    // Tenants under load; the map runs over all of them.
    private const int TenantCount = 60;
    private const int MapTenantCount = 200;
    private const int Workers = 6;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(60);

    private static readonly string[] MapTenants = [.. Enumerable.Range(0, MapTenantCount).Select(i => $"shop_{i:D3}")];
    private static readonly string[] Tenants = MapTenants[..TenantCount];

    [SkippableFact]
    public async Task Clients_through_every_node_reach_every_tenant_and_a_killed_node_loses_no_acknowledged_write()
    {
        using var membership = TemporaryPostgres.Start();
        using var cluster = new ClusterFixture(membership, MapTenants);
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
            // A joining node pulls its share of the active tenants shortly after it joined, closing
            // their connections on the old owner: let that happen before the writes begin.
            await WaitForAsync(() => cluster.Node(node).Output.Contains("asked for", StringComparison.Ordinal)
                || cluster.Node(node).Output.Contains("rebalancing after joining failed", StringComparison.Ordinal), StartTimeout, $"node {node} did not rebalance");
        }
        await Task.Delay(TimeSpan.FromSeconds(2)); // the moves it asked for complete on the old owners
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

        await SilentSocketsAreBoundedAsync(cluster, acked, key++);

        await using var admin = await ClusterAdminClient.ConnectAsync(new ClusterSettings
        {
            ClusterId = "e2e",
            MembershipConnectionString = cluster.Membership.ConnectionString,
        }, CancellationToken.None);
        if (ProcSandbox.SandboxPlatform.UnsupportedReason is null) await MapOverEveryTenantAsync(cluster, admin);
        await RoutedConnectionsAreBoundedAsync(cluster, admin);

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

        await AddNodeAsync(cluster, admin);
        await DrainNodeAsync(cluster, admin, drained: 0);
        await UndrainNodeAsync(cluster, admin, undrained: 0);
    }

    // A node that joins pulls its share of the active tenants, and serves them.
    private async Task AddNodeAsync(ClusterFixture cluster, ClusterAdminClient admin)
    {
        var joinStarted = Stopwatch.StartNew();
        var added = cluster.StartNode();
        await cluster.WaitUntilServingAsync(added, Tenants[0], StartTimeout);
        var endpoint = Endpoint(cluster, added);
        IReadOnlyList<Grains.NodeStatus> nodes = [];
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            nodes = await ClusterNodes.ListAsync(admin.Grains);
            var share = nodes.Sum(n => n.Tenants) / Math.Max(1, nodes.Count);
            if (nodes.FirstOrDefault(n => n.WireEndpoint == endpoint) is { } node && node.Tenants > 0 && node.Tenants >= share / 2) break;
            await Task.Delay(250);
        }
        output.WriteLine($"after a node joined ({joinStarted.Elapsed.TotalSeconds:F1} s): "
            + string.Join(", ", nodes.Select(n => $"{n.WireEndpoint} owns {n.Tenants}")));
        var joined = Assert.Single(nodes, n => n.WireEndpoint == endpoint);
        Assert.True(joined.Tenants >= nodes.Sum(n => n.Tenants) / nodes.Count / 2, "the new node did not take its share of the tenants");
        var moved = (await admin.Grains.GetGrain<INodeGrain>(joined.Silo).GetTenantsAsync())[0];
        await cluster.InsertAsync(added, moved, 950_000_000L);
        Assert.Contains(950_000_000L, await cluster.ReadKeysAsync(1, moved));
    }

    // Draining a node: its open connections end with an error rather than hang (their open
    // transaction rolls back), its tenants are served through every node, and it owns none again.
    private async Task DrainNodeAsync(ClusterFixture cluster, ClusterAdminClient admin, int drained)
    {
        var endpoint = Endpoint(cluster, drained);
        var node = Assert.Single(await ClusterNodes.ListAsync(admin.Grains), n => n.WireEndpoint == endpoint);
        var tenant = (await admin.Grains.GetGrain<INodeGrain>(node.Silo).GetTenantsAsync()).First(t => Tenants.Contains(t));
        const long uncommitted = 960_000_000L;
        await using var direct = new NpgsqlConnection(cluster.ConnectionString(drained, tenant));
        await direct.OpenAsync();
        await using (var begin = new NpgsqlCommand($"BEGIN; INSERT INTO acks (k, via) VALUES ({uncommitted}, 0)", direct)) await begin.ExecuteNonQueryAsync();
        var other = drained == 0 ? 1 : 0;
        await using var routed = new NpgsqlConnection(cluster.ConnectionString(other, tenant));
        await routed.OpenAsync();
        await using (var select = new NpgsqlCommand("SELECT 1", routed)) await select.ExecuteScalarAsync();

        // Routing never bypasses authentication at the owner.
        var wrong = cluster.ConnectionString(other, tenant).Replace($"Password={ClusterFixture.Password}", "Password=wrong", StringComparison.Ordinal);
        await using (var intruder = new NpgsqlConnection(wrong))
        {
            var denied = await Assert.ThrowsAsync<PostgresException>(() => intruder.OpenAsync());
            Assert.Equal("28P01", denied.SqlState);
        }
        // A client cannot pass itself off as a forwarding node: a startup packet carrying the routed
        // marker that reaches a node not owning the tenant is refused there, never forwarded.
        Assert.Contains("C57P03", await RawStartupReplyAsync(cluster.Ports[other], tenant, StartupPacket.RoutedParameter), StringComparison.Ordinal);

        var drainStarted = Stopwatch.StartNew();
        var (moved, after) = await ClusterNodes.DrainAsync(admin.Grains, endpoint, TimeSpan.FromSeconds(60));
        output.WriteLine($"drained {endpoint}: {moved} tenants moved in {drainStarted.Elapsed.TotalSeconds:F1} s, {after.Tenants} left");
        Assert.Equal(0, after.Tenants);
        Assert.True(after.Draining);

        foreach (var connection in new[] { direct, routed })
        {
            var ended = await Assert.ThrowsAnyAsync<Exception>(async () =>
            {
                await using var command = new NpgsqlCommand("COMMIT", connection);
                await command.ExecuteNonQueryAsync();
            });
            Assert.True(ended is NpgsqlException or IOException, ended.ToString());
            Assert.False(ended.InnerException is TimeoutException, $"the connection hung instead of ending: {ended}");
        }

        // New connections for the tenant, through the drained node too, reach its new owner.
        await cluster.WaitUntilServingAsync(drained, tenant, TimeSpan.FromSeconds(30));
        await cluster.InsertAsync(drained, tenant, uncommitted + 1);
        await cluster.InsertAsync(other, tenant, uncommitted + 2);
        var keys = await cluster.ReadKeysAsync(drained, tenant);
        Assert.DoesNotContain(uncommitted, keys);
        Assert.Contains(uncommitted + 1, keys);
        Assert.Contains(uncommitted + 2, keys);
        var status = await admin.Grains.GetGrain<INodeGrain>(node.Silo).GetStatusAsync();
        Assert.Equal(0, status.Tenants);
    }

    // Undraining: no node treats the node as draining any more, it pulls its share of the tenants back,
    // and serves them.
    private async Task UndrainNodeAsync(ClusterFixture cluster, ClusterAdminClient admin, int undrained)
    {
        var endpoint = Endpoint(cluster, undrained);
        var started = Stopwatch.StartNew();
        var (pulled, after) = await ClusterNodes.UndrainAsync(admin.Grains, endpoint);
        Assert.False(after.Draining);
        Assert.True(pulled > 0, "the undrained node asked for no tenants");
        IReadOnlyList<Grains.NodeStatus> nodes = [];
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            nodes = await ClusterNodes.ListAsync(admin.Grains);
            if (nodes.Single(n => n.WireEndpoint == endpoint).Tenants > 0) break;
            await Task.Delay(250);
        }
        output.WriteLine($"undrained {endpoint} ({started.Elapsed.TotalSeconds:F1} s, {pulled} asked for): "
            + string.Join(", ", nodes.Select(n => $"{n.WireEndpoint} owns {n.Tenants}{(n.Draining ? " (draining)" : "")}")));
        Assert.All(nodes, n => Assert.False(n.Draining));
        var node = Assert.Single(nodes, n => n.WireEndpoint == endpoint);
        Assert.True(node.Tenants > 0, "the undrained node took no tenant");
        var owned = (await admin.Grains.GetGrain<INodeGrain>(node.Silo).GetTenantsAsync())[0];
        await cluster.InsertAsync(undrained, owned, 970_000_000L);
        Assert.Contains(970_000_000L, await cluster.ReadKeysAsync(1, owned));
        Assert.Contains(owned, await admin.Grains.GetGrain<INodeGrain>(node.Silo).GetTenantsAsync());
    }

    // Sends a protocol 3.0 startup packet with one extra parameter and returns everything the node
    // answers until it closes (bounded), as text.
    private static async Task<string> RawStartupReplyAsync(int port, string tenant, string extraParameter)
    {
        var body = new MemoryStream();
        body.Write([0, 3, 0, 0]);
        foreach (var text in new[] { "user", ClusterFixture.User, "database", tenant, extraParameter, "1" })
        {
            body.Write(System.Text.Encoding.UTF8.GetBytes(text));
            body.WriteByte(0);
        }
        body.WriteByte(0);
        var packet = new byte[4 + body.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(packet, packet.Length);
        body.ToArray().CopyTo(packet, 4);
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(System.Net.IPAddress.Loopback, port);
        var stream = client.GetStream();
        await stream.WriteAsync(packet);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var reply = new MemoryStream();
        var buffer = new byte[4096];
        int n;
        while ((n = await stream.ReadAsync(buffer, timeout.Token)) > 0) reply.Write(buffer, 0, n);
        return System.Text.Encoding.UTF8.GetString(reply.ToArray());
    }

    private static string Endpoint(ClusterFixture cluster, int node) =>
        $"127.0.0.1:{cluster.Ports[node].ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    // In-situ map over 200 tenants, each call on the tenant's owner: equals asking each tenant, and
    // the reduce equals the sum of the tenants' answers.
    private async Task MapOverEveryTenantAsync(ClusterFixture cluster, ClusterAdminClient admin)
    {
        var mapStarted = Stopwatch.StartNew();
        var results = new List<TenantMapResult>();
        await foreach (var result in MapReduceJob.RunAsync(MapTenants,
            (tenant, ct) => admin.Grains.GetGrain<ITenantGrain>(tenant).MapAsync(ClusterFixture.CountProcedure, [], ct), parallelism: 8))
        {
            Assert.True(result.Succeeded, $"{result.Tenant}: {result.ErrorKind} {result.Error}");
            results.Add(result);
        }
        var mapTime = mapStarted.Elapsed;
        var mapped = results.ToDictionary(r => r.Tenant, r => Assert.Single(r.Rows)[0].Integer);
        var direct = new Dictionary<string, long>();
        for (var i = 0; i < MapTenants.Length; i++)
        {
            await using var connection = new NpgsqlConnection(cluster.ConnectionString(i % 3, MapTenants[i]));
            await connection.OpenAsync();
            await using var count = new NpgsqlCommand("SELECT count(*) FROM acks", connection);
            direct[MapTenants[i]] = (long)(await count.ExecuteScalarAsync())!;
        }
        Assert.Equal(direct, mapped);
        var (_, reduced) = MapReduceFold.Reduce(results, "SELECT sum(n) FROM map");
        Assert.Equal(direct.Values.Sum(), Assert.Single(reduced)[0].Integer);
        var nodes = await ClusterNodes.ListAsync(admin.Grains);
        output.WriteLine($"map over {MapTenantCount} tenants on 3 nodes: {mapTime.TotalMilliseconds:F0} ms; owners: "
            + string.Join(", ", nodes.Select(n => $"{n.WireEndpoint} {n.Tenants}")));
    }

    private static TimeSpan Median(ICollection<TimeSpan> values) => values.Order().ElementAt(values.Count / 2);

    /// <summary>
    /// Attack: sockets that connect to a node's gateway and never send a startup packet. The gateway keeps
    /// at most its startup capacity (256, the server's default) of them and closes the ones waiting longest
    /// at once, not after the 30 s authentication timeout, and a real client still gets in.
    /// </summary>
    private static async Task SilentSocketsAreBoundedAsync(ClusterFixture cluster, ConcurrentDictionary<(string Tenant, long Key), byte> acked, long key)
    {
        const int Silent = 300, StartupCapacity = 256;
        var sockets = new List<System.Net.Sockets.Socket>(Silent);
        try
        {
            for (var i = 0; i < Silent; i++)
            {
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
                sockets.Add(socket);
                await socket.ConnectAsync(System.Net.IPAddress.Loopback, cluster.Ports[0]);
            }
            await cluster.InsertAsync(0, Tenants[0], key);
            acked[(Tenants[0], key)] = 0;
            // Closed by the gateway: readable with nothing to read is the end of the stream.
            static bool Closed(System.Net.Sockets.Socket s) => s.Poll(0, System.Net.Sockets.SelectMode.SelectRead) && s.Available == 0;
            await WaitForAsync(() => sockets.Count(Closed) >= Silent - StartupCapacity, TimeSpan.FromSeconds(15),
                $"the gateway kept more than {StartupCapacity} silent sockets waiting");
            // The ones pushed out are the oldest: the newest silent socket is still open.
            Assert.False(Closed(sockets[^1]));
        }
        finally
        {
            foreach (var socket in sockets) socket.Dispose();
        }
    }

    /// <summary>
    /// Attack: many connections through one node to a tenant another node owns. The node routes at most its
    /// bound at once and refuses the next with FATAL 53300 before routing it; a tenant it owns itself and the
    /// owner's own port still serve, and once a routed connection closes a new one gets through.
    /// </summary>
    private static async Task RoutedConnectionsAreBoundedAsync(ClusterFixture cluster, ClusterAdminClient admin)
    {
        string? remote = null, local = null;
        int owner = -1;
        foreach (var tenant in Tenants)
        {
            var endpoint = await admin.Grains.GetGrain<ITenantGrain>(tenant).GetOwnerEndpointAsync();
            if (endpoint == Endpoint(cluster, 0)) local ??= tenant;
            else if (remote is null)
            {
                remote = tenant;
                owner = endpoint == Endpoint(cluster, 1) ? 1 : 2;
            }
        }
        Assert.NotNull(remote);
        Assert.NotNull(local);
        var held = new List<NpgsqlConnection>();
        try
        {
            for (var i = 0; i < ClusterFixture.MaxRoutedConnections; i++)
            {
                var connection = new NpgsqlConnection(cluster.ConnectionString(0, remote));
                held.Add(connection);
                await connection.OpenAsync();
            }
            await using (var refused = new NpgsqlConnection(cluster.ConnectionString(0, remote)))
            {
                var error = await Assert.ThrowsAsync<PostgresException>(() => refused.OpenAsync());
                Assert.Equal("53300", error.SqlState);
            }
            await cluster.ReadKeysAsync(0, local);
            await cluster.ReadKeysAsync(owner, remote);

            await held[0].DisposeAsync();
            held.RemoveAt(0);
            // The gateway sees the close when its splice ends; a new routed connection fits then.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
            while (true)
            {
                try
                {
                    await cluster.ReadKeysAsync(0, remote);
                    break;
                }
                catch (PostgresException e) when (e.SqlState == "53300" && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(100);
                }
            }
        }
        finally
        {
            foreach (var connection in held) await connection.DisposeAsync();
        }
    }

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
