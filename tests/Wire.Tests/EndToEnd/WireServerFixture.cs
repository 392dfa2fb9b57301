using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using TenantDb.Engine;
using TenantDb.Wire.Hosting;
using TenantDb.Wire.Server;

namespace TenantDb.Wire.Tests.EndToEnd;

/// <summary>A real server on 127.0.0.1 (ephemeral port) over an in-memory engine with two tenants.</summary>
public class WireServerFixture : IAsyncLifetime
{
    /// <summary>The engine's default options (a 5 s statement timeout).</summary>
    public WireServerFixture() : this(new EngineOptions())
    {
    }

    /// <summary>A fixture whose engine runs with <paramref name="options"/> (xunit wants one public constructor).</summary>
    protected WireServerFixture(EngineOptions options)
    {
        Engine = TenantDbEngine.OpenInMemory(options);
    }

    public const string AppTenant = "app", AppUser = "alice", AppPassword = "alice-secret";
    public const string OtherTenant = "other", OtherUser = "bob", OtherPassword = "bob-secret";

    private PgServer? _server;

    public TenantDbEngine Engine { get; }
    public int Port { get; private set; }
    internal PgServer Server => _server!;

    public async Task InitializeAsync()
    {
        Engine.CreateTenant(AppTenant);
        Engine.SetPassword(AppTenant, AppUser, AppPassword);
        Engine.CreateTenant(OtherTenant);
        Engine.SetPassword(OtherTenant, OtherUser, OtherPassword);
        var settings = new ServerSettings { ListenAddress = IPAddress.Loopback, Port = 0, DataDirectory = Path.GetTempPath() };
        _server = new PgServer(settings, Engine, NullLoggerFactory.Instance);
        Port = _server.Start().Port;
        await Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        Engine.Dispose();
    }

    public string ConnectionString(string tenant = AppTenant, string user = AppUser, string password = AppPassword, string extra = "") =>
        $"Host=127.0.0.1;Port={Port};Database={tenant};Username={user};Password={password};Pooling=false;Timeout=10;Command Timeout=20;{extra}";

    public NpgsqlConnection Open(string extra = "")
    {
        var c = new NpgsqlConnection(ConnectionString(extra: extra));
        c.Open();
        return c;
    }

    /// <summary>The libpq environment that points a command-line client (psql, pgbench, psycopg2) at <paramref name="tenant"/> as the app user.</summary>
    public Dictionary<string, string> ClientEnvironment(string tenant) => new()
    {
        ["PGHOST"] = "127.0.0.1",
        ["PGPORT"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["PGDATABASE"] = tenant,
        ["PGUSER"] = AppUser,
        ["PGPASSWORD"] = AppPassword,
        ["PGSSLMODE"] = "prefer",
        ["PGCONNECT_TIMEOUT"] = "10",
    };

    /// <summary>A fresh tenant for a test that needs its own tables.</summary>
    public string NewTenant(string prefix)
    {
        var name = $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(40, prefix.Length + 33)];
        Engine.CreateTenant(name);
        Engine.SetPassword(name, AppUser, AppPassword);
        return name;
    }
}
