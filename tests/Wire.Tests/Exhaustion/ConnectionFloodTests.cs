using Npgsql;
using TenantDb.Wire.Hosting;
using TenantDb.Wire.Tests.Protocol;

namespace TenantDb.Wire.Tests.Exhaustion;

/// <summary>
/// Connection floods: sockets that never speak, stall in the startup packet or in SCRAM, and a hostile
/// tenant logging in far more often than allowed. The victim, already connected, keeps being served
/// and can connect again during and after the flood.
/// </summary>
[Collection(ExhaustionCollection.Name)]
public sealed class ConnectionFloodTests
{
    private static readonly ServerSettings Limits = new()
    {
        MaxConnections = 20,
        MaxConnectionsPerTenant = 10,
        MaxStartupConnections = 16,
        AuthenticationTimeout = TimeSpan.FromSeconds(4),
    };

    [Fact]
    public async Task Flood_of_silent_and_stalled_sockets_is_dropped_and_never_starves_tenants()
    {
        await using var server = ExhaustionServer.Start(Limits);
        await using var victim = await VictimLoop.StartAsync(server);

        // 100 sockets that never send a byte, 8 that stop inside the startup packet, 8 that stop in SCRAM:
        // five times the connection limit. Only the newest 16 fit the startup pool; older ones are pushed out.
        var silent = new List<AttackerSocket>();
        for (var i = 0; i < 100; i++) silent.Add(await AttackerSocket.ConnectAsync(server.Port));
        var midStartup = new List<AttackerSocket>();
        for (var i = 0; i < 8; i++)
        {
            var s = await AttackerSocket.ConnectAsync(server.Port);
            var startup = FrontendEncoder.Startup([new("user", ExhaustionServer.User), new("database", ExhaustionServer.Attacker)]);
            await s.SendAsync(startup[..(startup.Length / 2)]);
            midStartup.Add(s);
        }
        var midScram = new List<AttackerSocket>();
        for (var i = 0; i < 8; i++)
        {
            var s = await AttackerSocket.StartupOnlyAsync(server.Port, ExhaustionServer.Attacker, ExhaustionServer.User);
            Assert.Equal('R', (await s.ReadFrameAsync()).Type); // AuthenticationSASL; the attacker never answers
            midScram.Add(s);
        }
        Assert.True(server.Server.Slots.InStartup <= Limits.MaxStartupConnections);
        await victim.WaitForAnswersAsync(3);

        // During the flood a new victim connection gets in: it pushes out the longest-waiting stalled socket.
        await using (var again = await server.OpenAsync(ExhaustionServer.Victim))
        await using (var cmd = new NpgsqlCommand("SELECT 'in during the flood'", again))
            Assert.Equal("in during the flood", await cmd.ExecuteScalarAsync());

        // Every flooding socket is closed: pushed out with 53300, or at the authentication timeout with 57014.
        var bound = Limits.AuthenticationTimeout + TimeSpan.FromSeconds(15);
        var codes = await Task.WhenAll(silent.Concat(midStartup).Concat(midScram).Select(s => s.ReadUntilClosedAsync(bound)));
        // (Which socket gets which depends on how fast the machine opened them, so only the mix is asserted.)
        Assert.All(codes, c => Assert.True(c is "53300" or "57014", $"unexpected {c}"));
        Assert.Contains("53300", codes);
        Assert.Contains("57014", codes);
        foreach (var s in silent.Concat(midStartup).Concat(midScram)) s.Dispose();

        await victim.StopAndCheckAsync();
        await server.WaitForQuietAsync(sessions: 1);
    }

    [Fact]
    public async Task Logins_beyond_the_tenant_and_server_limits_get_53300_and_others_still_connect()
    {
        await using var server = ExhaustionServer.Start(Limits);
        await using var victim = await VictimLoop.StartAsync(server);

        // One hostile tenant takes its whole share: the next login of that tenant is refused.
        var attackers = new List<AttackerSocket>();
        for (var i = 0; i < Limits.MaxConnectionsPerTenant; i++) attackers.Add(await server.AuthenticatedSocketAsync(ExhaustionServer.Attacker));
        Assert.Equal("53300", await LoginErrorAsync(server, ExhaustionServer.Attacker));
        await victim.WaitForAnswersAsync(3);

        // ... but the victim tenant still gets in.
        await using (var again = await server.OpenAsync(ExhaustionServer.Victim))
        await using (var cmd = new NpgsqlCommand("SELECT 1", again))
            Assert.Equal(1L, Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));

        // A second hostile tenant fills the server (1 victim + 10 + 9 = 20): now everyone new gets 53300.
        for (var i = 0; i < Limits.MaxConnections - Limits.MaxConnectionsPerTenant - 1; i++)
            attackers.Add(await server.AuthenticatedSocketAsync(ExhaustionServer.Attacker2));
        Assert.Equal("53300", await LoginErrorAsync(server, ExhaustionServer.Attacker2));
        Assert.Equal("53300", await LoginErrorAsync(server, ExhaustionServer.Victim));
        await victim.WaitForAnswersAsync(3);

        // When the attackers go, their slots come back.
        foreach (var a in attackers) a.Dispose();
        await server.WaitForQuietAsync(sessions: 1);
        await using (var after = await server.OpenAsync(ExhaustionServer.Victim))
        await using (var cmd = new NpgsqlCommand("SELECT 2", after))
            Assert.Equal(2L, Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
        await victim.StopAndCheckAsync();
        await server.WaitForQuietAsync(sessions: 1);
    }

    private static async Task<string?> LoginErrorAsync(ExhaustionServer server, string tenant)
    {
        await using var c = new NpgsqlConnection(server.ConnectionString(tenant));
        var ex = await Assert.ThrowsAsync<PostgresException>(() => c.OpenAsync());
        return ex.SqlState;
    }
}
