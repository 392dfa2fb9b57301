using System.Text;
using TenantDb.Engine.Errors;
using TenantDb.Engine.Operations;
using TenantDb.Engine.Procedures;
using TenantDb.Engine.Tests.Security;
using TenantDb.TestKit;
using static TenantDb.Engine.Tests.Operations.OperationsSql;

namespace TenantDb.Engine.Tests.Operations;

/// <summary>Backup and restore of a well-formed tenant: new tenants, replace, and the rules around them.</summary>
public sealed class RestoreTests : IDisposable
{
    private static readonly ProcedureColumn[] TextColumn = [new("who", ProcedureType.Text)];
    private readonly TempDirectory _directory = TempDirectory.ForDatabases();
    private readonly TenantDbEngine _engine;

    public RestoreTests()
    {
        _engine = TenantDbEngine.Open(_directory.Path);
    }

    public void Dispose()
    {
        _engine.Dispose();
        _directory.Dispose();
    }

    private string BackupFile(string name) => Path.Combine(_directory.Path, name + ".backup");

    private static string CallSays(TenantSession session, string procedure)
    {
        var sink = new CollectingRows();
        session.CallProcedure(procedure, [], sink);
        return Assert.Single(sink.Values);
    }

    [Fact]
    public void A_backup_restores_tables_procedures_and_limits_into_a_new_tenant()
    {
        _engine.CreateTenant("src");
        var limits = new ProcedureLimits { Fuel = 12_345_678 };
        using (TenantSession session = _engine.OpenSession("src"))
        {
            Exec(session, "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, price REAL CHECK (price >= 0))");
            Exec(session, "CREATE INDEX items_by_price ON items (price)");
            Exec(session, "CREATE VIEW cheap AS SELECT name FROM items WHERE price < 5");
            Exec(session, "CREATE TRIGGER items_audit AFTER INSERT ON items BEGIN UPDATE items SET name = upper(new.name) WHERE id = new.id; END");
            Exec(session, "CREATE VIRTUAL TABLE docs USING fts5 (body)");
            Exec(session, "INSERT INTO docs VALUES ('a backup is a snapshot')");
            Exec(session, "INSERT INTO items (name, price) VALUES ('apple', 1.5), ('melon', 7)");
            session.CreateProcedure("hello", [], TextColumn, Encoding.UTF8.GetBytes(ReservedStateAttackTests.Says("restored")));
            session.SetProcedureLimits(limits);
        }

        TenantOperationResult backup = _engine.BackupTenant("src", BackupFile("src"));
        Assert.True(backup.Bytes > 0);
        Assert.False(File.Exists(BackupFile("src") + "-wal"), "a backup is a single file");

        TenantOperationResult restore = _engine.RestoreTenant("dst", BackupFile("src"));
        Assert.Equal(1, restore.ProceduresVerified);
        using TenantSession restored = _engine.OpenSession("dst");
        Assert.Equal(1, Scalar(restored, "SELECT count(*) FROM cheap WHERE name = 'APPLE'"));
        Assert.Equal(1, Scalar(restored, "SELECT count(*) FROM docs WHERE docs MATCH 'snapshot'"));
        Exec(restored, "INSERT INTO items (name, price) VALUES ('kiwi', 2)");
        Assert.Equal(2, Scalar(restored, "SELECT count(*) FROM cheap"));
        Assert.Equal("restored", CallSays(restored, "hello"));
        Assert.Equal(limits.Fuel, restored.GetProcedureLimits().Fuel);
        Assert.Empty(Directory.GetFiles(Path.Combine(_directory.Path, "tenants"), ".restore-*"));
    }

    [Fact]
    public void Restore_with_replace_puts_the_tenant_back_and_needs_it_offline()
    {
        _engine.CreateTenant("app");
        Exec(_engine, "app", "CREATE TABLE t (v INTEGER)");
        Exec(_engine, "app", "INSERT INTO t VALUES (1)");
        _engine.BackupTenant("app", BackupFile("app"));
        Exec(_engine, "app", "INSERT INTO t VALUES (2)");
        Exec(_engine, "app", "CREATE TABLE later (x)");

        var exists = Assert.Throws<TenantDbException>(() => _engine.RestoreTenant("app", BackupFile("app")));
        Assert.Equal(TenantDbErrorKind.TenantExists, exists.Kind);

        using (_engine.OpenSession("app"))
        {
            var busy = Assert.Throws<TenantDbException>(() => _engine.RestoreTenant("app", BackupFile("app"), replace: true));
            Assert.Equal(TenantDbErrorKind.TenantInUse, busy.Kind);
        }

        _engine.RestoreTenant("app", BackupFile("app"), replace: true);
        Assert.Equal(1, Scalar(_engine, "app", "SELECT sum(v) FROM t"));
        Assert.Equal(0, Scalar(_engine, "app", "SELECT count(*) FROM sqlite_schema WHERE name = 'later'"));

        var missing = Assert.Throws<TenantDbException>(() => _engine.RestoreTenant("nobody", BackupFile("app"), replace: true));
        Assert.Equal(TenantDbErrorKind.UnknownTenant, missing.Kind);
        var again = Assert.Throws<TenantDbException>(() => _engine.BackupTenant("app", BackupFile("app")));
        Assert.Equal(TenantDbErrorKind.Misuse, again.Kind);
    }

    [Fact]
    public void A_copy_of_a_tenant_file_in_wal_mode_restores()
    {
        _engine.CreateTenant("walsrc");
        Exec(_engine, "walsrc", "CREATE TABLE t (v)");
        Exec(_engine, "walsrc", "INSERT INTO t VALUES (42)");
        // A copy of the database file and its WAL, as a file-level backup of a stopped server holds them.
        string copy = BackupFile("walcopy");
        string live = Path.Combine(_directory.Path, "tenants", "walsrc", "tenant.db");
        File.Copy(live, copy);
        File.Copy(live + "-wal", copy + "-wal");
        _engine.RestoreTenant("walrestored", copy);
        Assert.Equal(42, Scalar(_engine, "walrestored", "SELECT v FROM t"));
    }

    [Fact]
    public void The_in_memory_engine_backs_up_and_restores()
    {
        using var memory = TenantDbEngine.OpenInMemory();
        memory.CreateTenant("m");
        Exec(memory, "m", "CREATE TABLE t (v)");
        Exec(memory, "m", "INSERT INTO t VALUES (7)");
        string file = BackupFile("memory");
        memory.BackupTenant("m", file);
        memory.RestoreTenant("m2", file);
        Assert.Equal(7, Scalar(memory, "m2", "SELECT v FROM t"));
        _engine.RestoreTenant("fromMemory".ToLowerInvariant(), file);
        Assert.Equal(7, Scalar(_engine, "frommemory", "SELECT v FROM t"));
    }

    private sealed class CollectingRows : IProcedureRowSink
    {
        public List<string> Values { get; } = [];

        public void OnRow(ProcedureRow row) => Values.Add(row.GetValue(0).AsText);
    }
}
