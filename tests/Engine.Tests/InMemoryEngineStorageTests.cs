using Dapper;
using TenantDb.Engine.Errors;

namespace TenantDb.Engine.Tests;

/// <summary>
/// An in-memory engine keeps real WAL database files in a private directory: tenants behave as on disk
/// (a reader never waits for a committing writer), and the directory is private, unique and gone once
/// the engine and its last session are.
/// </summary>
public sealed class InMemoryEngineStorageTests
{
    [Fact]
    public void The_private_directory_is_unique_owner_only_and_deleted_with_the_engine()
    {
        string first, second;
        using (var a = TenantDbEngine.OpenInMemory())
        using (var b = TenantDbEngine.OpenInMemory())
        {
            first = a.StorageDirectory;
            second = b.StorageDirectory;
            Assert.NotEqual(first, second);
            Assert.Null(a.DataDirectory);
            Assert.True(Directory.Exists(first));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(first));
            }

            a.CreateTenant("t");
            using TenantSession session = a.OpenSession("t");
            Assert.Equal("wal", session.Connection.ExecuteScalar<string>("PRAGMA journal_mode"));
        }

        Assert.False(Directory.Exists(first));
        Assert.False(Directory.Exists(second));
    }

    [Fact]
    public void A_session_left_open_keeps_working_and_the_directory_goes_when_it_closes()
    {
        var engine = TenantDbEngine.OpenInMemory();
        string directory = engine.StorageDirectory;
        engine.CreateTenant("t");
        TenantSession session = engine.OpenSession("t");
        session.Connection.Execute("CREATE TABLE x (v INTEGER)");
        engine.Dispose();

        Assert.True(Directory.Exists(directory));
        session.Connection.Execute("INSERT INTO x VALUES (1)");
        Assert.Equal(1L, session.Connection.ExecuteScalar<long>("SELECT count(*) FROM x"));
        session.Dispose();
        Assert.False(Directory.Exists(directory));
    }

    [Fact]
    public async Task A_reader_never_waits_for_a_writer_that_holds_uncommitted_changes()
    {
        using var engine = TenantDbEngine.OpenInMemory(new EngineOptions { BusyTimeout = TimeSpan.FromSeconds(30) });
        engine.CreateTenant("t");
        using (TenantSession setup = engine.OpenSession("t"))
        {
            setup.Connection.Execute("CREATE TABLE n (x INTEGER)");
            setup.Connection.Execute("INSERT INTO n VALUES (1), (2)");
        }

        using TenantSession writer = engine.OpenSession("t");
        writer.Begin();
        writer.Connection.Execute("INSERT INTO n VALUES (4)");
        writer.Connection.Execute("UPDATE n SET x = x * 10");

        // A rollback journal would make this reader wait out the 30 s busy timeout (and fail the test's
        // own bound below); in WAL it reads the last committed state at once.
        var read = Task.Run(() =>
        {
            using TenantSession reader = engine.OpenSession("t");
            return reader.Connection.ExecuteScalar<long>("SELECT sum(x) FROM n");
        });
        Assert.Equal(3L, await read.WaitAsync(TimeSpan.FromSeconds(20)));

        writer.Commit();
        using TenantSession after = engine.OpenSession("t");
        Assert.Equal(70L, after.Connection.ExecuteScalar<long>("SELECT sum(x) FROM n"));
    }

    [Fact]
    public void Dropping_and_recreating_a_tenant_starts_from_an_empty_database()
    {
        using var engine = TenantDbEngine.OpenInMemory();
        engine.CreateTenant("t");
        using (TenantSession session = engine.OpenSession("t"))
        {
            session.Connection.Execute("CREATE TABLE old (v INTEGER)");
        }

        engine.DropTenant("t");
        engine.CreateTenant("t");
        using TenantSession fresh = engine.OpenSession("t");
        var error = Assert.Throws<TenantDbException>(() => fresh.Connection.ExecuteScalar<long>("SELECT count(*) FROM old"));
        Assert.Equal("42P01", error.SqlState);
    }
}

/// <summary>The sweep that removes the private directories of processes that died without disposing their engines.</summary>
public sealed class PrivateStorageSweepTests
{
    [Fact]
    public void Only_directories_whose_lock_no_one_holds_are_removed()
    {
        using var root = new TestKit.TempDirectory("tenantdb-sweep-");
        string Make(string suffix, bool lockFile)
        {
            string path = Path.Combine(root.Path, Tenants.PrivateStorageDirectory.NamePrefix + suffix);
            Directory.CreateDirectory(Path.Combine(path, "tenants"));
            if (lockFile) File.WriteAllText(Path.Combine(path, Tenants.PrivateStorageDirectory.LockFileName), "");
            return path;
        }

        string abandoned = Make("abandoned", lockFile: true);
        string live = Make("live", lockFile: true);
        string beingCreated = Make("creating", lockFile: false);
        string unrelated = Path.Combine(root.Path, "someone-else");
        Directory.CreateDirectory(unrelated);
        using (new FileStream(Path.Combine(live, Tenants.PrivateStorageDirectory.LockFileName), FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            Tenants.PrivateStorageDirectory.SweepAbandoned(root.Path);
        }

        Assert.False(Directory.Exists(abandoned));
        Assert.True(Directory.Exists(live));
        Assert.True(Directory.Exists(beingCreated));
        Assert.True(Directory.Exists(unrelated));
    }
}
