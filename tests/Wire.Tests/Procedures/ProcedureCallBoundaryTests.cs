using System.Buffers.Binary;
using System.Net;
using System.Text;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using TenantDb.Engine;
using TenantDb.Engine.Procedures;
using TenantDb.Wire.Hosting;
using TenantDb.Wire.Protocol;
using TenantDb.Wire.Server;
using TenantDb.Wire.Tests.EndToEnd;
using TenantDb.Wire.Tests.Protocol;

namespace TenantDb.Wire.Tests.Procedures;

/// <summary>
/// The CALL boundary: the procedure a CALL was described with is the one it runs (or a clear error),
/// its signature is read once, and a client that reads slowly does not use up the procedure's time.
/// </summary>
public sealed class ProcedureCallBoundaryTests(WireServerFixture server) : IClassFixture<WireServerFixture>
{
    private const string EmitImport = """(import "tenantdb" "emit" (func $emit (param i32 i32) (result i32)))""";

    /// <summary>Emits one row (v int8 = <paramref name="value"/>).</summary>
    private static string OneColumn(long value) => $$"""
        (module {{EmitImport}}
          (memory (export "memory") 1)
          (func (export "run") (result i32)
            (i32.store (i32.const 0) (i32.const 11))
            (i32.store16 (i32.const 4) (i32.const 1))
            (i32.store8 (i32.const 6) (i32.const 1))
            (i64.store (i32.const 7) (i64.const {{value}}))
            (drop (call $emit (i32.const 0) (i32.const 15)))
            (i32.const 0)))
        """;

    /// <summary>Emits one row (v int8 = 7, w text = 'x').</summary>
    private const string TwoColumns = $$"""
        (module {{EmitImport}}
          (memory (export "memory") 1)
          (func (export "run") (result i32)
            (i32.store (i32.const 0) (i32.const 17))
            (i32.store16 (i32.const 4) (i32.const 2))
            (i32.store8 (i32.const 6) (i32.const 1))
            (i64.store (i32.const 7) (i64.const 7))
            (i32.store8 (i32.const 15) (i32.const 3))
            (i32.store (i32.const 16) (i32.const 1))
            (i32.store8 (i32.const 20) (i32.const 120))
            (drop (call $emit (i32.const 0) (i32.const 21)))
            (i32.const 0)))
        """;

    private NpgsqlConnection Open(string tenant)
    {
        var c = new NpgsqlConnection(server.ConnectionString(tenant));
        c.Open();
        return c;
    }

    private static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static short ColumnCount(byte[] rowDescriptionOrDataRow) => BinaryPrimitives.ReadInt16BigEndian(rowDescriptionOrDataRow);

