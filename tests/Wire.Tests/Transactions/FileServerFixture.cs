using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using TenantDb.Engine;
using TenantDb.TestKit;
using TenantDb.Wire.Hosting;
using TenantDb.Wire.Server;

namespace TenantDb.Wire.Tests.Transactions;

/// <summary>
/// A real server on 127.0.0.1 over a file-backed engine in a data directory of the test's (tenants in
/// WAL mode, as an in-memory engine's are too). The write-lock timeout is short so that tests of it end
/// quickly.
/// </summary>
public sealed class FileServerFixture : IAsyncLifetime
{
    public const string User = "alice", Password = "alice-secret";

    /// <summary>The engine's write-lock timeout (<see cref="EngineOptions.BusyTimeout"/>).</summary>
    public static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(2);

    private readonly TempDirectory _directory = TempDirectory.ForDatabases();
    private PgServer? _server;
    private TenantDbEngine? _engine;

    public int Port { get; private set; }

    public TenantDbEngine Engine => _engine!;

    public async Task InitializeAsync()
    {
        _engine = TenantDbEngine.Open(_directory.Path, new EngineOptions { BusyTimeout = LockTimeout });
        var settings = new ServerSettings { ListenAddress = IPAddress.Loopback, Port = 0, DataDirectory = _directory.Path };
        _server = new PgServer(settings, _engine, NullLoggerFactory.Instance);
        Port = _server.Start().Port;
        await Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        _engine?.Dispose();
        _directory.Dispose();
    }

    /// <summary>A fresh tenant for a test.</summary>
    public string NewTenant(string prefix)
    {
        var name = $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(40, prefix.Length + 33)];
        Engine.CreateTenant(name);
        Engine.SetPassword(name, User, Password);
        return name;
    }

    public string ConnectionString(string tenant, string extra = "") =>
        $"Host=127.0.0.1;Port={Port};Database={tenant};Username={User};Password={Password};Pooling=false;Timeout=10;Command Timeout=30;{extra}";

    public async Task<NpgsqlConnection> OpenAsync(string tenant)
    {
        var c = new NpgsqlConnection(ConnectionString(tenant));
        await c.OpenAsync();
        return c;
    }

    /// <summary>The libpq environment for a command-line client (psql, psycopg2) on <paramref name="tenant"/>.</summary>
    public Dictionary<string, string> ClientEnvironment(string tenant) => new()
    {
        ["PGHOST"] = "127.0.0.1",
        ["PGPORT"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["PGDATABASE"] = tenant,
        ["PGUSER"] = User,
        ["PGPASSWORD"] = Password,
        ["PGSSLMODE"] = "disable",
        ["PGCONNECT_TIMEOUT"] = "10",
    };
}
