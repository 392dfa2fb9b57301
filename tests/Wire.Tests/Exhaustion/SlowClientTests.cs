using Npgsql;
using TenantDb.Engine;
using TenantDb.Wire.Hosting;
using TenantDb.Wire.Tests.Protocol;
using TenantDb.TestKit;

namespace TenantDb.Wire.Tests.Exhaustion;

/// <summary>
/// Slow clients: one that asks for an endless result and never reads it (while holding the tenant's
/// write lock), one that goes idle inside a transaction, and slowloris clients that trickle their
/// startup packet or a query one byte at a time.
/// </summary>
[Collection(ExhaustionCollection.Name)]
public sealed class SlowClientTests
{
    private const string Endless = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c";

    [Fact]
    public async Task A_client_that_stops_reading_is_dropped_after_the_send_timeout_and_its_write_lock_released()
    {
        // The statement timeout is long, so only the send timeout can end the stalled connection.
        var engine = TenantDbEngine.OpenInMemory(new EngineOptions { StatementTimeout = TimeSpan.FromMinutes(5) });
        await using var server = ExhaustionServer.Start(new ServerSettings { SendTimeout = TimeSpan.FromSeconds(3) }, engine);
        await using var victim = await VictimLoop.StartAsync(server);
        await using var coUser = await server.OpenAsync(ExhaustionServer.Attacker);
        await using (var create = new NpgsqlCommand("CREATE TABLE t (x INTEGER)", coUser))
            await create.ExecuteNonQueryAsync();

        using var stalled = await AttackerSocket.LoginAsync(server.Port, ExhaustionServer.Attacker, ExhaustionServer.User, ExhaustionServer.Password, receiveBufferSize: 4096);
        // Takes the tenant's write lock, then asks for rows forever and never reads one.
        await stalled.SendAsync(FrontendEncoder.Query("BEGIN; INSERT INTO t VALUES (1); " + Endless));
        await victim.WaitForAnswersAsync(3);

        // Dropped: only the victim and the co-user remain. Until then the stalled connection's output
        // buffer stays small: rows are sent every 256 KiB, and the send blocks instead of buffering more.
        var largest = 0;
        await Eventually.TrueAsync(() =>
        {
            largest = Math.Max(largest, server.Server.LargestOutputBuffer());
            return server.Server.ConnectionCount == 2;
        }, TimeSpan.FromSeconds(30), () => $"{server.Server.ConnectionCount} connections");
        Assert.True(largest <= 1 << 20, $"a connection held a {largest >> 10} KiB output buffer");

        // Its transaction was rolled back and the write lock is free again.
        await using (var write = new NpgsqlCommand("INSERT INTO t VALUES (2)", coUser))
            await write.ExecuteNonQueryAsync();
        await using (var count = new NpgsqlCommand("SELECT count(*) FROM t WHERE x = 1", coUser))
            Assert.Equal(0L, (long)(await count.ExecuteScalarAsync())!);
        await victim.StopAndCheckAsync();
        await server.WaitForQuietAsync(sessions: 2);
    }

    [Fact]
    public async Task A_client_idle_inside_a_transaction_is_closed_with_25P03_and_rolled_back()
    {
        await using var server = ExhaustionServer.Start(new ServerSettings { IdleInTransactionTimeout = TimeSpan.FromSeconds(2) });
        await using var victim = await VictimLoop.StartAsync(server);
        await using var coUser = await server.OpenAsync(ExhaustionServer.Attacker);
        await using (var create = new NpgsqlCommand("CREATE TABLE t (x INTEGER)", coUser))
            await create.ExecuteNonQueryAsync();

        using var idle = await server.AuthenticatedSocketAsync();
        await idle.SendAsync(FrontendEncoder.Query("BEGIN; INSERT INTO t VALUES (1)"));
        Assert.Equal('T', (char)(await idle.ReadUntilReadyAsync())[^1].Payload[0]);
        Assert.Equal("25P03", await idle.ReadUntilClosedAsync(TimeSpan.FromSeconds(20)));

        await using (var write = new NpgsqlCommand("INSERT INTO t VALUES (2)", coUser))
            await write.ExecuteNonQueryAsync();
        await using (var count = new NpgsqlCommand("SELECT count(*) FROM t", coUser))
            Assert.Equal(1L, (long)(await count.ExecuteScalarAsync())!);
        await victim.StopAndCheckAsync();
        await server.WaitForQuietAsync(sessions: 2);
    }

    [Fact]
    public async Task Slowloris_clients_are_closed_at_the_authentication_or_idle_timeout()
    {
        await using var server = ExhaustionServer.Start(new ServerSettings
        {
            AuthenticationTimeout = TimeSpan.FromSeconds(3),
            IdleTimeout = TimeSpan.FromSeconds(3),
        });
        await using var victim = await VictimLoop.StartAsync(server);

        // One byte every 200 ms: the startup packet would take ~8 s, the query ~20 s; each byte arriving
        // must not restart the clock.
        using var inStartup = await AttackerSocket.ConnectAsync(server.Port);
        var startup = FrontendEncoder.Startup([new("user", ExhaustionServer.User), new("database", ExhaustionServer.Attacker)]);
        using var inQuery = await server.AuthenticatedSocketAsync();
        var query = FrontendEncoder.Query("SELECT '" + new string('z', 100) + "'");
        using var stop = new CancellationTokenSource();
        var trickling = Task.WhenAll(TrickleAsync(inStartup, startup, stop.Token), TrickleAsync(inQuery, query, stop.Token));

        var codes = await Task.WhenAll(
            inStartup.ReadUntilClosedAsync(TimeSpan.FromSeconds(20)),
            inQuery.ReadUntilClosedAsync(TimeSpan.FromSeconds(20)));
        await stop.CancelAsync();
        await trickling;
        Assert.Equal("57014", codes[0]);
        Assert.Equal("57P05", codes[1]);
        await victim.StopAndCheckAsync();
        await server.WaitForQuietAsync(sessions: 1);
    }

    private static async Task TrickleAsync(AttackerSocket socket, byte[] bytes, CancellationToken stop)
    {
        try
        {
            foreach (var b in bytes)
            {
                await socket.Stream.WriteAsync(new[] { b }, stop);
                await Task.Delay(200, stop);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // Closed by the server (the point of the test) or stopped by it.
        }
    }
}