    [Fact]
    public async Task Replace_between_Describe_and_Execute_gives_a_clear_error_or_the_described_shape_never_a_mix()
    {
        var tenant = server.NewTenant("shape");
        using var admin = Open(tenant);
        admin.Execute($"CREATE PROCEDURE shape() RETURNS TABLE(v int8) AS {Literal(OneColumn(7))}");
        using var client = await RawPgClient.ConnectAsync(server.Port, tenant, WireServerFixture.AppUser, WireServerFixture.AppPassword);
        await client.SendAsync(
            FrontendEncoder.Parse(new ParseMessage("s", "CALL shape()", [])),
            FrontendEncoder.Describe((byte)'S', "s"),
            FrontendEncoder.Message((byte)'S', _ => { }));
        var described = await client.ReadUntilReadyAsync();
        Assert.Equal("1tTZ", RawPgClient.Types(described));
        Assert.Equal(1, ColumnCount(described[2].Payload));

        // Other result columns after Describe: Execute refuses rather than send rows of another shape.
        admin.Execute($"CREATE OR REPLACE PROCEDURE shape() RETURNS TABLE(v int8, w text) AS {Literal(TwoColumns)}");
        var execute = new[]
        {
            FrontendEncoder.Bind(new BindMessage("", "s", [], [], [])),
            FrontendEncoder.Execute("", 0),
            FrontendEncoder.Message((byte)'S', _ => { }),
        };
        await client.SendAsync(execute);
        var refused = await client.ReadUntilReadyAsync();
        Assert.Equal("2EZ", RawPgClient.Types(refused));
        Assert.Contains("0A000", RawPgClient.Text(refused[1].Payload), StringComparison.Ordinal);

        // The described columns again, with new code: the new code runs, in the described shape.
        admin.Execute($"CREATE OR REPLACE PROCEDURE shape() RETURNS TABLE(v int8) AS {Literal(OneColumn(8))}");
        await client.SendAsync(execute);
        var ran = await client.ReadUntilReadyAsync();
        Assert.Equal("2DCZ", RawPgClient.Types(ran));
        Assert.Equal(1, ColumnCount(ran[1].Payload));
        Assert.EndsWith("8", Encoding.ASCII.GetString(ran[1].Payload), StringComparison.Ordinal);

        // Dropped after Describe: a clear "does not exist".
        admin.Execute("DROP PROCEDURE shape");
        await client.SendAsync(execute);
        var dropped = await client.ReadUntilReadyAsync();
        Assert.Equal("2EZ", RawPgClient.Types(dropped));
        Assert.Contains("42883", RawPgClient.Text(dropped[1].Payload), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_call_reads_the_signature_once_and_warm_calls_not_at_all()
    {
        var tenant = server.NewTenant("lookups");
        using var c = Open(tenant);
        c.Execute($"CREATE PROCEDURE one() RETURNS TABLE(v int8) AS {Literal(OneColumn(7))}");

        var before = server.Engine.ProcedureSignatureLoads;
        Assert.Equal(7L, c.QuerySingle<long>("CALL one()"));
        Assert.Equal(1, server.Engine.ProcedureSignatureLoads - before);

        before = server.Engine.ProcedureSignatureLoads;
        for (var i = 0; i < 5; i++) Assert.Equal(7L, c.QuerySingle<long>("CALL one()"));
        using var simple = await RawPgClient.ConnectAsync(server.Port, tenant, WireServerFixture.AppUser, WireServerFixture.AppPassword);
        await simple.SendAsync(FrontendEncoder.Query("CALL one()"));
        Assert.Equal("TDCZ", RawPgClient.Types(await simple.ReadUntilReadyAsync()));
        Assert.Equal(0, server.Engine.ProcedureSignatureLoads - before);
    }

    [Fact]
    public async Task A_client_that_does_not_read_while_the_procedure_runs_does_not_use_up_its_time_limit()
    {
        // 500 rows of 24,000 bytes (12 MB): more than the socket buffers of both ends hold (about 4 MiB
        // on Linux by default), less than the connection's output buffer bound, so only buffering keeps
        // the procedure from waiting on the client.
        const int Rows = 500;
        var manyRows = $$"""
            (module {{EmitImport}}
              (memory (export "memory") 1)
              (data (i32.const 11) "{{new string('a', 24_000)}}")
              (func (export "run") (result i32)
                (local $i i32)
                (i32.store (i32.const 0) (i32.const 24007))
                (i32.store16 (i32.const 4) (i32.const 1))
                (i32.store8 (i32.const 6) (i32.const 3))
                (i32.store (i32.const 7) (i32.const 24000))
                (loop $more
                  (drop (call $emit (i32.const 0) (i32.const 24011)))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br_if $more (i32.lt_u (local.get $i) (i32.const {{Rows}}))))
                (i32.const 0)))
            """;
        var limit = TimeSpan.FromSeconds(4);
        using var engine = TenantDbEngine.OpenInMemory(new EngineOptions { ProcedureLimits = new ProcedureLimits { Timeout = limit } });
        engine.CreateTenant("slow");
        engine.SetPassword("slow", "u", "p");
        using (var session = engine.OpenSession("slow"))
            session.CreateProcedure("many", [], [new ProcedureColumn("s", ProcedureType.Text)], Encoding.UTF8.GetBytes(manyRows));
        var settings = new ServerSettings { ListenAddress = IPAddress.Loopback, Port = 0, DataDirectory = Path.GetTempPath(), CreateDemoTenant = false };
        await using var pg = new PgServer(settings, engine, NullLoggerFactory.Instance);
        var port = pg.Start().Port;
        using var client = await RawPgClient.ConnectAsync(port, "slow", "u", "p");

        await client.SendAsync(FrontendEncoder.Query("CALL many()"));
        // Read nothing for twice the procedure's time limit: a procedure blocked on its sends would run out of time.
        await Task.Delay(2 * limit);
        var frames = await client.ReadUntilReadyAsync();

        Assert.True(!frames.Any(f => f.Type == 'E'), string.Join(" / ", frames.Where(f => f.Type == 'E').Select(f => RawPgClient.Text(f.Payload))));
        Assert.Equal(Rows, frames.Count(f => f.Type == 'D'));
        Assert.Equal($"SELECT {Rows}", RawPgClient.Text(frames[^2].Payload));
    }
}
