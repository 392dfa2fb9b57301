using Npgsql;
using TenantDb.Wire.Hosting;
using TenantDb.Wire.Tests.Protocol;

namespace TenantDb.Wire.Tests.Exhaustion;

/// <summary>
/// The statements that made the wire layer's SQL pre-processing take tens of seconds (a backtracking
/// catalog regex, a cast rewriter copying per cast) are answered at once over a real socket, and the
/// connection stays usable. The work bound itself is asserted in Sql.LinearPreprocessingTests; these
/// show the attack inputs end to end (a liveness bound, not a timing).
/// </summary>
[Collection(ExhaustionCollection.Name)]
public sealed class SqlPreprocessingAttackTests
{
    [Fact]
    public async Task Catalog_and_cast_bombs_are_answered_and_the_connection_stays_usable()
    {
        await using var server = ExhaustionServer.Start(new ServerSettings());
        await using var victim = await VictimLoop.StartAsync(server);
        using var raw = await server.AuthenticatedSocketAsync();

        // 29 s of backtracking per query before (and neither cancel nor disconnect stopped it).
        await raw.SendAsync(FrontendEncoder.Query("SELECT version" + new string(' ', 40_000) + "x"));
        var (_, error) = await raw.DrainUntilReadyAsync(TimeSpan.FromSeconds(60));
        Assert.NotNull(error); // "version" is no column of SQLite's: the engine says so

        // 23 s before; SQLite refuses the 80,000-deep expression, after a linear rewrite.
        await raw.SendAsync(FrontendEncoder.Query("SELECT 1" + string.Concat(Enumerable.Repeat("::text", 80_000))));
        (_, error) = await raw.DrainUntilReadyAsync(TimeSpan.FromSeconds(60));
        Assert.Equal("54000", error);

        // And through the extended protocol (Parse rewrites the same way).
        await using (var attacker = await server.OpenAsync(ExhaustionServer.Attacker))
        await using (var cmd = new NpgsqlCommand("SELECT 1" + string.Concat(Enumerable.Repeat("::int", 80_000)), attacker))
        {
            var ex = await Assert.ThrowsAsync<PostgresException>(() => cmd.ExecuteScalarAsync());
            Assert.Equal("54000", ex.SqlState);
        }

        await raw.SendAsync(FrontendEncoder.Query("SELECT version()"));
        Assert.Equal(1, (await raw.DrainUntilReadyAsync(TimeSpan.FromSeconds(30))).Rows);
        await victim.StopAndCheckAsync();
    }
}
