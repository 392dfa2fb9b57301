using System.Diagnostics;
using System.Globalization;
using Npgsql;
using TenantDb.Engine;
using TenantDb.Wire.Hosting;
using Xunit.Abstractions;
using TenantDb.TestKit;

namespace TenantDb.Wire.Tests.Exhaustion;

/// <summary>
/// Thousands of tenants opened at once: every tenant gets a connection in a burst (far more
/// concurrent attempts than the connection limit) that creates a table and writes. File descriptors
/// stay bounded by the connection limit and the engine's LRU of open tenant files, the victim keeps
/// being served, and the only errors are the documented connection-limit ones.
/// </summary>
[Collection(ExhaustionCollection.Name)]
public sealed class ManyTenantsTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>CI runs 1,000 tenants; set TENANTDB_EXHAUSTION_TENANTS=3000 for the full run in docs/reliability/exhaustion.md.</summary>
    private static readonly int TenantCount = int.TryParse(Environment.GetEnvironmentVariable("TENANTDB_EXHAUSTION_TENANTS"), out var n) ? n : 1000;

    private const int MaxConnections = 48, MaxOpenTenants = 64, Concurrency = 64;

    private readonly TempDirectory _dir = new("tenantdb-many-");

    public void Dispose() => _dir.Dispose();

    private static int OpenFileDescriptors() => Directory.GetFiles("/proc/self/fd").Length;

    [Fact]
    public async Task A_burst_of_connections_to_thousands_of_tenants_keeps_descriptors_bounded()
    {
        if (!OperatingSystem.IsLinux()) return; // counts /proc/self/fd
        var watch = Stopwatch.StartNew();
        // Few PBKDF2 iterations: the test is about opening tenants, not about hashing 2,000 passwords.
        var engine = TenantDbEngine.Open(_dir.Path, new EngineOptions { MaxOpenTenants = MaxOpenTenants, ScramIterations = 16 });
        var tenants = new List<string>(TenantCount);
        for (var i = 0; i < TenantCount; i++)
        {
            var name = $"t{i:D5}";
            engine.CreateTenant(name);
            engine.SetPassword(name, ExhaustionServer.User, ExhaustionServer.Password);
            tenants.Add(name);
        }
        output.WriteLine($"created {TenantCount} tenants in {watch.Elapsed.TotalSeconds:0.0} s");

        await using var server = ExhaustionServer.Start(new ServerSettings { MaxConnections = MaxConnections }, engine);
        await using var victim = await VictimLoop.StartAsync(server);
        var baseline = OpenFileDescriptors();

        var peak = baseline;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, OpenFileDescriptors());
                await Task.Delay(20);
            }
        });

        watch.Restart();
        var refused = 0;
        var next = -1;
        var workers = Enumerable.Range(0, Concurrency).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < tenants.Count; i = Interlocked.Increment(ref next))
            {
                while (true)
                {
                    try
                    {
                        await using var c = await server.OpenAsync(tenants[i]);
                        await using var cmd = new NpgsqlCommand("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1); SELECT count(*) FROM t", c);
                        Assert.Equal(1L, Convert.ToInt64(await cmd.ExecuteScalarAsync(), CultureInfo.InvariantCulture));
                        break;
                    }
                    catch (PostgresException e) when (e.SqlState == "53300")
                    {
                        // The documented limit: more concurrent logins than MaxConnections. Try again.
                        Interlocked.Increment(ref refused);
                        await Task.Delay(10);
                    }
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);
        var burst = watch.Elapsed;
        await victim.WaitForAnswersAsync(3);
        await sampling.CancelAsync();
        await sampler;

        // The burst's clients have closed, but the server may still be tearing their sessions down:
        // only once it has are exactly 47 slots free.
        await server.WaitForQuietAsync(sessions: 1);

        // A burst that holds its connections: 100 tenants at once against 47 free slots. Exactly the
        // slots are granted, everyone else gets 53300, and nothing is left behind.
        var holders = new List<NpgsqlConnection>();
        var refusedHolders = 0;
        await Task.WhenAll(tenants.Take(100).Select(async t =>
        {
            try
            {
                var c = await server.OpenAsync(t);
                lock (holders) holders.Add(c);
            }
            catch (PostgresException e) when (e.SqlState == "53300")
            {
                Interlocked.Increment(ref refusedHolders);
            }
        }));
        Assert.Equal(MaxConnections - 1, holders.Count);
        Assert.Equal(100 - (MaxConnections - 1), refusedHolders);
        await victim.WaitForAnswersAsync(3);
        foreach (var c in holders) await c.DisposeAsync();

        await server.WaitForQuietAsync(sessions: 1);
        var after = OpenFileDescriptors();
        output.WriteLine($"{TenantCount} tenants opened by {Concurrency} concurrent clients in {burst.TotalSeconds:0.0} s; " +
            $"{refused} logins refused with 53300 and retried; file descriptors: {baseline} before, peak {peak}, {after} after");

        // Per connection: the client and the server socket, and the tenant's database and WAL files. Per
        // tenant kept open by the LRU: at most two idle connections (database and WAL each) and the shared memory file.
        var bound = baseline + (MaxConnections * 4) + (MaxOpenTenants * 5) + 64;
        Assert.True(peak < bound, $"peak {peak} file descriptors, bound {bound}");
        Assert.True(after <= baseline + (MaxOpenTenants * 5) + 16, $"{after} file descriptors after the burst, {baseline} before");

        // Every tenant's write is there (reopened through the LRU).
        foreach (var t in new[] { tenants[0], tenants[^1] })
        {
            using var session = engine.OpenSession(t);
            using var count = session.Prepare("SELECT count(*) FROM t");
            using var r = count.ExecuteReader();
            Assert.True(r.Read());
            Assert.Equal(1L, r.GetInt64(0));
        }
        await victim.StopAndCheckAsync();
    }
}
