using TenantDb.Engine;
using TenantDb.Engine.Errors;
using TenantDb.TestKit;

namespace TenantDb.Engine.Tests.Transactions;

/// <summary>
/// Transactions on file-backed (WAL) tenants: BEGIN takes no lock, the first write takes the tenant's
/// write lock, a stale snapshot fails with 40001, and no path keeps the lock after its transaction.
/// </summary>
public sealed class DeferredTransactionTests : IDisposable
{
    private readonly TempDirectory _directory = TempDirectory.ForDatabases();
    private readonly TenantDbEngine _engine;

    public DeferredTransactionTests()
    {
        _engine = TenantDbEngine.Open(_directory.Path, new EngineOptions { BusyTimeout = TimeSpan.FromMilliseconds(200) });
        _engine.CreateTenant("t");
        using TenantSession setup = _engine.OpenSession("t");
        Run(setup, "CREATE TABLE kv (k INTEGER PRIMARY KEY, v INTEGER NOT NULL)");
        Run(setup, "INSERT INTO kv VALUES (1, 10), (2, 20)");
    }

    public void Dispose()
    {
        _engine.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public void Begin_and_reads_take_no_lock_so_other_sessions_write_meanwhile()
    {
        using TenantSession idle = _engine.OpenSession("t");
        idle.Begin();
        Assert.Equal(10, Value(idle, 1));
        Assert.False(idle.HoldsWriteLock);

        using TenantSession writer = _engine.OpenSession("t");
        Run(writer, "UPDATE kv SET v = 11 WHERE k = 1");
        Assert.False(writer.HoldsWriteLock);

        // The open transaction keeps its snapshot; a new one sees the commit.
        Assert.Equal(10, Value(idle, 1));
        idle.Commit();
        Assert.Equal(11, Value(idle, 1));
    }

    [Fact]
    public void Readers_do_not_wait_for_a_transaction_holding_the_write_lock()
    {
        using TenantSession writer = _engine.OpenSession("t");
        writer.Begin();
        Run(writer, "UPDATE kv SET v = 99 WHERE k = 1");
        Assert.True(writer.HoldsWriteLock);

        using TenantSession reader = _engine.OpenSession("t");
        reader.Begin();
        Assert.Equal(10, Value(reader, 1));
        reader.Commit();
        writer.Commit();
        Assert.False(writer.HoldsWriteLock);
        Assert.Equal(99, Value(reader, 1));
    }

    [Fact]
    public void A_first_write_on_a_stale_snapshot_fails_with_40001_and_gives_the_lock_back()
    {
        using TenantSession stale = _engine.OpenSession("t");
        using TenantSession other = _engine.OpenSession("t");
        stale.Begin();
        Assert.Equal(10, Value(stale, 1));
        Run(other, "UPDATE kv SET v = 12 WHERE k = 1");

        var error = Assert.Throws<TenantDbException>(() => Run(stale, "UPDATE kv SET v = v + 1 WHERE k = 1"));
        Assert.Equal(TenantDbErrorKind.SerializationFailure, error.Kind);
        Assert.Equal("40001", error.SqlState);
        Assert.False(stale.HoldsWriteLock);

        // Others write on; the stale transaction rolls back and its retry succeeds.
        Run(other, "UPDATE kv SET v = 13 WHERE k = 1");
        stale.Rollback();
        stale.Begin();
        Run(stale, "UPDATE kv SET v = v + 1 WHERE k = 1");
        stale.Commit();
        Assert.Equal(14, Value(other, 1));
    }

    [Fact]
    public void A_second_writer_waits_for_the_lock_and_fails_with_55P03_after_the_timeout()
    {
        using TenantSession first = _engine.OpenSession("t");
        using TenantSession second = _engine.OpenSession("t");
        first.Begin();
        Run(first, "UPDATE kv SET v = 1 WHERE k = 1");
        second.Begin();
        var error = Assert.Throws<TenantDbException>(() => Run(second, "UPDATE kv SET v = 2 WHERE k = 2"));
        Assert.Equal(TenantDbErrorKind.Busy, error.Kind);
        Assert.Equal("55P03", error.SqlState);
        first.Commit();

        // The second transaction never wrote and its snapshot is from before the commit: it goes on
        // only after a rollback.
        second.Rollback();
        Run(second, "UPDATE kv SET v = 2 WHERE k = 2");
        Assert.Equal(2, Value(first, 2));
    }

    [Fact]
    public void BeginWrite_holds_the_lock_from_the_start_and_never_sees_a_stale_snapshot()
    {
        using TenantSession writer = _engine.OpenSession("t");
        using TenantSession other = _engine.OpenSession("t");
        writer.BeginWrite();
        Assert.True(writer.HoldsWriteLock);
        Assert.Equal(10, Value(writer, 1));
        Assert.Throws<TenantDbException>(() => Run(other, "UPDATE kv SET v = 0 WHERE k = 1"));
        Run(writer, "UPDATE kv SET v = v + 5 WHERE k = 1");
        writer.Commit();
        Assert.False(writer.HoldsWriteLock);
        Assert.Equal(15, Value(other, 1));
    }

    [Fact]
    public void No_path_keeps_the_lock_after_its_transaction_ends()
    {
        using TenantSession session = _engine.OpenSession("t");

        // An autocommit write gives the lock back at its end, also when it fails.
        Run(session, "INSERT INTO kv VALUES (3, 30)");
        Assert.False(session.HoldsWriteLock);
        Assert.Throws<TenantDbException>(() => Run(session, "INSERT INTO kv VALUES (3, 31)"));
        Assert.False(session.HoldsWriteLock);

        // A failed statement inside a transaction keeps it (the transaction still holds its writes); ROLLBACK ends it.
        session.Begin();
        Run(session, "INSERT INTO kv VALUES (4, 40)");
        Assert.Throws<TenantDbException>(() => Run(session, "INSERT INTO kv VALUES (4, 41)"));
        Assert.True(session.HoldsWriteLock);
        session.Rollback();
        Assert.False(session.HoldsWriteLock);

        // COMMIT and ROLLBACK sent as SQL end it too.
        Run(session, "BEGIN");
        Run(session, "DELETE FROM kv WHERE k = 3");
        Run(session, "COMMIT");
        Assert.False(session.HoldsWriteLock);

        // A statement abandoned half-way (its reader disposed early) ends its autocommit write.
        using (TenantStatement returning = session.Prepare("INSERT INTO kv VALUES (5, 50), (6, 60) RETURNING k"))
        using (TenantReader reader = returning.ExecuteReader())
        {
            Assert.True(reader.Read());
            Assert.True(session.HoldsWriteLock);
        }

        Assert.False(session.HoldsWriteLock);

        // Disposing a session in the middle of a write transaction hands the lock on.
        TenantSession abandoned = _engine.OpenSession("t");
        abandoned.Begin();
        Run(abandoned, "UPDATE kv SET v = 0");
        Assert.True(abandoned.HoldsWriteLock);
        abandoned.Dispose();
        using TenantSession next = _engine.OpenSession("t");
        Run(next, "UPDATE kv SET v = 7 WHERE k = 1");
        Assert.Equal(7, Value(next, 1));
    }

    [Fact]
    public async Task A_canceled_write_gives_the_lock_back()
    {
        using TenantSession session = _engine.OpenSession("t");
        using TenantStatement endless = session.Prepare(
            "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) INSERT INTO kv SELECT n + 100, n FROM r WHERE n < 0");
        var running = Task.Run(endless.ExecuteNonQuery);
        await Eventually.RepeatUntilCompletedAsync(running, session.Interrupt, TimeSpan.FromSeconds(20), "interrupting the endless write");
        var error = await Assert.ThrowsAsync<TenantDbException>(() => running);
        Assert.Equal(TenantDbErrorKind.Canceled, error.Kind);
        Assert.False(session.HoldsWriteLock);
        using TenantSession other = _engine.OpenSession("t");
        Run(other, "UPDATE kv SET v = 3 WHERE k = 1");
    }

    [Fact]
    public void A_read_only_session_refuses_writes_with_25006_but_reads()
    {
        using TenantSession session = _engine.OpenSession("t");
        session.ReadOnly = true;
        session.Begin();
        Assert.Equal(10, Value(session, 1));
        var error = Assert.Throws<TenantDbException>(() => Run(session, "UPDATE kv SET v = 0"));
        Assert.Equal(TenantDbErrorKind.ReadOnly, error.Kind);
        Assert.Equal("25006", error.SqlState);
        Assert.False(session.HoldsWriteLock);
        session.Rollback();
        session.ReadOnly = false;
        Run(session, "UPDATE kv SET v = 0 WHERE k = 1");
        Assert.Equal(0, Value(session, 1));
    }

    [Fact]
    public async Task A_session_waiting_asynchronously_gets_the_lock_when_the_holder_commits()
    {
        using TenantSession holder = _engine.OpenSession("t");
        using TenantSession waiter = _engine.OpenSession("t");
        holder.Begin();
        Run(holder, "UPDATE kv SET v = 100 WHERE k = 1");
        Assert.False(waiter.TryTakeWriteLock());
        Task wait = waiter.WaitForWriteLockAsync(CancellationToken.None);
        Assert.False(wait.IsCompleted);
        holder.Commit();
        await wait;
        Assert.True(waiter.HoldsWriteLock);

        // A lock taken ahead survives the BEGIN and reads before the write, and goes with the commit.
        waiter.Begin();
        Assert.Equal(100, Value(waiter, 1));
        Assert.True(waiter.HoldsWriteLock);
        Run(waiter, "UPDATE kv SET v = v + 1 WHERE k = 1");
        waiter.Commit();
        Assert.False(waiter.HoldsWriteLock);

        // Taken and not used: the holder gives it back explicitly.
        Assert.True(waiter.TryTakeWriteLock());
        waiter.ReleaseWriteLockIfNotWriting();
        Assert.False(waiter.HoldsWriteLock);
    }

    private static void Run(TenantSession session, string sql)
    {
        using TenantStatement statement = session.Prepare(sql);
        statement.ExecuteNonQuery();
    }

    private static long Value(TenantSession session, long key)
    {
        using TenantStatement statement = session.Prepare("SELECT v FROM kv WHERE k = ?1");
        statement.BindInt64(0, key);
        using TenantReader reader = statement.ExecuteReader();
        Assert.True(reader.Read());
        return reader.GetInt64(0);
    }
}
