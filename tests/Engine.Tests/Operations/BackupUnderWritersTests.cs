using System.Collections.Concurrent;
using TenantDb.Engine;
using TenantDb.Engine.Values;
using TenantDb.TestKit;
using static TenantDb.Engine.Tests.Operations.OperationsSql;

namespace TenantDb.Engine.Tests.Operations;

/// <summary>
/// A backup taken while eight sessions commit transactions holds a prefix of the commit order: every
/// transaction acknowledged before the backup started, none torn in half, nothing after a gap.
/// </summary>
public sealed class BackupUnderWritersTests : IDisposable
{
    private const int Writers = 8;
    private readonly TempDirectory _directory = TempDirectory.ForDatabases();
    private readonly TenantDbEngine _engine;

    public BackupUnderWritersTests()
    {
        _engine = TenantDbEngine.Open(_directory.Path, new EngineOptions { BusyTimeout = TimeSpan.FromSeconds(30) });
    }

    public void Dispose()
    {
        _engine.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task Backup_under_eight_writers_restores_to_a_committed_prefix()
    {
        _engine.CreateTenant("live");
        Exec(_engine, "live", "CREATE TABLE t (txn INTEGER, part INTEGER, writer INTEGER, PRIMARY KEY (txn, part))");
        Exec(_engine, "live", "CREATE TABLE g (n INTEGER NOT NULL)");
        Exec(_engine, "live", "INSERT INTO g VALUES (0)");

        var acknowledged = new ConcurrentDictionary<long, int>();
        using var stop = new CancellationTokenSource();
        Task[] writers = Enumerable.Range(0, Writers).Select(w => Task.Run(() => Write(w, acknowledged, stop.Token))).ToArray();
        try
        {
            SpinWait.SpinUntil(() => acknowledged.Count >= 40 || writers.Any(t => t.IsFaulted), TimeSpan.FromSeconds(60));
            Assert.DoesNotContain(writers, t => t.IsFaulted);
            long[] before = [.. acknowledged.Keys];
            string file = Path.Combine(_directory.Path, "live.backup");
            _engine.BackupTenant("live", file);

            // Writers keep committing after the backup; the backup must not contain any of it.
            int after = acknowledged.Count;
            SpinWait.SpinUntil(() => acknowledged.Count >= after + 20 || writers.Any(t => t.IsFaulted), TimeSpan.FromSeconds(60));
            stop.Cancel();
            await Task.WhenAll(writers);

            _engine.RestoreTenant("copy", file);
            long n = Scalar(_engine, "copy", "SELECT n FROM g");
            Assert.Equal(n, Scalar(_engine, "copy", "SELECT count(DISTINCT txn) FROM t"));
            Assert.Equal(n, Scalar(_engine, "copy", "SELECT coalesce(max(txn), 0) FROM t"));
            Assert.Equal(1, Scalar(_engine, "copy", "SELECT coalesce(min(txn), 1) FROM t"));
            Assert.Equal(0, Scalar(_engine, "copy", "SELECT count(*) FROM (SELECT txn FROM t GROUP BY txn HAVING count(*) <> 2)"));
            Assert.All(before, txn => Assert.True(txn <= n, $"transaction {txn} was acknowledged before the backup started but is not in it ({n})"));
            Assert.True(n < Scalar(_engine, "live", "SELECT n FROM g"), "the writers committed after the backup, so the live tenant is ahead of it");
            Assert.Equal(acknowledged.Count, Scalar(_engine, "live", "SELECT n FROM g"));
        }
        finally
        {
            stop.Cancel();
            await Task.WhenAll(writers.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        }
    }

    private void Write(int writer, ConcurrentDictionary<long, int> acknowledged, CancellationToken stop)
    {
        using TenantSession session = _engine.OpenSession("live");
        using TenantStatement next = session.Prepare("UPDATE g SET n = n + 1 RETURNING n");
        using TenantStatement insert = session.Prepare("INSERT INTO t (txn, part, writer) VALUES (?, ?, ?)");
        while (!stop.IsCancellationRequested)
        {
            session.Begin();
            long txn;
            using (TenantReader reader = next.ExecuteReader())
            {
                Assert.True(reader.Read());
                txn = reader.GetInt64(0);
            }

            for (int part = 0; part < 2; part++)
            {
                insert.Bind(0, SqlValue.Integer(txn));
                insert.Bind(1, SqlValue.Integer(part));
                insert.Bind(2, SqlValue.Integer(writer));
                insert.ExecuteNonQuery();
            }

            session.Commit();
            acknowledged[txn] = writer;
        }
    }
}
