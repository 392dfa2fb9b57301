using Npgsql;
using TenantDb.TestKit;
using TenantDb.Wire.Hosting;
using TenantDb.Wire.Tests.Exhaustion;

namespace TenantDb.Wire.Tests.Server;

/// <summary>
/// A CancelRequest that arrives while the connection's statement still waits in the scheduler's queue
/// (every worker busy) cancels that statement: it fails with 57014 when its turn comes, instead of
/// running as if nothing had been asked. The order of events is forced by watching the scheduler.
/// </summary>
public sealed class QueuedCancelTests
{
    [Fact]
    public async Task A_cancel_for_a_queued_statement_fails_it_with_57014_and_only_it()
    {
        await using var server = ExhaustionServer.Start(new ServerSettings { Workers = 1, StatementTimeout = TimeSpan.FromSeconds(60) });
        var scheduler = server.Server.Scheduler;
        await using var busy = await server.OpenAsync(ExhaustionServer.Attacker);
        await using var queued = await server.OpenAsync(ExhaustionServer.Victim);

        // The only worker runs an endless statement of another tenant.
        await using var endless = new NpgsqlCommand("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c", busy);
        var endlessRun = endless.ExecuteScalarAsync();
        await Eventually.TrueAsync(() => scheduler.Running == 1, TimeSpan.FromSeconds(20), () => "the endless statement did not start");

        // The victim's statement waits for the worker; then its client cancels it.
        await using var select = new NpgsqlCommand("SELECT 42", queued);
        var selectRun = select.ExecuteScalarAsync();
        await Eventually.TrueAsync(() => scheduler.Queued == 1, TimeSpan.FromSeconds(20), () => $"queued {scheduler.Queued}");
        select.Cancel();

        // Only now the worker frees up.
        endless.Cancel();
        Assert.Equal("57014", SessionLendingTests.SqlStateOf(await Assert.ThrowsAnyAsync<Exception>(() => endlessRun)));
        Assert.Equal("57014", SessionLendingTests.SqlStateOf(await Assert.ThrowsAnyAsync<Exception>(() => selectRun)));

        // The cancel was for that statement only.
        await using var again = new NpgsqlCommand("SELECT 43", queued);
        Assert.Equal(43, await again.ExecuteScalarAsync());
    }
}
