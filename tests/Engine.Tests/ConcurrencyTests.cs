using Dapper;
using TenantDb.Engine;
using TenantDb.Engine.Errors;
using TenantDb.Engine.Values;
using TenantDb.TestKit;

namespace TenantDb.Engine.Tests;

public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Interrupt_from_another_thread_cancels_the_running_statement()
    {
        using var engine = TenantDbEngine.OpenInMemory(new EngineOptions { StatementTimeout = TimeSpan.FromSeconds(30) });
        engine.CreateTenant("t");
        using TenantSession session = engine.OpenSession("t");
        using TenantStatement endless = session.Prepare("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r");
        var running = Task.Run(() => endless.ExecuteNonQuery());
        // An interrupt only stops a statement that has started, so it is repeated until this one ends;
        // Canceled (not Timeout) shows that an interrupt, not the 30 s deadline, stopped it.
        await Eventually.RepeatUntilCompletedAsync(running, session.Interrupt, TimeSpan.FromSeconds(20), "interrupting the endless statement");
        var error = await Assert.ThrowsAsync<TenantDbException>(() => running);
        Assert.Equal(TenantDbErrorKind.Canceled, error.Kind);

        // The statement and the session are usable afterwards.
        Assert.Equal(1L, session.Connection.ExecuteScalar<long>("SELECT 1"));
    }

    [Fact]
    public void Statements_run_through_dapper_have_the_deadline_too()
    {
        using var engine = TenantDbEngine.OpenInMemory(new EngineOptions { StatementTimeout = TimeSpan.FromMilliseconds(200) });
        engine.CreateTenant("t");
        using TenantSession session = engine.OpenSession("t");
        var error = Assert.Throws<TenantDbException>(() => session.Connection.ExecuteScalar<long>(
            "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r"));
        Assert.Equal(TenantDbErrorKind.Timeout, error.Kind);
        Assert.Equal(2L, session.Connection.ExecuteScalar<long>("SELECT 2"));
    }

    [Fact]
    public void Many_readers_run_while_a_writer_holds_the_write_lock()
    {
        using var directory = TempDirectory.ForDatabases();
        using var engine = TenantDbEngine.Open(directory.Path);
        engine.CreateTenant("t");
        using (TenantSession setup = engine.OpenSession("t"))
        {
            setup.Connection.Execute("CREATE TABLE n (x INTEGER)");
            setup.Connection.Execute("INSERT INTO n VALUES (1), (2), (3)");
        }

        using TenantSession writer = engine.OpenSession("t");
        writer.Begin();
        writer.Connection.Execute("INSERT INTO n VALUES (4)");

        // WAL: readers see the last committed state and are not blocked by the open write transaction.
        Parallel.For(0, 8, _ =>
        {
            using TenantSession reader = engine.OpenSession("t");
            Assert.Equal(6L, reader.Connection.ExecuteScalar<long>("SELECT sum(x) FROM n"));
        });

        writer.Commit();
        using TenantSession after = engine.OpenSession("t");
        Assert.Equal(10L, after.Connection.ExecuteScalar<long>("SELECT sum(x) FROM n"));
    }

    [Fact]
    public void Concurrent_writers_are_serialized_without_busy_errors()
    {
        using var directory = TempDirectory.ForDatabases();
        using var engine = TenantDbEngine.Open(directory.Path);
        engine.CreateTenant("t");
        using (TenantSession setup = engine.OpenSession("t"))
        {
            setup.Connection.Execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, value INTEGER NOT NULL)");
            setup.Connection.Execute("INSERT INTO counter VALUES (1, 0)");
        }

        const int Writers = 4;
        const int Increments = 25;
        Parallel.For(0, Writers, new ParallelOptions { MaxDegreeOfParallelism = Writers }, _ =>
        {
            using TenantSession session = engine.OpenSession("t");
            using TenantStatement read = session.Prepare("SELECT value FROM counter WHERE id = 1");
            using TenantStatement write = session.Prepare("UPDATE counter SET value = ? WHERE id = 1");
            for (int i = 0; i < Increments; i++)
            {
                // Read-modify-write without retries: the transaction takes the write lock before it reads.
                session.BeginWrite();
                long value;
                using (TenantReader reader = read.ExecuteReader())
                {
                    Assert.True(reader.Read());
                    value = reader.GetInt64(0);
                }

                write.Bind(0, SqlValue.Integer(value + 1));
                Assert.Equal(1, write.ExecuteNonQuery());
                session.Commit();
            }
        });

        using TenantSession check = engine.OpenSession("t");
        Assert.Equal(Writers * Increments, check.Connection.ExecuteScalar<long>("SELECT value FROM counter"));
    }

    [Fact]
    public void A_writer_waiting_longer_than_the_busy_timeout_gets_busy()
    {
        using var directory = TempDirectory.ForDatabases();
        using var engine = TenantDbEngine.Open(directory.Path, new EngineOptions { BusyTimeout = TimeSpan.FromMilliseconds(200) });
        engine.CreateTenant("t");
        using TenantSession first = engine.OpenSession("t");
        using TenantSession second = engine.OpenSession("t");
        first.BeginWrite();
        var error = Assert.Throws<TenantDbException>(second.BeginWrite);
        Assert.Equal(TenantDbErrorKind.Busy, error.Kind);
        Assert.False(second.HoldsWriteLock);
        first.Commit();
        second.BeginWrite();
        second.Commit();
    }
}
