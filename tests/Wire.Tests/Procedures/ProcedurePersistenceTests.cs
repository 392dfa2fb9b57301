using System.Net;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using TenantDb.Engine;
using TenantDb.Wire.Hosting;
using TenantDb.Wire.Server;
using TenantDb.Wire.Tests.EndToEnd;
using TenantDb.TestKit;

namespace TenantDb.Wire.Tests.Procedures;

/// <summary>Procedures stored on disk survive a server restart.</summary>
public sealed class ProcedurePersistenceTests : IDisposable
{
    private const string Echo = $$"""
        (module
          {{ProcedureImports.Read}}
          {{ProcedureImports.Emit}}
          (memory (export "memory") 1)
          (func (export "run") (result i32)
            (drop (call $emit (i32.const 0) (call $read (i32.const 0) (i32.const 0) (i32.const 65536))))
            (i32.const 0)))
        """;

    private readonly TempDirectory _dir = new("tenantdb-proc-");

    public void Dispose() => _dir.Dispose();

    private static async Task<T> WithServer<T>(TenantDbEngine engine, Func<string, T> body)
    {
        var settings = new ServerSettings { ListenAddress = IPAddress.Loopback, Port = 0, DataDirectory = Path.GetTempPath() };
        await using var server = new PgServer(settings, engine, NullLoggerFactory.Instance);
        int port = server.Start().Port;
        return body($"Host=127.0.0.1;Port={port};Database=shop;Username=owner;Password=pw;Pooling=false;Timeout=10;Command Timeout=20");
    }

    [Fact]
    public async Task A_procedure_survives_a_server_restart()
    {
        using (var engine = TenantDbEngine.Open(_dir.Path))
        {
            engine.CreateTenant("shop");
            engine.SetPassword("shop", "owner", "pw");
            await WithServer(engine, cs =>
            {
                using var c = new NpgsqlConnection(cs);
                c.Open();
                c.Execute("CREATE TABLE kept(v INTEGER); INSERT INTO kept VALUES (7)");
                c.Execute("CREATE PROCEDURE echo(v text) RETURNS TABLE(v text) AS '" + Echo + "'");
                return c.QuerySingle<string>("CALL echo('before')");
            });
        }

        using (var reopened = TenantDbEngine.Open(_dir.Path))
        {
            var (echo, kept) = await WithServer(reopened, cs =>
            {
                using var c = new NpgsqlConnection(cs);
                c.Open();
                return (c.QuerySingle<string>("CALL echo(@v)", new { v = "after restart" }), c.QuerySingle<long>("SELECT v FROM kept"));
            });
            Assert.Equal("after restart", echo);
            Assert.Equal(7L, kept);
        }
    }
}
