using Dapper;
using TenantDb.Engine;
using TenantDb.Engine.Errors;
using TenantDb.TestKit;

namespace TenantDb.Engine.Tests;

/// <summary>
/// Real attempts by a hostile tenant. Each must fail with a clear error while the victim's data, the
/// attacker's own committed data and the engine itself stay intact.
/// </summary>
public sealed class AttackSuiteTests : IClassFixture<AttackSuiteTests.Fixture>
{
    private readonly TempDirectory _directory;
    private readonly TenantDbEngine _engine;

    public AttackSuiteTests(Fixture fixture)
    {
        _directory = fixture.Directory;
        _engine = fixture.Engine;
    }

    /// <summary>One file-backed engine with a victim and an attacker tenant, shared by the suite.</summary>
    public sealed class Fixture : IDisposable
    {
        public Fixture()
        {
            Engine = TenantDbEngine.Open(Directory.Path, new EngineOptions
        {
                StatementTimeout = TimeSpan.FromMilliseconds(300),
                DefaultQuotaBytes = 512 * 1024,
            });
            foreach (string tenant in new[] { "victim", "attacker" })
            {
                Engine.CreateTenant(tenant);
                using TenantSession session = Engine.OpenSession(tenant);
                session.Connection.Execute("CREATE TABLE secrets (id INTEGER PRIMARY KEY, value TEXT)");
                session.Connection.Execute("INSERT INTO secrets (value) VALUES (@v)", new { v = tenant + "-data" });
            }
        }

        public TempDirectory Directory { get; } = TempDirectory.ForDatabases();

        public TenantDbEngine Engine { get; }

        public void Dispose()
        {
            Engine.Dispose();
            Directory.Dispose();
        }
    }

    public static TheoryData<string, string> HostileStatements => new()
    {
        { "attach another tenant's file", $"ATTACH DATABASE '{{dir}}/tenants/victim/tenant.db' AS v" },
        { "attach the catalog", "ATTACH DATABASE '{dir}/catalog.db' AS c" },
        { "attach in-memory", "ATTACH DATABASE ':memory:' AS m" },
        { "detach main", "DETACH DATABASE main" },
        { "vacuum into a file outside", "VACUUM INTO '/tmp/tenantdb-stolen.db'" },
        { "pragma writable_schema", "PRAGMA writable_schema = ON" },
        { "pragma journal_mode off", "PRAGMA journal_mode = OFF" },
        { "pragma synchronous off", "PRAGMA synchronous = OFF" },
        { "raise the quota", "PRAGMA max_page_count = 2147483647" },
        { "pragma temp_store_directory", "PRAGMA temp_store_directory = '/tmp'" },
        { "pragma mmap_size", "PRAGMA mmap_size = 1000000000" },
        { "load_extension", "SELECT load_extension('/lib/x86_64-linux-gnu/libc.so.6')" },
        { "fts3_tokenizer pointer", "SELECT fts3_tokenizer('simple')" },
        { "read reserved table", "SELECT * FROM _tenantdb_procedures" },
        { "write reserved table", "INSERT INTO _tenantdb_procedures VALUES ('p', x'00', 'now')" },
        { "drop reserved table", "DROP TABLE _tenantdb_procedures" },
        { "create reserved table", "CREATE TABLE _TenantDb_evil (x)" },
        { "index on reserved table", "CREATE INDEX i ON _tenantdb_procedures(created_at)" },
        { "pragma on reserved table", "PRAGMA table_info(_tenantdb_procedures)" },
        { "rename reserved table", "ALTER TABLE _tenantdb_procedures RENAME TO mine" },
        { "write sqlite_schema", "UPDATE sqlite_schema SET sql = 'x' WHERE name = 'secrets'" },
        { "unknown virtual table module", "CREATE VIRTUAL TABLE z USING zipfile('/etc/passwd')" },
    };

    [Theory]
    [MemberData(nameof(HostileStatements))]
    public void Hostile_statement_is_denied_and_nothing_is_damaged(string attack, string sql)
    {
        sql = sql.Replace("{dir}", _directory.Path, StringComparison.Ordinal);
        using (TenantSession session = _engine.OpenSession("attacker"))
        {
            var error = Assert.Throws<TenantDbException>(() =>
            {
                using TenantStatement statement = session.Prepare(sql);
                statement.ExecuteNonQuery();
            });
            Assert.True(error.Kind == TenantDbErrorKind.Denied, $"{attack}: unexpected {error.Kind}: {error.Message}");
            Assert.True(
                error.Message.Contains("denied", StringComparison.Ordinal) || error.Message.Contains("prohibited", StringComparison.Ordinal)
                || error.Message.Contains("may not be modified", StringComparison.Ordinal),
                $"{attack}: unclear message {error.Message}");
        }

        Assert.False(File.Exists("/tmp/tenantdb-stolen.db"));
        AssertIntact();
    }

