using Npgsql;
using TenantDb.Wire.Hosting;
using TenantDb.Wire.Protocol;
using TenantDb.Wire.Sql;
using TenantDb.Wire.Tests.Protocol;

namespace TenantDb.Wire.Tests.Exhaustion;

/// <summary>
/// Session parameters (SET) are bounded per connection: one value, the number of parameters and
/// their characters together. Past any of them SET fails with 54000 and the session's state does not
/// grow; RESET ALL gives the room back; a startup packet cannot pass the caps either.
/// </summary>
[Collection(ExhaustionCollection.Name)]
public sealed class SessionStateTests
{
    private static byte[] Set(string name, int length) => FrontendEncoder.Query($"SET {name} = '{new string('v', length)}'");

    [Fact]
    public async Task Repeated_huge_SETs_fail_with_54000_and_the_session_does_not_grow()
    {
        await using var server = ExhaustionServer.Start(new ServerSettings());
        await using var victim = await VictimLoop.StartAsync(server);
        using var raw = await server.AuthenticatedSocketAsync();
        var baseline = server.Server.LargestSessionParameters();

        // The finding: SET x = '<8 Mi characters>' again and again (30 of them took 1 GB).
        for (var i = 0; i < 5; i++)
        {
            await raw.SendAsync(Set("x", 8 << 20));
            Assert.Equal("54000", (await raw.DrainUntilReadyAsync(TimeSpan.FromSeconds(60))).Error);
        }
        Assert.Equal(baseline, server.Server.LargestSessionParameters());

        // The largest value allowed is kept; one character more is refused.
        await raw.SendAsync(Set("x", SessionParameters.MaxValueLength));
        Assert.Null((await raw.DrainUntilReadyAsync(TimeSpan.FromSeconds(30))).Error);
        await raw.SendAsync(Set("x", SessionParameters.MaxValueLength + 1));
        Assert.Equal("54000", (await raw.DrainUntilReadyAsync(TimeSpan.FromSeconds(30))).Error);
        Assert.Equal(baseline + 1 + SessionParameters.MaxValueLength, server.Server.LargestSessionParameters());

        // Many large values: refused once they would pass the total.
        string? error = null;
        var accepted = 0;
        for (var i = 0; i < 40 && error is null; i++)
        {
            await raw.SendAsync(Set($"big{i}", 60_000));
            error = (await raw.DrainUntilReadyAsync(TimeSpan.FromSeconds(30))).Error;
            if (error is null) accepted++;
        }
        Assert.Equal("54000", error);
        Assert.InRange(server.Server.LargestSessionParameters(), SessionParameters.MaxTotalLength - 70_000, SessionParameters.MaxTotalLength);

        // RESET ALL frees them.
        await raw.SendAsync(FrontendEncoder.Query("RESET ALL"));
        Assert.Null((await raw.DrainUntilReadyAsync(TimeSpan.FromSeconds(30))).Error);
        Assert.Equal(baseline, server.Server.LargestSessionParameters());
        Assert.True(accepted >= 10, $"only {accepted} values of 60,000 characters were accepted");
        await victim.StopAndCheckAsync();
    }

    [Fact]
    public async Task The_number_of_session_parameters_is_capped_in_SET_and_in_the_startup_packet()
    {
        await using var server = ExhaustionServer.Start(new ServerSettings());
        await using (var attacker = await server.OpenAsync(ExhaustionServer.Attacker))
        {
            PostgresException? refused = null;
            var set = 0;
            for (; set < SessionParameters.MaxCount + 10 && refused is null; set++)
            {
                await using var cmd = new NpgsqlCommand($"SET my.p{set} = 'v'", attacker);
                try
                {
                    await cmd.ExecuteNonQueryAsync();
                }
                catch (PostgresException ex)
                {
                    refused = ex;
                }
            }
            Assert.NotNull(refused);
            Assert.Equal("54000", refused.SqlState);
            Assert.True(set <= SessionParameters.MaxCount, $"{set} parameters were set");
            // Changing one that exists is still allowed at the cap.
            await using (var change = new NpgsqlCommand("SET my.p0 = 'w'", attacker)) await change.ExecuteNonQueryAsync();
            await using (var show = new NpgsqlCommand("SHOW my.p0", attacker)) Assert.Equal("w", await show.ExecuteScalarAsync());
        }

        // 300 parameters in the startup packet (well under its 10,000-byte cap): FATAL 54000.
        using var socket = await AttackerSocket.ConnectAsync(server.Port);
        var parameters = new List<KeyValuePair<string, string>> { new("user", ExhaustionServer.User), new("database", ExhaustionServer.Attacker) };
        for (var i = 0; i < 300; i++) parameters.Add(new($"q{i}", "v"));
        await socket.SendAsync(FrontendEncoder.Startup(parameters));
        var sasl = await socket.ReadFrameAsync();
        Assert.Equal('R', sasl.Type);
        await CompleteScramAsync(socket);
        Assert.Equal("54000", await socket.ReadUntilClosedAsync(TimeSpan.FromSeconds(30)));
        await server.WaitForQuietAsync(sessions: 0);
    }

