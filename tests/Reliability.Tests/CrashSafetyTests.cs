using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using TenantDb.Bench.Load;
using Xunit.Abstractions;
using TenantDb.TestKit;

namespace TenantDb.Reliability.Tests;

/// <summary>
/// SIGKILLs the real server at random moments under concurrent writers, restarts it on the same data
/// directory and checks that every acknowledged transaction is there in full, no transaction is there
/// in part, and every tenant database passes PRAGMA integrity_check, both through the restarted server
/// and on a copy of the files exactly as the killed process left them.
/// TENANTDB_KILL_CYCLES sets the number of kills (CI default 12), TENANTDB_KILL_SEED the random seed,
/// TENANTDB_KILL_PROGRESS a file that gets one line per cycle (for long runs).
/// </summary>
[Trait(TestCategory.Name, TestCategory.Slow)]
public sealed class CrashSafetyTests(ITestOutputHelper output) : IDisposable
{
    private const int WritersPerTenant = 3;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly string[] Tenants = ["crash-a", "crash-b", "crash-c"];
    private readonly TempDirectory _root = new("tenantdb-crash-");
    private readonly Dictionary<string, TxnJournal> _journals = Tenants.ToDictionary(t => t, _ => new TxnJournal());
    private readonly CrashTotals _totals = new();

