using Npgsql;
using TenantDb.Engine;
using TenantDb.Engine.Procedures;
using TenantDb.Wire.Hosting;
using TenantDb.Wire.Tests.Protocol;
using Xunit.Abstractions;
using TenantDb.TestKit;

namespace TenantDb.Wire.Tests.Exhaustion;

/// <summary>
/// Endless results: a recursive CTE without end, read fast, read slowly, or canceled; and a stored
/// procedure that emits rows forever. The engine's statement timeout (a deadline for the whole
/// statement, including streaming its rows), the procedure limits and CancelRequest each stop them.
/// </summary>
[Collection(ExhaustionCollection.Name)]
public sealed class EndlessResultTests(ITestOutputHelper output)
{
    private const string Endless = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c";

    /// <summary>Emits one int8 row forever.</summary>
    private const string EmitForever = $$"""
        (module
          {{ProcedureImports.Emit}}
          (memory (export "memory") 1)
          (func (export "run") (result i32)
            (i32.store (i32.const 100) (i32.const 11))
            (i32.store16 (i32.const 104) (i32.const 1))
            (i32.store8 (i32.const 106) (i32.const 1))
            (loop $forever
              (drop (call $emit (i32.const 100) (i32.const 15)))
              (br $forever))
            (i32.const 0)))
        """;

    private static TenantDbEngine EngineWithStatementTimeout(TimeSpan timeout, ProcedureLimits? limits = null) =>
        TenantDbEngine.OpenInMemory(new EngineOptions { StatementTimeout = timeout, ProcedureLimits = limits ?? ProcedureLimits.Default });

    [Fact]
    public async Task An_endless_select_read_fast_or_slowly_ends_at_the_statement_timeout()
    {
        await using var server = ExhaustionServer.Start(new ServerSettings(), EngineWithStatementTimeout(TimeSpan.FromSeconds(2)));
        await using var victim = await VictimLoop.StartAsync(server);

        // A fast reader through Npgsql (extended protocol).
        await using (var attacker = await server.OpenAsync(ExhaustionServer.Attacker))
        await using (var cmd = new NpgsqlCommand(Endless, attacker))
        {
            long rows = 0;
            var ex = await Assert.ThrowsAsync<PostgresException>(async () =>
            {
                await using var reader = await cmd.ExecuteReaderAsync();
                while (await reader.ReadAsync()) rows++;
            });
            Assert.Equal("57014", ex.SqlState);
            Assert.True(rows > 0);
            output.WriteLine($"fast reader: {rows:N0} rows before the 2 s statement timeout");
            await using var after = new NpgsqlCommand("SELECT 'usable'", attacker);
            Assert.Equal("usable", await after.ExecuteScalarAsync());
        }

        // A slow reader (simple protocol): 16 KiB every 20 ms. The deadline keeps running while the
        // server waits for the client, so the statement still ends.
        using (var slow = await AttackerSocket.LoginAsync(server.Port, ExhaustionServer.Attacker, ExhaustionServer.User, ExhaustionServer.Password, receiveBufferSize: 16 * 1024))
        {
            await slow.SendAsync(FrontendEncoder.Query(Endless));
            var (rows, error) = await slow.DrainUntilReadyAsync(TimeSpan.FromSeconds(60), bytesPerPause: 16 * 1024, pause: TimeSpan.FromMilliseconds(20));
            Assert.Equal("57014", error);
            output.WriteLine($"slow reader: {rows:N0} rows before the 2 s statement timeout");
        }
        await victim.StopAndCheckAsync();
        await server.WaitForQuietAsync(sessions: 1);
    }

    [Fact]
    public async Task Cancel_stops_an_endless_select_that_is_streaming()
    {
        // Only the cancel can end this statement.
        await using var server = ExhaustionServer.Start(new ServerSettings(), EngineWithStatementTimeout(TimeSpan.FromMinutes(5)));
        await using var victim = await VictimLoop.StartAsync(server);
        await using var attacker = await server.OpenAsync(ExhaustionServer.Attacker);
        await using var cmd = new NpgsqlCommand(Endless, attacker);
        long rows = 0;
        var ex = await Assert.ThrowsAsync<OperationCanceledException>(async () =>
        {
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                // Cancel a few times while rows stream: a cancel that arrives between rows must count too.
                if (++rows % 100_000 == 0) cmd.Cancel();
                if (rows > 50_000_000) throw new InvalidOperationException("the cancel was ignored");
            }
        });
        Assert.Equal("57014", Assert.IsType<PostgresException>(ex.InnerException).SqlState);
        output.WriteLine($"canceled after {rows:N0} rows");
        await using var after = new NpgsqlCommand("SELECT 'usable'", attacker);
        Assert.Equal("usable", await after.ExecuteScalarAsync());
        await victim.StopAndCheckAsync();
    }

    [Fact]
    public async Task A_procedure_emitting_rows_forever_ends_at_its_limits_or_on_cancel()
    {
        var limits = new ProcedureLimits { MaxResultBytes = 8 << 20, Fuel = long.MaxValue, Timeout = TimeSpan.FromMinutes(5) };
        await using var server = ExhaustionServer.Start(new ServerSettings(), EngineWithStatementTimeout(TimeSpan.FromSeconds(5), limits));
        await using var victim = await VictimLoop.StartAsync(server);
        await using var attacker = await server.OpenAsync(ExhaustionServer.Attacker);
        await using (var create = new NpgsqlCommand("CREATE PROCEDURE forever() RETURNS TABLE(n int8) AS '" + EmitForever + "'", attacker))
            await create.ExecuteNonQueryAsync();

        // The result-size limit ends it with 54000.
        await using (var call = new NpgsqlCommand("CALL forever()", attacker))
        {
            var ex = await Assert.ThrowsAsync<PostgresException>(async () =>
            {
                await using var reader = await call.ExecuteReaderAsync();
                while (await reader.ReadAsync()) { }
            });
            Assert.Equal("54000", ex.SqlState);
        }

        // With no size limit left to hit, a cancel ends it with 57014.
        using (var session = server.Engine.OpenSession(ExhaustionServer.Attacker))
            session.SetProcedureLimits(limits with { MaxResultBytes = long.MaxValue });
        await using (var call = new NpgsqlCommand("CALL forever()", attacker))
        {
            long rows = 0;
            var ex = await Assert.ThrowsAsync<OperationCanceledException>(async () =>
            {
                await using var reader = await call.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    if (++rows % 100_000 == 0) call.Cancel();
                    if (rows > 50_000_000) throw new InvalidOperationException("the cancel was ignored");
                }
            });
            var pg = Assert.IsType<PostgresException>(ex.InnerException);
            Assert.True(pg.SqlState == "57014", pg.MessageText);
            output.WriteLine($"procedure canceled after {rows:N0} rows");
        }
        await using var after = new NpgsqlCommand("SELECT 'usable'", attacker);
        Assert.Equal("usable", await after.ExecuteScalarAsync());
        await victim.StopAndCheckAsync();
    }
}
