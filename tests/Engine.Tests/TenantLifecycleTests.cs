using Dapper;
using TenantDb.Engine;
using TenantDb.Engine.Errors;
using TenantDb.TestKit;

namespace TenantDb.Engine.Tests;

public sealed class TenantLifecycleTests
{
    [Fact]
    public void Dropping_a_tenant_with_an_open_session_makes_the_session_fail_cleanly()
    {
        using var engine = TenantDbEngine.OpenInMemory();
        engine.CreateTenant("t");
        using TenantSession session = engine.OpenSession("t");
        session.Connection.Execute("CREATE TABLE a (x)");
        engine.DropTenant("t");
        var error = Assert.Throws<TenantDbException>(() => session.Prepare("SELECT * FROM a"));
        Assert.Equal(TenantDbErrorKind.UnknownTenant, error.Kind);

        // A new tenant of the same name starts empty.
        engine.CreateTenant("t");
        using TenantSession fresh = engine.OpenSession("t");
        Assert.Throws<TenantDbException>(() => fresh.Prepare("SELECT * FROM a"));
    }

    [Fact]
    public void A_file_tenant_dropped_under_an_open_session_can_be_recreated_safely()
    {
        using var directory = TempDirectory.ForDatabases();
        using var engine = TenantDbEngine.Open(directory.Path);
        engine.CreateTenant("t");
        TenantSession old = engine.OpenSession("t");
        old.Connection.Execute("CREATE TABLE a (x); INSERT INTO a VALUES (1)");
        engine.DropTenant("t");
        Assert.False(Directory.Exists(Path.Combine(directory.Path, "tenants", "t")));

        engine.CreateTenant("t");
        using (TenantSession fresh = engine.OpenSession("t"))
        {
            fresh.Connection.Execute("CREATE TABLE b (y); INSERT INTO b VALUES (2)");
        }

        // Closing the stale connection must not touch the new tenant's files.
        old.Dispose();
        using TenantSession check = engine.OpenSession("t");
        Assert.Equal(2L, check.Connection.ExecuteScalar<long>("SELECT y FROM b"));
        Assert.Throws<TenantDbException>(() => check.Prepare("SELECT x FROM a"));
    }

    [Fact]
    public void A_tenant_whose_file_vanished_reports_a_typed_error_and_others_keep_working()
    {
        using var directory = TempDirectory.ForDatabases();
        using var engine = TenantDbEngine.Open(directory.Path, new EngineOptions { MaxIdleConnectionsPerTenant = 0 });
        engine.CreateTenant("gone");
        engine.CreateTenant("fine");
        File.Delete(Path.Combine(directory.Path, "tenants", "gone", "tenant.db"));
        var error = Assert.Throws<TenantDbException>(() => engine.OpenSession("gone").Dispose());
        Assert.Equal(TenantDbErrorKind.Sql, error.Kind);
        using TenantSession session = engine.OpenSession("fine");
        Assert.Equal(1L, session.Connection.ExecuteScalar<long>("SELECT 1"));
    }

    [Fact]
    public void Idle_connections_are_bounded_by_an_lru_over_tenants()
    {
        using var engine = TenantDbEngine.OpenInMemory(new EngineOptions { MaxOpenTenants = 2, MaxIdleConnectionsPerTenant = 1 });
        foreach (string name in new[] { "a", "b", "c" })
        {
            engine.CreateTenant(name);
            engine.OpenSession(name).Dispose();
        }

        Assert.Equal(0, engine.GetStore("a").IdleCount);
        Assert.Equal(1, engine.GetStore("b").IdleCount);
        Assert.Equal(1, engine.GetStore("c").IdleCount);

        // Using "b" again makes "c" the least recently used one.
        engine.OpenSession("b").Dispose();
        engine.OpenSession("a").Dispose();
        Assert.Equal(1, engine.GetStore("a").IdleCount);
        Assert.Equal(1, engine.GetStore("b").IdleCount);
        Assert.Equal(0, engine.GetStore("c").IdleCount);

        // A session that changed connection state is not pooled.
        using (TenantSession session = engine.OpenSession("a"))
        {
            session.Connection.Execute("PRAGMA foreign_keys = OFF");
        }

        Assert.Equal(0, engine.GetStore("a").IdleCount);
    }

    [Fact]
    public void Thousands_of_file_tenants_keep_open_files_bounded()
    {
        using var directory = TempDirectory.ForDatabases();
        const int MaxOpen = 32;
        using var engine = TenantDbEngine.Open(directory.Path, new EngineOptions { MaxOpenTenants = MaxOpen });
        int baseline = OpenFileCount();
        const int Tenants = 2000;
        for (int i = 0; i < Tenants; i++)
        {
            string name = "tenant-" + i;
            engine.CreateTenant(name);
            using TenantSession session = engine.OpenSession(name);

            // Every session really opens its database (a read needs the db, -wal and -shm files).
            Assert.Equal(0L, session.Connection.ExecuteScalar<long>("SELECT count(*) FROM sqlite_schema WHERE name = 'kv'"));
            if (i % 50 == 0)
            {
                session.Connection.Execute("CREATE TABLE kv (k TEXT PRIMARY KEY, v INTEGER); INSERT INTO kv VALUES ('n', @i)", new { i });
            }
        }

        // Each pooled connection holds the db, -wal and -shm files.
        int grown = OpenFileCount() - baseline;
        Assert.True(grown <= MaxOpen * 3 + 16, $"open files grew by {grown}");

        // Evicted tenants reopen transparently.
        for (int i = 0; i < Tenants; i += 50)
        {
            using TenantSession session = engine.OpenSession("tenant-" + i);
            Assert.Equal(i, session.Connection.ExecuteScalar<long>("SELECT v FROM kv"));
        }

        Assert.Equal(Tenants, engine.ListTenants().Count);
    }

    private static int OpenFileCount() => Directory.GetFiles("/proc/self/fd").Length;
}
