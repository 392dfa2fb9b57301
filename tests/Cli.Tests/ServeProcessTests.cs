using System.Net;
using System.Net.Sockets;
using Npgsql;
using TenantDb.TestKit;
using TenantDb.Cli.Hosting;
using TenantDb.Wire.Hosting;

namespace TenantDb.Cli.Tests;

/// <summary>The real executable: `tenantdb serve` with the demo tenant, admin commands beside it, SIGTERM.</summary>
public sealed class ServeProcessTests : IDisposable
{
    private readonly TempDirectory _dataDir = new("tenantdb-serve-");
    private static string Executable => typeof(ServerHost).Assembly.Location;

    public void Dispose()
    {
        _dataDir.Dispose();
    }

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    private (int Code, string Out) Cli(params string[] args)
    {
        var (code, stdout, stderr) = ChildProcess.Run("dotnet", [Executable, .. args, "--data-dir", _dataDir.Path], timeoutSeconds: 60);
        return (code, stdout + stderr);
    }

    [Fact]
    public async Task Serve_creates_the_demo_tenant_accepts_admin_changes_and_stops_on_sigterm()
    {
        var port = FreePort();
        using var server = BackgroundProcess.Start("dotnet",
            [Executable, "serve", "--data-dir", _dataDir.Path, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await server.WaitForOutputLineAsync(l => l.Contains($"listening on 127.0.0.1:{port}", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        Assert.Contains(server.AllLines, l => l.Contains("created demo tenant", StringComparison.Ordinal));

        var demo = $"Host=127.0.0.1;Port={port};Database=demo;Username=demo;Password=demo;Pooling=false;Timeout=15";
        await using (var c = new NpgsqlConnection(demo))
        {
            await c.OpenAsync();
            await using var cmd = new NpgsqlCommand("CREATE TABLE hello (x TEXT); INSERT INTO hello VALUES ('world'); SELECT x FROM hello", c);
            Assert.Equal("world", await cmd.ExecuteScalarAsync());
        }

        // Admin commands work on the same data directory while the server runs.
        Assert.Equal(0, Cli("tenant", "passwd", "demo", "--user", "demo", "--password", "changed").Code);
        await using (var c = new NpgsqlConnection(demo.Replace("Password=demo", "Password=changed", StringComparison.Ordinal)))
            await c.OpenAsync();
        // A tenant created by another process while the server runs is served at once.
        Assert.Equal(0, Cli("tenant", "create", "acme", "--user", "app", "--password", "pw").Code);
        await using (var c = new NpgsqlConnection($"Host=127.0.0.1;Port={port};Database=acme;Username=app;Password=pw;Pooling=false;Timeout=15"))
        {
            await c.OpenAsync();
            await using var cmd = new NpgsqlCommand("SELECT current_database()", c);
            Assert.Equal("acme", await cmd.ExecuteScalarAsync());
        }
        var list = Cli("tenant", "list");
        Assert.Equal(0, list.Code);
        Assert.Contains("demo", list.Out, StringComparison.Ordinal);

        Assert.Equal(0, server.Terminate(TimeSpan.FromSeconds(30)));
        Assert.Contains(server.AllLines, l => l.Contains("stopped", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Exclusive_files_keep_other_processes_out_of_open_tenants_until_the_server_stops()
    {
        var port = FreePort();
        using var server = BackgroundProcess.Start("dotnet",
            [Executable, "serve", "--data-dir", _dataDir.Path, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--exclusive-files"]);
        await server.WaitForOutputLineAsync(l => l.Contains($"listening on 127.0.0.1:{port}", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        Assert.Contains(server.AllLines, l => l.Contains("locked exclusively", StringComparison.Ordinal));

        var demo = $"Host=127.0.0.1;Port={port};Database=demo;Username=demo;Password=demo;Pooling=false;Timeout=15";
        await using (var c = new NpgsqlConnection(demo))
        {
            await c.OpenAsync();
            await using var cmd = new NpgsqlCommand("CREATE TABLE kept (x TEXT); INSERT INTO kept VALUES ('secret')", c);
            await cmd.ExecuteNonQueryAsync();
        }

        // The server keeps the tenant open (its idle pool), so another process cannot read the file.
        string backup = Path.Combine(_dataDir.Path, "demo-backup.db");
        var refused = Cli("tenant", "backup", "demo", backup);
        Assert.Equal(1, refused.Code);
        Assert.Contains("exclusive_files", refused.Out, StringComparison.Ordinal);
        Assert.False(File.Exists(backup));
        // The catalog is not a tenant file: password changes still reach the running server.
        Assert.Equal(0, Cli("tenant", "passwd", "demo", "--user", "demo", "--password", "changed").Code);
        await using (var c = new NpgsqlConnection(demo.Replace("Password=demo", "Password=changed", StringComparison.Ordinal)))
        {
            await c.OpenAsync();
            await using var cmd = new NpgsqlCommand("SELECT x FROM kept", c);
            Assert.Equal("secret", await cmd.ExecuteScalarAsync());
        }

        Assert.Equal(0, server.Terminate(TimeSpan.FromSeconds(30)));
        Assert.Equal(0, Cli("tenant", "backup", "demo", backup).Code);
        Assert.True(File.Exists(backup));
    }

    [Fact]
    public void Tenant_commands_create_list_and_drop()
    {
        Assert.Equal(0, Cli("init").Code);
        Assert.Equal(0, Cli("tenant", "create", "acme", "--user", "app", "--password", "pw").Code);
        Assert.Equal(1, Cli("tenant", "create", "acme").Code);
        Assert.Equal(1, Cli("tenant", "create", "../escape").Code);
        Assert.Contains("acme", Cli("tenant", "list").Out, StringComparison.Ordinal);
        Assert.Equal(0, Cli("tenant", "drop", "acme").Code);
        Assert.DoesNotContain("acme", Cli("tenant", "list").Out, StringComparison.Ordinal);
    }
}
