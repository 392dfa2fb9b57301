using System.Net;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using TenantDb.Engine;
using TenantDb.Engine.Procedures;
using TenantDb.TestKit;
using TenantDb.Wire.Hosting;
using TenantDb.Wire.Server;
using TenantDb.Wire.Tests.EndToEnd;
using TenantDb.Wire.Tests.Protocol;

namespace TenantDb.Wire.Tests.Procedures;

/// <summary>A client that disconnects in the middle of a CALL: the call's writes are rolled back and its lock released.</summary>
public sealed class ProcedureDisconnectTests
{
    /// <summary>Inserts a row, then emits rows forever (only a failed write to the client can stop it here).</summary>
    private const string InsertThenStreamForever = $$"""
        (module
          {{ProcedureImports.Exec}}
          {{ProcedureImports.Emit}}
          (memory (export "memory") 1)
          (data (i32.const 0) "INSERT INTO ledger(v) VALUES (1)")
          (func (export "run") (result i32)
            (drop (call $exec (i32.const 0) (i32.const 32) (i32.const 0) (i32.const 0)))
            (i32.store (i32.const 100) (i32.const 11))
            (i32.store16 (i32.const 104) (i32.const 1))
            (i32.store8 (i32.const 106) (i32.const 1))
            (loop $forever
              (drop (call $emit (i32.const 100) (i32.const 15)))
              (br $forever))
            (i32.const 0)))
        """;

    [Fact]
    public async Task A_disconnect_mid_call_rolls_the_call_back()
    {
        using var engine = TenantDbEngine.OpenInMemory();
        engine.CreateTenant("disconnect");
        engine.SetPassword("disconnect", "u", "p");
        using (var session = engine.OpenSession("disconnect"))
        {
            // Generous limits, so that only the disconnect can end the call.
            session.SetProcedureLimits(new ProcedureLimits { Fuel = long.MaxValue, Timeout = TimeSpan.FromMinutes(5) });
        }
        // A small row buffer makes the server send the call's rows early, so the client sees the call running.
        var settings = new ServerSettings { ListenAddress = IPAddress.Loopback, Port = 0, DataDirectory = Path.GetTempPath(), CreateDemoTenant = false, MaxRowSize = 64 << 10 };
        await using var pg = new PgServer(settings, engine, NullLoggerFactory.Instance);
        var port = pg.Start().Port;
        await using var c = new NpgsqlConnection($"Host=127.0.0.1;Port={port};Database=disconnect;Username=u;Password=p;Pooling=false");
        await c.OpenAsync();
        await c.ExecuteAsync("CREATE TABLE ledger(v INTEGER)");
        await c.ExecuteAsync("CREATE PROCEDURE forever() RETURNS TABLE(n int8) AS '" + InsertThenStreamForever + "'");

        // The first streamed row proves the call has inserted and is running; closing the socket then ends it mid-call.
        using (var raw = await RawPgClient.ConnectAsync(port, "disconnect", "u", "p"))
        {
            await raw.SendAsync(FrontendEncoder.Query("CALL forever()"));
            var frame = await raw.ReadFrameAsync();
            while (frame.Type != 'D')
            {
                Assert.True(frame.Type != 'E' && frame.Type != 'Z', RawPgClient.Text(frame.Payload));
                frame = await raw.ReadFrameAsync();
            }
        }

        // The call's write lock must be released (this insert waits for it) and its row never appears.
        await c.ExecuteAsync("INSERT INTO ledger(v) VALUES (2)");
        Assert.Equal([2L], await c.QueryAsync<long>("SELECT v FROM ledger"));
    }
}
