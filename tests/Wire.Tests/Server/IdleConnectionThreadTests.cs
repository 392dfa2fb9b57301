using System.Diagnostics;
using TenantDb.Wire.Hosting;
using TenantDb.Wire.Tests.Exhaustion;
using TenantDb.Wire.Tests.Protocol;

namespace TenantDb.Wire.Tests.Server;

/// <summary>Runs alone: it counts the threads of the whole test process.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ThreadCountCollection
{
    public const string Name = "ThreadCount";
}

/// <summary>
/// Connections cost no thread: 500 authenticated connections over 127.0.0.1, each of which has run a
/// query and then waits, leave the process with about as many threads as before, and hold no output buffer.
/// </summary>
[Collection(ThreadCountCollection.Name)]
public sealed class IdleConnectionThreadTests
{
    private const int Connections = 500;
    private const int Workers = 2;

    [Fact]
    public async Task Five_hundred_idle_connections_do_not_grow_the_thread_count()
    {
        await using var server = ExhaustionServer.Start(new ServerSettings
        {
            MaxConnections = Connections + 10,
            MaxConnectionsPerTenant = Connections + 10,
            MaxStartupConnections = Connections + 10,
            Workers = Workers,
        });
        // Warm up: one connection, so the threads every server has (workers, timers, socket engine) exist already.
        using (var first = await server.AuthenticatedSocketAsync(ExhaustionServer.Victim))
        {
            await first.SendAsync(FrontendEncoder.Query("SELECT 1"));
            await first.ReadUntilReadyAsync();
        }
        var before = Process.GetCurrentProcess().Threads.Count;

        var sockets = new List<AttackerSocket>();
        try
        {
            // Logins and queries in waves of 50, all asynchronous on the client side too.
            for (var wave = 0; wave < Connections / 50; wave++)
            {
                var opened = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => server.AuthenticatedSocketAsync(ExhaustionServer.Victim)));
                sockets.AddRange(opened);
                await Task.WhenAll(opened.Select(async s =>
                {
                    await s.SendAsync(FrontendEncoder.Query("SELECT 1"));
                    var frames = await s.ReadUntilReadyAsync();
                    Assert.DoesNotContain(frames, f => f.Type == 'E');
                }));
            }
            Assert.Equal(Connections, server.Server.Slots.Sessions);

            using var process = Process.GetCurrentProcess();
            var after = process.Threads.Count;
            // One thread per connection would be 500 more; the scheduler's threads and the thread pool's
            // growth under this burst stay far below that.
            Assert.True(after - before <= 2 * Workers + 40, $"threads grew from {before} to {after} with {Connections} connections");
            Assert.InRange(server.Server.Scheduler.Threads, 0, server.Server.Scheduler.MaxThreads);
            // A connection waiting for its client holds no output buffer.
            await TestKit.Eventually.TrueAsync(() => server.Server.LargestOutputBuffer() == 0, TimeSpan.FromSeconds(10),
                () => $"largest output buffer of an idle connection: {server.Server.LargestOutputBuffer()} bytes");
        }
        finally
        {
            foreach (var s in sockets) s.Dispose();
        }
        await server.WaitForQuietAsync(sessions: 0);
    }
}