    [Fact]
    public void Hostile_statement_through_dapper_is_denied_too()
    {
        using (TenantSession session = _engine.OpenSession("attacker"))
        {
            var error = Assert.Throws<TenantDbException>(() =>
                session.Connection.Execute($"ATTACH DATABASE '{_directory.Path}/tenants/victim/tenant.db' AS v"));
            Assert.Equal(TenantDbErrorKind.Denied, error.Kind);
            Assert.Throws<NotSupportedException>(() =>
                ((Microsoft.Data.Sqlite.SqliteConnection)session.Connection).EnableExtensions(true));
        }

        AssertIntact();
    }

    [Theory]
    [InlineData("UPDATE sqlite_dbpage SET data = zeroblob(4096) WHERE pgno = 1")]
    [InlineData("INSERT INTO sqlite_dbpage (pgno, data) VALUES (1, zeroblob(4096))")]
    public void Raw_page_writes_are_impossible(string sql)
    {
        using (TenantSession session = _engine.OpenSession("attacker"))
        {
            var error = Assert.Throws<TenantDbException>(() =>
            {
                using TenantStatement statement = session.Prepare(sql);
                statement.ExecuteNonQuery();
            });

            // Either the module is not compiled in, or defensive mode refuses the write.
            Assert.True(
                error.Kind is TenantDbErrorKind.UndefinedObject or TenantDbErrorKind.Denied or TenantDbErrorKind.ReadOnly,
                $"{error.Kind}: {error.Message}");
        }

        AssertIntact();
    }

    [Fact]
    public void Runaway_recursive_cte_is_stopped_by_the_deadline()
    {
        using (TenantSession session = _engine.OpenSession("attacker"))
        {
            var error = Assert.Throws<TenantDbException>(() => session.Prepare(
                "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r").ExecuteNonQuery());
            Assert.Equal(TenantDbErrorKind.Timeout, error.Kind); // the deadline stopped it, not an error of its own

            // The same session keeps working after the timeout.
            Assert.Equal(1L, session.Connection.ExecuteScalar<long>("SELECT count(*) FROM secrets"));
        }

        AssertIntact();
    }

    [Fact]
    public void Growing_past_the_quota_fails_with_quota_exceeded()
    {
        using (TenantSession session = _engine.OpenSession("attacker"))
        {
            session.Connection.Execute("CREATE TABLE junk (b BLOB)");
            var error = Assert.Throws<TenantDbException>(() =>
            {
                for (int i = 0; i < 1000; i++)
                {
                    using TenantStatement insert = session.Prepare("INSERT INTO junk VALUES (randomblob(16000))");
                    insert.ExecuteNonQuery();
                }
            });
            Assert.Equal(TenantDbErrorKind.QuotaExceeded, error.Kind);

            // Deleting frees space; the tenant can write again.
            session.Connection.Execute("DELETE FROM junk");
            session.Connection.Execute("INSERT INTO junk VALUES (randomblob(1000))");
        }

        AssertIntact();
    }

    [Fact]
    public void Huge_values_and_expressions_hit_limits()
    {
        using (TenantSession session = _engine.OpenSession("attacker"))
        {
            var big = Assert.Throws<TenantDbException>(() => session.Prepare("SELECT zeroblob(100000000)").ExecuteNonQuery());
            Assert.Equal(TenantDbErrorKind.TooBig, big.Kind);
            string deep = string.Concat(Enumerable.Repeat("1 + (", 1000)) + "1" + new string(')', 1000);
            var depth = Assert.Throws<TenantDbException>(() => session.Prepare("SELECT " + deep));
            Assert.True(depth.Kind == TenantDbErrorKind.TooBig, depth.Kind + ": " + depth.Message);
        }

        AssertIntact();
    }

    [Theory]
    [InlineData("../victim")]
    [InlineData("..")]
    [InlineData("/etc")]
    [InlineData("a/../../b")]
    [InlineData("victim/../attacker")]
    [InlineData("Victim")]
    [InlineData("")]
    [InlineData("a\0b")]
    [InlineData("1abc")]
    [InlineData("abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklm")]
    public void Path_traversal_tenant_names_are_rejected(string name)
    {
        foreach (Action attempt in new Action[]
        {
            () => _engine.CreateTenant(name),
            () => _engine.OpenSession(name).Dispose(),
            () => _engine.DropTenant(name),
            () => _engine.SetPassword(name, "u", "p"),
        })
        {
            var error = Assert.Throws<TenantDbException>(attempt);
            Assert.Equal(TenantDbErrorKind.InvalidTenantName, error.Kind);
        }

        Assert.False(_engine.TenantExists(name));
        Assert.Equal(["tenants"], Directory.GetDirectories(_directory.Path).Select(Path.GetFileName));
        AssertIntact();
    }

    private void AssertIntact()
    {
        foreach (string tenant in new[] { "victim", "attacker" })
        {
            using TenantSession session = _engine.OpenSession(tenant);
            Assert.Equal([tenant + "-data"], session.Connection.Query<string>("SELECT value FROM secrets"));
        }

        _engine.CreateTenant("probe");
        _engine.DropTenant("probe");
    }
}
