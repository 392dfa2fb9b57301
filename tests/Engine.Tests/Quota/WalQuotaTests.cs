using TenantDb.Engine.Errors;
using TenantDb.Engine.Tenants;
using TenantDb.TestKit;
using Xunit.Abstractions;

namespace TenantDb.Engine.Tests.Quota;

/// <summary>
/// The quota counts the write-ahead log too: a reader that holds a snapshot forever keeps SQLite
/// from checkpointing, and a writer rewriting the same rows would otherwise grow the WAL without
/// bound. Writes fail with QuotaExceeded once the database file and its WAL hold more than the
/// quota, and the WAL is truncated again once the snapshot is gone.
/// </summary>
public sealed class WalQuotaTests(ITestOutputHelper output) : IDisposable
{
    private const long Quota = 5L << 20;

    /// <summary>What one commit of the test adds to the WAL: a 1 MB blob in 4 KiB pages plus frame headers.</summary>
    private const long OneTransaction = (1_000_000 / 4096 + 8) * (4096 + 24);

    private readonly TempDirectory _dir = TempDirectory.ForDatabases();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_pinned_snapshot_cannot_grow_the_wal_past_the_quota_and_the_wal_shrinks_once_it_is_released()
    {
        using var engine = TenantDbEngine.Open(_dir.Path);
        engine.CreateTenant("w");
        engine.SetQuota("w", Quota);
        string file = Path.Combine(_dir.Path, "tenants", "w", "tenant.db");
        using var writer = engine.OpenSession("w");
        using var reader = engine.OpenSession("w");
        Run(writer, "CREATE TABLE big(id INTEGER PRIMARY KEY, b BLOB)");
        Run(writer, "INSERT INTO big VALUES (1, randomblob(1000000))");

        // The reader pins a snapshot: no checkpoint can get past it while it is open.
        Run(reader, "SAVEPOINT pin");
        Run(reader, "SELECT count(*) FROM big");

        int committed = 0, refused = 0;
        long largest = 0;
        for (int i = 0; i < 40; i++)
        {
            try
            {
                Run(writer, "UPDATE big SET b = randomblob(1000000) WHERE id = 1");
                committed++;
            }
            catch (TenantDbException e) when (e.Kind == TenantDbErrorKind.QuotaExceeded)
            {
                refused++;
            }
            largest = Math.Max(largest, Size(file) + Size(file + "-wal"));
        }

        output.WriteLine($"committed {committed}, refused {refused}, largest database + WAL {largest} bytes (quota {Quota})");
        Assert.True(refused > 0, "40 rewrites of 1 MB under a 5 MiB quota were all accepted");
        Assert.True(largest <= Quota + OneTransaction, $"database + WAL reached {largest} bytes");
        Assert.True(committed >= 2, $"only {committed} rewrites committed before the quota stopped them");

        // Once the snapshot is released the WAL can be checkpointed and truncated: writes work again.
        Run(reader, "RELEASE pin");
        Run(writer, "UPDATE big SET b = randomblob(1000000) WHERE id = 1");
        Run(writer, "UPDATE big SET b = randomblob(1000000) WHERE id = 1");
        long wal = Size(file + "-wal");
        output.WriteLine($"after the snapshot is released: database {Size(file)} bytes, WAL {wal} bytes");
        Assert.True(wal <= TenantQuota.IdleWalBytes(Quota) + OneTransaction, $"the WAL stayed at {wal} bytes");
        Assert.True(Size(file) + wal <= Quota + OneTransaction);
    }

    [Fact]
    public void Small_commits_keep_the_wal_near_the_checkpoint_size_and_leave_the_write_lock_free()
    {
        using var engine = TenantDbEngine.Open(_dir.Path);
        engine.CreateTenant("c");
        string file = Path.Combine(_dir.Path, "tenants", "c", "tenant.db");
        using var writer = engine.OpenSession("c");
        using var other = engine.OpenSession("c");
        Run(writer, "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
        long largest = 0;
        // About two WAL frames per commit: without a checkpoint the WAL would reach about 5000 frames.
        for (int i = 0; i < 2500; i++)
        {
            Run(writer, $"INSERT INTO t VALUES ({i}, 'row {i}')");
            // The checkpoint, run after the commit, leaves the tenant's write lock free for the next writer.
            Assert.True(other.TryTakeWriteLock(), $"the write lock was still held after commit {i}");
            other.ReleaseWriteLockIfNotWriting();
            largest = Math.Max(largest, Size(file + "-wal"));
        }

        output.WriteLine($"largest WAL {largest} bytes ({WalQuota.CheckpointFrames} frames are {WalQuota.WalBytes(WalQuota.CheckpointFrames)} bytes)");
        Assert.True(largest <= WalQuota.WalBytes(WalQuota.CheckpointFrames + 16), $"the WAL grew to {largest} bytes");
    }

    private static long Size(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? info.Length : 0;
    }

    private static void Run(TenantSession session, string sql)
    {
        using var statement = session.Prepare(sql);
        statement.ExecuteNonQuery();
    }
}
