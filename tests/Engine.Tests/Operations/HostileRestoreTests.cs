using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using TenantDb.Engine.Errors;
using TenantDb.ProcSandbox.Text;
using TenantDb.TestKit;
using static TenantDb.Engine.Tests.Operations.OperationsSql;

namespace TenantDb.Engine.Tests.Operations;

/// <summary>
/// Database files crafted outside TenantDb (with a plain SQLite connection, which has none of the
/// tenant's restrictions) are refused by restore with a clear error, and nothing of them is installed.
/// </summary>
public sealed class HostileRestoreTests : IDisposable
{
    private readonly TempDirectory _directory = TempDirectory.ForDatabases();
    private readonly TenantDbEngine _engine;
    private readonly string _genuine;

    public HostileRestoreTests()
    {
        _engine = TenantDbEngine.Open(_directory.Path);
        _engine.CreateTenant("origin");
        Exec(_engine, "origin", "CREATE TABLE t (a INTEGER, b TEXT)");
        Exec(_engine, "origin", "WITH RECURSIVE s(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM s WHERE value < 200) INSERT INTO t SELECT value, hex(randomblob(100)) FROM s");
        _genuine = Path.Combine(_directory.Path, "genuine.backup");
        _engine.BackupTenant("origin", _genuine);
    }

    public void Dispose()
    {
        _engine.Dispose();
        _directory.Dispose();
    }