    [Fact]
    public async Task Open_portals_hold_at_most_64_MiB_of_parameter_values_per_connection()
    {
        await using var server = ExhaustionServer.Start(new ServerSettings());
        using var raw = await server.AuthenticatedSocketAsync();
        await raw.SendAsync(FrontendEncoder.Query("BEGIN")); // named portals outlive Sync inside a block
        Assert.Null((await raw.DrainUntilReadyAsync(TimeSpan.FromSeconds(30))).Error);
        await raw.SendAsync(FrontendEncoder.Parse(new ParseMessage("s", "SELECT length($1)", [Types.PgTypeOid.Bytea])), Sync);
        Assert.Null((await raw.DrainUntilReadyAsync(TimeSpan.FromSeconds(30))).Error);

        var value = new byte[10 << 20];
        var bound = 0;
        string? error = null;
        for (var i = 0; i < 10 && error is null; i++)
        {
            await raw.SendAsync(FrontendEncoder.Bind(new BindMessage($"p{i}", "s", [1], [value], [])), Sync);
            error = (await raw.DrainUntilReadyAsync(TimeSpan.FromSeconds(30))).Error;
            if (error is null) bound++;
        }
        Assert.Equal("54000", error);
        Assert.Equal(6, bound); // 6 x 10 MiB fit under 64 MiB, the 7th does not

        // Closing one makes room again. (The failed Bind also failed the transaction block: roll back
        // and start over, which closes the portals and frees everything.)
        await raw.SendAsync(FrontendEncoder.Query("ROLLBACK"));
        Assert.Null((await raw.DrainUntilReadyAsync(TimeSpan.FromSeconds(30))).Error);
        await raw.SendAsync(FrontendEncoder.Query("BEGIN"));
        await raw.DrainUntilReadyAsync(TimeSpan.FromSeconds(30));
        for (var i = 0; i < 6; i++)
        {
            await raw.SendAsync(FrontendEncoder.Bind(new BindMessage($"q{i}", "s", [1], [value], [])), Sync);
            Assert.Null((await raw.DrainUntilReadyAsync(TimeSpan.FromSeconds(30))).Error);
        }
        await raw.SendAsync(FrontendEncoder.Close((byte)'P', "q0"), FrontendEncoder.Bind(new BindMessage("q6", "s", [1], [value], [])), Sync);
        Assert.Null((await raw.DrainUntilReadyAsync(TimeSpan.FromSeconds(30))).Error);
    }

    private static readonly byte[] Sync = FrontendEncoder.Message((byte)'S', _ => { });

    private static async Task CompleteScramAsync(AttackerSocket s)
    {
        var bare = $"n=,r={Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(18))}";
        await s.SendAsync(FrontendEncoder.Message((byte)'p', b =>
        {
            FrontendEncoder.CString(b, "SCRAM-SHA-256");
            var data = System.Text.Encoding.UTF8.GetBytes("n,," + bare);
            FrontendEncoder.Int32(b, data.Length);
            b.AddRange(data);
        }));
        var serverFirst = await s.ReadFrameAsync();
        var (final, _) = Auth.ScramTests.ClientFinal(ExhaustionServer.Password, bare, System.Text.Encoding.UTF8.GetString(serverFirst.Payload, 4, serverFirst.Payload.Length - 4));
        await s.SendAsync(FrontendEncoder.Message((byte)'p', b => b.AddRange(System.Text.Encoding.UTF8.GetBytes(final))));
    }
}