    private string DataDirectory => Path.Combine(_root.Path, "data");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _root.Dispose();
    }

    [Fact]
    public async Task Acknowledged_transactions_survive_sigkill_whole_and_nothing_partial_appears()
    {
        int cycles = EnvironmentInt("TENANTDB_KILL_CYCLES", 12);
        int seed = EnvironmentInt("TENANTDB_KILL_SEED", Environment.TickCount & 0x7fffffff);
        var random = new Random(seed);
        output.WriteLine($"seed {seed} (TENANTDB_KILL_SEED), {cycles} kill cycles (TENANTDB_KILL_CYCLES)");
        var clock = Stopwatch.StartNew();
        TenantProvisioning.Create(DataDirectory, Tenants);

        ServerProcess? server = null;
        try
        {
            server = await ServerProcess.StartAsync(DataDirectory, StartTimeout);
            await CreateSchemaAsync(server);
            for (int cycle = 1; cycle <= cycles; cycle++)
            {
                _totals.CurrentCycle = cycle;
                if (cycle % 4 == 0)
                {
                    // Also kill a server that is still starting (opening the catalog, recovering).
                    server.Kill();
                    server.Dispose();
                    server = ServerProcess.Launch(DataDirectory);
                    await Task.Delay(random.Next(0, 800));
                    _totals.StartupKills++;
                    server.Kill();
                    server.Dispose();
                    server = await ServerProcess.StartAsync(DataDirectory, StartTimeout);
                }
                await WriteThenKillAsync(server, random, TimeSpan.FromMilliseconds(random.Next(0, 1200)));
                await VerifyFilesAsync(copy: true, $"cycle {cycle} files");
                server.Dispose();
                server = await ServerProcess.StartAsync(DataDirectory, StartTimeout);
                await VerifyThroughServerAsync(server, $"cycle {cycle} restarted");
                _totals.Cycles++;
                if (Environment.GetEnvironmentVariable("TENANTDB_KILL_PROGRESS") is { Length: > 0 } progress)
                    await File.AppendAllTextAsync(progress, $"{DateTime.UtcNow:HH:mm:ss} cycle {cycle}/{cycles}: {_totals}\n");
                if (_totals.Failures.Count > 0) break;
            }
            server.Kill();
            await VerifyFilesAsync(copy: false, "final files");
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"cycle {_totals.CurrentCycle} failed after {clock.Elapsed.TotalSeconds:F0} s ({_totals}); server log:\n{server?.RecentLog}", e);
        }
        finally
        {
            server?.Dispose();
        }

        output.WriteLine(_totals.ToString());
        var byKind = _journals.Values.SelectMany(j => j.Records).GroupBy(r => r.Kind).OrderBy(g => g.Key)
            .Select(g => $"{g.Key} {g.Count(r => r.Acknowledged)}/{g.Count()}");
        output.WriteLine("acknowledged/started by kind: " + string.Join(", ", byKind));
        output.WriteLine($"final check of the killed files: {_totals.FinalSummary}; {clock.Elapsed.TotalSeconds:F1} s");
        foreach (var e in _totals.ServerErrors.Take(20)) output.WriteLine("server error: " + e);
        Assert.True(_totals.Failures.Count == 0, string.Join('\n', _totals.Failures.Take(50)));
        Assert.Equal(0, _totals.Lost);
        Assert.Equal(0, _totals.Partial);
        Assert.Equal(0, _totals.IntegrityFailures);
        Assert.Empty(_totals.ServerErrors);
        Assert.True(_totals.Acknowledged > cycles, $"only {_totals.Acknowledged} transactions acknowledged: the writers hardly ran");
    }

    private async Task CreateSchemaAsync(ServerProcess server)
    {
        foreach (var tenant in Tenants)
        {
            await using var connection = new NpgsqlConnection(ConnectionString(server, tenant));
            await connection.OpenAsync();
            foreach (var sql in CrashSchema.Statements())
            {
                await using var command = new NpgsqlCommand(sql, connection);
                await command.ExecuteNonQueryAsync();
            }
        }
    }

    private async Task WriteThenKillAsync(ServerProcess server, Random random, TimeSpan runFor)
    {
        using var stop = new CancellationTokenSource();
        var writers = new List<CrashWriter>();
        var tasks = new List<Task>();
        foreach (var tenant in Tenants)
        {
            for (int i = 0; i < WritersPerTenant; i++)
            {
                var writer = new CrashWriter(ConnectionString(server, tenant), _journals[tenant], random.Next());
                writers.Add(writer);
                tasks.Add(Task.Run(() => writer.RunAsync(stop.Token)));
            }
        }
        // Kill at a random moment after the writers got going (a loaded machine can take seconds to
        // open the connections), so every cycle kills transactions in flight, not connection setup.
        var warmUp = Stopwatch.StartNew();
        while (writers.Sum(w => w.Acknowledged) < writers.Count && warmUp.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(10);
        await Task.Delay(runFor);
        server.Kill();
        stop.Cancel();
        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(60));
        foreach (var w in writers)
        {
            _totals.Acknowledged += w.Acknowledged;
            _totals.ServerErrors.AddRange(w.ServerErrors);
            _totals.SerializationFailures += w.SerializationFailures;
        }
    }

    private async Task VerifyThroughServerAsync(ServerProcess server, string where)
    {
        foreach (var tenant in Tenants)
        {
            await using var connection = new NpgsqlConnection(ConnectionString(server, tenant));
            await connection.OpenAsync();
            Record(tenant, $"{where} {tenant}", await CrashVerifier.VerifyAsync(connection, _journals[tenant]));
            _totals.ServerChecks++;
        }
    }

    /// <summary>
    /// Opens the tenant files with plain SQLite (Microsoft.Data.Sqlite), which recovers the WAL itself.
    /// With <paramref name="copy"/> it opens a copy of the database and WAL (not the shared-memory
    /// index) so the server's own recovery on restart still starts from the killed state.
    /// </summary>
    private async Task VerifyFilesAsync(bool copy, string where)
    {
        foreach (var tenant in Tenants)
        {
            var file = Path.Combine(DataDirectory, "tenants", tenant, "tenant.db");
            if (copy)
            {
                var snapshot = Path.Combine(_root.Path, "snapshot", tenant);
                if (Directory.Exists(snapshot)) Directory.Delete(snapshot, recursive: true);
                Directory.CreateDirectory(snapshot);
                File.Copy(file, Path.Combine(snapshot, "tenant.db"));
                if (File.Exists(file + "-wal")) File.Copy(file + "-wal", Path.Combine(snapshot, "tenant.db-wal"));
                file = Path.Combine(snapshot, "tenant.db");
            }
            await using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString()))
            {
                await connection.OpenAsync();
                Record(tenant, $"{where} {tenant}", await CrashVerifier.VerifyAsync(connection, _journals[tenant]));
            }
            _totals.FileChecks++;
        }
    }

    private void Record(string tenant, string where, TenantVerdict verdict) => _totals.Add(tenant, where, verdict);

    private static string ConnectionString(ServerProcess server, string tenant) =>
        server.ConnectionString(tenant, TenantProvisioning.User, TenantProvisioning.Password, pooling: false);

    private static int EnvironmentInt(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? value : fallback;
}
