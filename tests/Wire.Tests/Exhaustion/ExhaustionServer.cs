using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using TenantDb.Engine;
using TenantDb.Wire.Hosting;
using TenantDb.Wire.Server;
using TenantDb.TestKit;

namespace TenantDb.Wire.Tests.Exhaustion;

/// <summary>
/// A real server on 127.0.0.1 with a victim tenant and two hostile ones, built per test so each attack
/// can set its own limits and timeouts. Every tenant's user has the password "pw".
/// </summary>
internal sealed class ExhaustionServer : IAsyncDisposable
{
    public const string Victim = "victim", Attacker = "attacker", Attacker2 = "attacker2", User = "u", Password = "pw";

    private ExhaustionServer(TenantDbEngine engine, PgServer server)
    {
        Engine = engine;
        Server = server;
        Port = server.Start().Port;
    }

    public TenantDbEngine Engine { get; }
    public PgServer Server { get; }
    public int Port { get; }

    /// <summary>Starts a server over <paramref name="engine"/> (default: a fresh in-memory one) with the three tenants.</summary>
    public static ExhaustionServer Start(ServerSettings settings, TenantDbEngine? engine = null)
    {
        engine ??= TenantDbEngine.OpenInMemory(new EngineOptions { ScramIterations = 4096 });
        foreach (var tenant in new[] { Victim, Attacker, Attacker2 })
        {
            if (engine.TenantExists(tenant)) continue;
            engine.CreateTenant(tenant);
            engine.SetPassword(tenant, User, Password);
        }
        var server = new PgServer(settings with { ListenAddress = IPAddress.Loopback, Port = 0 }, engine, NullLoggerFactory.Instance);
        return new ExhaustionServer(engine, server);
    }

    public string ConnectionString(string tenant, string extra = "") =>
        $"Host=127.0.0.1;Port={Port};Database={tenant};Username={User};Password={Password};Pooling=false;Timeout=10;Command Timeout=30;Server Compatibility Mode=NoTypeLoading;{extra}";

    public async Task<NpgsqlConnection> OpenAsync(string tenant, string extra = "")
    {
        var c = new NpgsqlConnection(ConnectionString(tenant, extra));
        await c.OpenAsync();
        return c;
    }

    /// <summary>Connects a raw socket and authenticates it as a user of <paramref name="tenant"/>.</summary>
    public Task<AttackerSocket> AuthenticatedSocketAsync(string tenant = Attacker) => AttackerSocket.LoginAsync(Port, tenant, User, Password);

    /// <summary>Waits until only <paramref name="sessions"/> authenticated sessions and no other sockets are left.</summary>
    public Task WaitForQuietAsync(int sessions) => Eventually.TrueAsync(
        () => Server.ConnectionCount == sessions && Server.Slots.Sessions == sessions && Server.Slots.InStartup == 0,
        TimeSpan.FromSeconds(20),
        () => $"connections {Server.ConnectionCount}, sessions {Server.Slots.Sessions}, in startup {Server.Slots.InStartup}; expected {sessions} sessions");

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Engine.Dispose();
    }
}
