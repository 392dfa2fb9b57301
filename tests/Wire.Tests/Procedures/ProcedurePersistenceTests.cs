using System.CommandLine;
using System.Net;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using TenantDb.Engine;
using TenantDb.Wire.Cli;
using TenantDb.Wire.Hosting;
using TenantDb.Wire.Server;
using TenantDb.Wire.Tests.EndToEnd;
using TenantDb.TestKit;

namespace TenantDb.Wire.Tests.Procedures;

/// <summary>Procedures stored on disk: they survive a server restart, and the CLI manages them.</summary>
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

    private (int Exit, string Output, string Error) Cli(params string[] args) => Wire.Tests.Cli.CliRun.Run([.. args, "--data-dir", _dir.Path]);

    [Fact]
    public void The_cli_puts_lists_and_drops_procedures()
    {
        Assert.Equal(0, Cli("init").Exit);
        Assert.Equal(0, Cli("tenant", "create", "shop").Exit);
        var wat = Path.Combine(_dir.Path, "echo.wat");
        File.WriteAllText(wat, Echo);
        var wasm = Path.Combine(_dir.Path, "echo2.wasm");
        File.WriteAllBytes(wasm, TenantDb.ProcSandbox.WatParser.ParseModuleBinary(Echo));

        var put = Cli("procedure", "put", wat, "--tenant", "shop", "--params", "n int8, s text", "--returns", "n int8, s text");
        Assert.True(put.Exit == 0, put.Error);
        Assert.Contains("stored procedure echo", put.Output, StringComparison.Ordinal);
        Assert.Equal(0, Cli("procedure", "put", wasm, "--tenant", "shop", "--name", "twice", "--params", "f float8", "--returns", "f float8").Exit);

        var list = Cli("procedure", "list", "--tenant", "shop");
        Assert.Equal("echo(n int8, s text) RETURNS TABLE(n int8, s text)\ntwice(f float8) RETURNS TABLE(f float8)\n", list.Output);

        var bad = Path.Combine(_dir.Path, "bad.wat");
        File.WriteAllText(bad, "(module (func (export \"run\") (result i32) (i64.const 0)))");
        var rejected = Cli("procedure", "put", bad, "--tenant", "shop");
        Assert.Equal(1, rejected.Exit);
        Assert.Contains("type mismatch", rejected.Error, StringComparison.Ordinal);

        Assert.Equal(0, Cli("procedure", "drop", "twice", "--tenant", "shop").Exit);
        Assert.Equal("echo(n int8, s text) RETURNS TABLE(n int8, s text)\n", Cli("procedure", "list", "--tenant", "shop").Output);
        Assert.Equal(1, Cli("procedure", "drop", "twice", "--tenant", "shop").Exit);

        var limits = Cli("procedure", "limits", "--tenant", "shop", "--fuel", "5000", "--max-memory-pages", "8");
        Assert.True(limits.Exit == 0, limits.Error);
        Assert.StartsWith("fuel=5000 timeout-ms=10000 max-memory-pages=8 ", limits.Output, StringComparison.Ordinal);
        Assert.StartsWith("fuel=5000 ", Cli("procedure", "limits", "--tenant", "shop").Output, StringComparison.Ordinal);
        Assert.StartsWith("fuel=2000000000 ", Cli("procedure", "limits", "--tenant", "shop", "--reset").Output, StringComparison.Ordinal);
    }
}
