using Dapper;
using Npgsql;
using TenantDb.Engine.Procedures;
using TenantDb.TestKit;
using TenantDb.Wire.Tests.EndToEnd;

namespace TenantDb.Wire.Tests.Procedures;

/// <summary>A client that disconnects in the middle of a CALL: the call's writes are rolled back and its lock released.</summary>
public sealed class ProcedureDisconnectTests(WireServerFixture server) : IClassFixture<WireServerFixture>
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

    [SkippableFact]
    public void A_disconnect_mid_call_rolls_the_call_back()
    {
        var psql = ExternalTool.Psql.Require();
        var tenant = server.NewTenant("disconnect");
        using (var session = server.Engine.OpenSession(tenant))
        {
            // Generous limits, so that only the disconnect can end the call.
            session.SetProcedureLimits(new ProcedureLimits { Fuel = long.MaxValue, Timeout = TimeSpan.FromMinutes(5) });
        }
        using var c = new NpgsqlConnection(server.ConnectionString(tenant));
        c.Open();
        c.Execute("CREATE TABLE ledger(v INTEGER)");
        c.Execute("CREATE PROCEDURE forever() RETURNS TABLE(n int8) AS '" + InsertThenStreamForever + "'");

        var env = server.ClientEnvironment(tenant);
        // psql collects the endless result until it is killed: that closes the socket mid-call.
        Assert.Throws<TimeoutException>(() => ChildProcess.Run(psql, ["-X", "-c", "CALL forever()"], env, timeoutSeconds: 3));

        // The call's write lock must be released (this insert waits for it) and its row never appears.
        c.Execute("INSERT INTO ledger(v) VALUES (2)");
        Assert.Equal([2L], c.Query<long>("SELECT v FROM ledger"));
    }
}