    /// <summary>A copy of a genuine backup changed by <paramref name="sql"/> run on a plain, unrestricted connection.</summary>
    private string Craft(string sql)
    {
        string file = Path.Combine(_directory.Path, "crafted-" + Guid.NewGuid().ToString("N") + ".db");
        File.Copy(_genuine, file);
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString()))
        {
            connection.Open();
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }

        return file;
    }

    private TenantDbException Refused(string file, TenantDbErrorKind kind, string because)
    {
        var refused = Assert.Throws<TenantDbException>(() => _engine.RestoreTenant("victim", file));
        Assert.True(kind == refused.Kind, $"{refused.Kind}: {refused.Message}");
        Assert.StartsWith("restore refused", refused.Message, StringComparison.Ordinal);
        Assert.Contains(because, refused.Message, StringComparison.Ordinal);
        Assert.False(_engine.TenantExists("victim"));
        Assert.Empty(Directory.GetFiles(Path.Combine(_directory.Path, "tenants"), ".restore-*"));
        return refused;
    }

    [Fact]
    public void The_genuine_file_restores()
    {
        _engine.RestoreTenant("victim", _genuine);
        Assert.Equal(200, Scalar(_engine, "victim", "SELECT count(*) FROM t"));
    }

    [Theory]
    [InlineData("CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT load_extension('/tmp/evil.so'); END", "load_extension")]
    [InlineData("CREATE TRIGGER tr BEFORE DELETE ON t BEGIN SELECT fts3_tokenizer('simple', x'4141414141414141'); END", "fts3_tokenizer")]
    [InlineData("CREATE VIEW modules AS SELECT module FROM _tenantdb_procedures", "reserved")]
    [InlineData("CREATE TRIGGER tr AFTER UPDATE ON t BEGIN SELECT module FROM _tenantdb_procedures; END", "reserved")]
    public void A_schema_object_the_tenant_could_not_create_is_refused(string sql, string because) =>
        Refused(Craft(sql), TenantDbErrorKind.Denied, because);

    // Objects SQLite itself will not load into a connection with trusted_schema off: restore reports
    // SQLite's reason. A plain connection refuses to create most of them, so they are written into
    // the schema table directly, as an attacker would.
    [Theory]
    [InlineData("CREATE VIEW pages AS SELECT pgno, data FROM sqlite_dbpage", "sqlite_dbpage")]
    [InlineData("CREATE TABLE g (a, b AS (lower(a))); PRAGMA writable_schema = ON; UPDATE sqlite_schema SET sql = replace(sql, 'lower', 'load_extension') WHERE name = 'g'", "load_extension")]
    [InlineData("CREATE TABLE e (x); CREATE INDEX i ON e (lower(x)); PRAGMA writable_schema = ON; UPDATE sqlite_schema SET sql = replace(sql, 'lower', 'load_extension') WHERE name = 'i'", "load_extension")]
    [InlineData("PRAGMA writable_schema = ON; UPDATE sqlite_schema SET name = 'innocent' WHERE name = 't'", "malformed database schema")]
    public void A_schema_SQLite_will_not_load_safely_is_refused(string sql, string because) =>
        Refused(Craft(sql), TenantDbErrorKind.Corrupt, because);

    [Fact]
    public void A_trigger_over_raw_pages_restores_but_cannot_read_them()
    {
        // Inside a schema object an unqualified name belongs to that object's schema, where the
        // page-reading virtual table does not exist: the trigger fails as soon as it fires.
        _engine.RestoreTenant("victim", Craft("CREATE TRIGGER tr AFTER UPDATE ON t BEGIN SELECT data FROM sqlite_dbpage; END"));
        var failed = Assert.Throws<TenantDbException>(() => Exec(_engine, "victim", "UPDATE t SET a = a + 1"));
        Assert.Contains("sqlite_dbpage", failed.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("CREATE TABLE _tenantdb_evil (x)")]
    [InlineData("CREATE TABLE _TenantDB_Usage (x)")]
    [InlineData("CREATE TRIGGER tr AFTER INSERT ON _tenantdb_procedures BEGIN DELETE FROM t; END")]
    [InlineData("CREATE INDEX steal ON _tenantdb_procedures (sha256)")]
    [InlineData("DROP VIEW tenantdb_procedures; CREATE VIEW tenantdb_procedures AS SELECT name, parameters, columns, created_at, module FROM _tenantdb_procedures")]
    [InlineData("DROP TABLE _tenantdb_settings; CREATE TABLE _tenantdb_settings (key TEXT, value TEXT)")]
    public void A_fake_or_altered_reserved_object_is_refused(string sql) =>
        Refused(Craft(sql), TenantDbErrorKind.Denied, "reserved for TenantDb");

    [Fact]
    public void A_corrupt_page_is_refused()
    {
        string file = Path.Combine(_directory.Path, "corrupt.db");
        File.Copy(_genuine, file);
        using (var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite))
        {
            // A page in the middle of the file holds rows of t; garble its header and cell pointers.
            stream.Position = stream.Length / 4096 / 2 * 4096;
            stream.Write(RandomNumberGenerator.GetBytes(64));
        }

        Refused(file, TenantDbErrorKind.Corrupt, "malformed");
    }

    [Fact]
    public void A_file_larger_than_the_quota_is_refused_before_it_is_read()
    {
        string data = Path.Combine(_directory.Path, "small");
        using var small = TenantDbEngine.Open(data, new EngineOptions { DefaultQuotaBytes = 1 << 20 });
        string file = Path.Combine(_directory.Path, "big.db");
        File.WriteAllBytes(file, new byte[2 << 20]);

        // Zero bytes are not a database: only a check made before reading gives the quota error.
        var refused = Assert.Throws<TenantDbException>(() => small.RestoreTenant("victim", file));
        Assert.Equal(TenantDbErrorKind.QuotaExceeded, refused.Kind);
        Assert.False(small.TenantExists("victim"));
        Assert.Empty(Directory.GetFiles(Path.Combine(data, "tenants"), ".restore-*"));
    }

    [Fact]
    public void A_file_that_is_not_a_database_is_refused()
    {
        string file = Path.Combine(_directory.Path, "text.db");
        File.WriteAllText(file, new string('x', 10_000));
        Refused(file, TenantDbErrorKind.Corrupt, "not a readable SQLite database");
    }

    [Fact]
    public void A_database_that_is_not_a_tenant_is_refused()
    {
        string file = Path.Combine(_directory.Path, "plain.db");
        using (var connection = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            connection.Open();
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE t (x)";
            command.ExecuteNonQuery();
        }

        Refused(file, TenantDbErrorKind.Corrupt, "reserved tables");
    }

    [Fact]
    public void A_procedure_whose_module_does_not_match_its_hash_is_refused()
    {
        byte[] module = TenantDb.ProcSandbox.Text.WatParser.ParseModuleBinary(Security.ReservedStateAttackTests.Says("x"));
        string file = Craft(Insert(module, SHA256.HashData(Encoding.UTF8.GetBytes("something else"))));
        Refused(file, TenantDbErrorKind.Corrupt, "hash");
    }

    [Fact]
    public void A_procedure_module_that_breaks_the_procedure_rules_is_refused()
    {
        // Well-formed WebAssembly with a matching hash, but it imports from outside the ABI.
        byte[] module = TenantDb.ProcSandbox.Text.WatParser.ParseModuleBinary(
            """(module (import "env" "system" (func (param i32))) (memory (export "memory") 1) (func (export "run") (result i32) (i32.const 0)))""");
        Refused(Craft(Insert(module, SHA256.HashData(module))), TenantDbErrorKind.InvalidProcedure, "env");
    }

    [Fact]
    public void Malformed_stored_limits_are_refused() =>
        Refused(Craft("INSERT INTO _tenantdb_settings VALUES ('procedure_limits', '{\"Fuel\": -1}')"), TenantDbErrorKind.Corrupt, "limits");

    [Fact]
    public void An_unknown_settings_key_is_refused() =>
        Refused(Craft("INSERT INTO _tenantdb_settings VALUES ('admin', 'yes')"), TenantDbErrorKind.Corrupt, "settings");

    private static string Insert(byte[] module, byte[] sha256) =>
        $"INSERT INTO _tenantdb_procedures VALUES ('p', '', 'who text', x'{Convert.ToHexString(module)}', x'{Convert.ToHexString(sha256)}', '2024-01-01 00:00:00.000')";
}
