using System.Net;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using TenantDb.Engine;
using TenantDb.Engine.Procedures;
using TenantDb.Wire.Hosting;
using TenantDb.Wire.Server;
using TenantDb.TestKit;

namespace TenantDb.Wire.Tests.Procedures;

/// <summary>Procedure limits seen by a real client: a memory bomb and a 10-million-row scan under a row limit.</summary>
public sealed class ProcedureLimitWireTests
{
    private const string GrowUntilRefused = $$"""
        (module
          {{ProcedureImports.Emit}}
          (memory (export "memory") 1)
          (func (export "run") (result i32)
            (local $pages i32)
            (block $refused
              (loop $grow
                (br_if $refused (i32.eq (memory.grow (i32.const 1)) (i32.const -1)))
                (br $grow)))
            (i32.store (i32.const 0) (i32.const 11))
            (i32.store16 (i32.const 4) (i32.const 1))
            (i32.store8 (i32.const 6) (i32.const 1))
            (i64.store (i32.const 7) (i64.extend_i32_u (memory.size)))
            (drop (call $emit (i32.const 0) (i32.const 15)))
            (i32.const 0)))
        """;

    private const string CountRows = $$"""
        (module
          {{ProcedureImports.Query}}
          {{ProcedureImports.Read}}
          (memory (export "memory") 2)
          (data (i32.const 0) "SELECT x FROM ten_million")
          (func (export "run") (result i32)
            (local $ch i32)
            (local.set $ch (call $query (i32.const 0) (i32.const 25) (i32.const 0) (i32.const 0)))
            (loop $more (br_if $more (i32.gt_s (call $read (local.get $ch) (i32.const 65536) (i32.const 65536)) (i32.const 0))))
            (i32.const 0)))
        """;

    [Fact]
    public async Task Memory_bombs_and_long_scans_end_with_clear_errors_over_the_wire()
    {
        using var engine = TenantDbEngine.OpenInMemory(new EngineOptions
        {
            StatementTimeout = TimeSpan.FromMinutes(1),
            ProcedureLimits = new ProcedureLimits { MaxMemoryPages = 32, MaxRowsRead = 200_000, Timeout = TimeSpan.FromMinutes(1) },
        });
        engine.CreateTenant("limits");
        engine.SetPassword("limits", "u", "p");
        var settings = new ServerSettings { ListenAddress = IPAddress.Loopback, Port = 0, DataDirectory = Path.GetTempPath(), CreateDemoTenant = false };
        await using var server = new PgServer(settings, engine, NullLoggerFactory.Instance);
        int port = server.Start().Port;
        using var c = new NpgsqlConnection($"Host=127.0.0.1;Port={port};Database=limits;Username=u;Password=p;Pooling=false;Timeout=10;Command Timeout=60");
        c.Open();

        c.Execute("CREATE PROCEDURE bomb() RETURNS TABLE(pages int8) AS '" + GrowUntilRefused + "'");
        Assert.Equal(32L, c.QuerySingle<long>("CALL bomb()"));

        c.Execute("CREATE VIEW ten_million(x) AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 10000000) SELECT x FROM c");
        c.Execute("CREATE PROCEDURE scan() AS '" + CountRows + "'");
        var e = Assert.Throws<PostgresException>(() => c.Execute("CALL scan()"));
        Assert.True(e.SqlState == "54000", e.MessageText);
        Assert.Contains("rows read", e.MessageText, StringComparison.Ordinal);
        Assert.Equal(1, c.ExecuteScalar<int>("SELECT 1"));
    }
}
