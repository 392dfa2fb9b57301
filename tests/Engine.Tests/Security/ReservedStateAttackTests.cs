using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using TenantDb.Engine;
using TenantDb.Engine.Errors;
using TenantDb.Engine.Procedures;
using TenantDb.Engine.Tests.Procedures;
using TenantDb.Engine.Values;
using TenantDb.ProcSandbox.Text;
using TenantDb.TestKit;

namespace TenantDb.Engine.Tests.Security;

/// <summary>
/// A hostile tenant tries to reach the engine's reserved state (stored procedures, limits, the
/// compiled-code cache) through its own SQL: shadowing, renaming, triggers, foreign keys. Each attempt
/// must be refused or be harmless, and the victim tenant must keep running its own code.
/// </summary>
public sealed class ReservedStateAttackTests : IDisposable
{
    private readonly TempDirectory _directory = TempDirectory.ForDatabases();
    private readonly TenantDbEngine _engine;

    public ReservedStateAttackTests()
    {
        _engine = TenantDbEngine.Open(_directory.Path, new EngineOptions
        {
            ProcedureLimits = new ProcedureLimits { Fuel = 20_000_000, Timeout = TimeSpan.FromSeconds(30) },
        });
    }

    public void Dispose()
    {
        _engine.Dispose();
        _directory.Dispose();
    }

    private static readonly ProcedureColumn[] TextColumn = [new("who", ProcedureType.Text)];

    /// <summary>A procedure that emits one row holding <paramref name="word"/>.</summary>
    internal static string Says(string word) => $$"""
        (module
          {{ProcedureModules.Imports}}
          (memory (export "memory") 1)
          (data (i32.const 0) "{{RowBytes(word)}}")
          (func (export "run") (result i32)
            (drop (call $emit (i32.const 0) (i32.const {{7 + 4 + word.Length}})))
            (i32.const 0)))
        """;

    // One row of one text value in the ABI's row encoding, as a WAT data string.
    private static string RowBytes(string word)
    {
        var row = new List<byte>();
        int payload = 2 + 1 + 4 + word.Length;
        row.AddRange(BitConverter.GetBytes(payload));
        row.AddRange(BitConverter.GetBytes((short)1));
        row.Add(3);
        row.AddRange(BitConverter.GetBytes(word.Length));
        row.AddRange(Encoding.ASCII.GetBytes(word));
        return string.Concat(row.Select(b => $"\\{b:x2}"));
    }

    private sealed class CollectingSink : IProcedureRowSink
    {
        public List<string> Values { get; } = [];

        public void OnRow(ProcedureRow row) => Values.Add(row.GetValue(0).AsText);
    }

    private TenantSession Tenant(string name)
    {
        _engine.CreateTenant(name);
        return _engine.OpenSession(name);
    }

    private static string CallSays(TenantSession session, string procedure)
    {
        var sink = new CollectingSink();
        session.CallProcedure(procedure, [], sink);
        return Assert.Single(sink.Values);
    }

    private static void Exec(TenantSession session, string sql)
    {
        using TenantStatement statement = session.Prepare(sql);
        statement.ExecuteNonQuery();
    }

    private static TenantDbException Refused(TenantSession session, string sql) =>
        Assert.Throws<TenantDbException>(() => Exec(session, sql));

    [Fact]
    public void Procedure_says_helper_emits_its_word()
    {
        using TenantSession session = Tenant("plain");
        session.CreateProcedure("hello", [], TextColumn, Encoding.UTF8.GetBytes(Says("hello")));
        Assert.Equal("hello", CallSays(session, "hello"));
    }

    [Fact]
    public void A_temp_table_renamed_over_the_procedures_table_cannot_run_code_in_another_tenant()
    {
        using TenantSession victim = Tenant("victim");
        byte[] victimWasm = TenantDb.ProcSandbox.Text.WatParser.ParseModuleBinary(Says("victim"));
        victim.CreateProcedure("p", [], TextColumn, victimWasm);
        Assert.Equal("victim", CallSays(victim, "p"));

        using TenantSession attacker = Tenant("attacker");
        byte[] attackerWasm = TenantDb.ProcSandbox.Text.WatParser.ParseModuleBinary(Says("attacker"));
        Exec(attacker, "CREATE TEMP TABLE px(name TEXT PRIMARY KEY, parameters TEXT, columns TEXT, module BLOB, sha256 BLOB, created_at TEXT)");
        using (TenantStatement insert = attacker.Prepare("INSERT INTO px VALUES ('poison', '', 'who text', ?, ?, '2020-01-01 00:00:00.000')"))
        {
            insert.Bind(0, SqlValue.Blob(attackerWasm));
            insert.Bind(1, SqlValue.Blob(SHA256.HashData(victimWasm)));
            insert.ExecuteNonQuery();
        }

        var denied = Refused(attacker, "ALTER TABLE temp.px RENAME TO _tenantdb_procedures");
        Assert.Equal(TenantDbErrorKind.Denied, denied.Kind);
        Assert.Throws<TenantDbException>(() => CallSays(attacker, "poison"));

        // The victim's next call still runs the victim's own code.
        Assert.Equal("victim", CallSays(victim, "p"));
    }

    [Theory]
    [InlineData("ALTER TABLE temp.px RENAME TO _tenantdb_procedures")]
    [InlineData("ALTER TABLE px RENAME TO \"_TenantDB_settings\"")]
    [InlineData("ALTER TABLE px RENAME TO [_tenantdb_procedures]")]
    [InlineData("ALTER TABLE px RENAME TO `_tenantdb_future`")]
    [InlineData("ALTER TABLE px RENAME TO tenantdb_procedures")]
    [InlineData("ALTER TABLE px /* c */ RENAME TO -- c\n _tenantdb_x")]
    [InlineData("ALTER TABLE main.mx RENAME TO _tenantdb_settings2")]
    [InlineData("ALTER TABLE mx RENAME TO _TENANTDB")]
    public void Renaming_any_table_to_a_reserved_name_is_denied(string sql)
    {
        using TenantSession attacker = Tenant("renamer");
        Exec(attacker, "CREATE TEMP TABLE px(x)");
        Exec(attacker, "CREATE TABLE mx(x)");
        var denied = Refused(attacker, sql);
        Assert.Equal(TenantDbErrorKind.Denied, denied.Kind);
        Assert.Contains("reserved", denied.Message, StringComparison.OrdinalIgnoreCase);

        // Through the ADO.NET connection (Dapper's path) too.
        using var command = attacker.Connection.CreateCommand();
        command.CommandText = "SELECT 1; " + sql;
        Assert.ThrowsAny<Exception>(() => { using var reader = command.ExecuteReader(); while (reader.NextResult()) { } });
        Assert.Equal(0, ReservedObjectsInTemp(attacker));
    }

    [Fact]
    public void Renaming_ordinary_tables_still_works()
    {
        using TenantSession session = Tenant("ordinary");
        Exec(session, "CREATE TABLE a(x)");
        Exec(session, "CREATE TEMP TABLE b(x)");
        Exec(session, "ALTER TABLE a RENAME TO a2");
        Exec(session, "ALTER TABLE b RENAME TO tenantdb_stuff");
        Exec(session, "ALTER TABLE a2 RENAME COLUMN x TO y");
        Exec(session, "ALTER TABLE a2 ADD COLUMN z");
    }

    [Fact]
    public void A_temp_trigger_on_a_shadow_never_fires_inside_the_engines_statements()
    {
        using TenantSession attacker = Tenant("trigger-attacker");
        Exec(attacker, "CREATE TABLE loot(v BLOB)");
        Exec(attacker, "CREATE TEMP TABLE px(name TEXT PRIMARY KEY, parameters TEXT, columns TEXT, module BLOB, sha256 BLOB, created_at TEXT)");
        Exec(attacker, """
            CREATE TEMP TRIGGER steal AFTER INSERT ON px BEGIN
              INSERT INTO main._tenantdb_settings(key, value) VALUES ('procedure_limits', '{"Fuel":9000000000000000000}');
              INSERT INTO loot SELECT module FROM main._tenantdb_procedures;
            END
            """);
        Refused(attacker, "ALTER TABLE temp.px RENAME TO _tenantdb_procedures");

        attacker.CreateProcedure("q", [], TextColumn, Encoding.UTF8.GetBytes(Says("q")));
        Assert.Equal("q", CallSays(attacker, "q"));
        Assert.Equal(20_000_000, attacker.GetProcedureLimits().Fuel);
        Assert.Equal(0L, Scalar(attacker, "SELECT count(*) FROM loot"));
    }

    [Fact]
    public void Tenant_triggers_reached_through_a_foreign_key_cannot_run_with_the_engines_rights()
    {
        using TenantSession attacker = Tenant("fk-attacker");
        attacker.CreateProcedure("victim_of_fk", [], TextColumn, Encoding.UTF8.GetBytes(Says("x")));
        Exec(attacker, "CREATE TABLE child(n TEXT REFERENCES _tenantdb_procedures(name) ON DELETE CASCADE)");
        Exec(attacker, "INSERT INTO child VALUES ('victim_of_fk')");
        Exec(attacker, """
            CREATE TRIGGER escalate AFTER DELETE ON child BEGIN
              INSERT INTO _tenantdb_settings(key, value) VALUES ('procedure_limits', '{"Fuel":9000000000000000000}');
            END
            """);

        // Either the drop is refused or it succeeds without the trigger's write: never escalated limits.
        try
        {
            attacker.DropProcedure("victim_of_fk");
        }
        catch (TenantDbException)
        {
        }

        Assert.Equal(20_000_000, attacker.GetProcedureLimits().Fuel);
    }

    [Theory]
    [InlineData("CREATE TEMP TRIGGER t AFTER INSERT ON main._tenantdb_procedures BEGIN SELECT 1; END")]
    [InlineData("CREATE TEMP VIEW _tenantdb_procedures AS SELECT 1")]
    [InlineData("CREATE TEMP TABLE _tenantdb_settings(key, value)")]
    [InlineData("CREATE TEMP TABLE \"_TENANTDB_SETTINGS\"(key, value)")]
    [InlineData("CREATE INDEX temp_i ON _tenantdb_settings(value)")]
    [InlineData("INSERT INTO main._tenantdb_settings VALUES ('procedure_limits', '{}')")]
    [InlineData("UPDATE _tenantdb_procedures SET module = x'00'")]
    [InlineData("DELETE FROM main._tenantdb_procedures")]
    [InlineData("SELECT module FROM main._tenantdb_procedures")]
    [InlineData("SELECT sha256 FROM _tenantdb_procedures")]
    [InlineData("SELECT value FROM _tenantdb_settings")]
    [InlineData("WITH x AS (SELECT module FROM _tenantdb_procedures) SELECT * FROM x")]
    [InlineData("DROP VIEW tenantdb_procedures")]
    [InlineData("ALTER TABLE _tenantdb_procedures ADD COLUMN evil")]
    public void Every_direct_way_to_name_reserved_state_is_denied(string sql)
    {
        using TenantSession attacker = Tenant("namer");
        var denied = Refused(attacker, sql);
        Assert.Equal(TenantDbErrorKind.Denied, denied.Kind);
    }

    [Fact]
    public void A_cte_named_like_a_reserved_table_only_shadows_inside_the_tenants_own_statement()
    {
        using TenantSession session = Tenant("cte");
        session.CreateProcedure("mine", [], TextColumn, Encoding.UTF8.GetBytes(Says("mine")));
        Assert.Equal(7L, Scalar(session, "WITH _tenantdb_procedures(n) AS (SELECT 7) SELECT n FROM _tenantdb_procedures"));
        Assert.Equal("mine", CallSays(session, "mine"));
    }

    [Fact]
    public void A_stored_hash_that_does_not_match_the_stored_module_is_refused_not_trusted()
    {
        // A crafted tenant file (as a restore could bring): the row's hash names another module.
        using (TenantSession victim = Tenant("hash-victim"))
        {
            victim.CreateProcedure("p", [], TextColumn, Encoding.UTF8.GetBytes(Says("victim")));
            Assert.Equal("victim", CallSays(victim, "p"));
        }

        byte[] victimWasm = TenantDb.ProcSandbox.Text.WatParser.ParseModuleBinary(Says("victim"));
        using (TenantSession forger = Tenant("forger"))
        {
            forger.CreateProcedure("p", [], TextColumn, Encoding.UTF8.GetBytes(Says("forger")));
        }

        _engine.Dispose();
        string forgerFile = Directory.GetFiles(_directory.Path, "tenant.db", SearchOption.AllDirectories)
            .Single(path => HasProcedure(path, "forger"));
        using (var raw = new SqliteConnection($"Data Source={forgerFile};Pooling=False"))
        {
            raw.Open();
            using var update = raw.CreateCommand();
            update.CommandText = "UPDATE _tenantdb_procedures SET sha256 = $h";
            update.Parameters.AddWithValue("$h", SHA256.HashData(victimWasm));
            update.ExecuteNonQuery();
        }

        using var reopened = TenantDbEngine.Open(_directory.Path);
        using (TenantSession victim = reopened.OpenSession("hash-victim"))
        {
            Assert.Equal("victim", CallSays(victim, "p"));
        }

        using (TenantSession forger = reopened.OpenSession("forger"))
        {
            var error = Assert.Throws<TenantDbException>(() => CallSays(forger, "p"));
            Assert.Equal(TenantDbErrorKind.Corrupt, error.Kind);
        }

        using (TenantSession victim = reopened.OpenSession("hash-victim"))
        {
            Assert.Equal("victim", CallSays(victim, "p"));
        }
    }

    [Fact]
    public void Stored_limits_that_are_not_well_formed_are_refused_not_used()
    {
        using (TenantSession session = Tenant("bad-limits"))
        {
            session.CreateProcedure("p", [], TextColumn, Encoding.UTF8.GetBytes(Says("p")));
        }

        _engine.Dispose();
        string file = Directory.GetFiles(_directory.Path, "tenant.db", SearchOption.AllDirectories).Single(path => HasProcedure(path, "p"));
        using (var raw = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            raw.Open();
            using var update = raw.CreateCommand();
            update.CommandText = """INSERT OR REPLACE INTO _tenantdb_settings VALUES ('procedure_limits', '{"Fuel":-5,"MaxMemoryPages":999999999}')""";
            update.ExecuteNonQuery();
        }

        using var reopened = TenantDbEngine.Open(_directory.Path);
        using TenantSession again = reopened.OpenSession("bad-limits");
        var error = Assert.Throws<TenantDbException>(() => CallSays(again, "p"));
        Assert.Equal(TenantDbErrorKind.Corrupt, error.Kind);
    }

    private static bool HasProcedure(string file, string word)
    {
        using var raw = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        raw.Open();
        using var query = raw.CreateCommand();
        query.CommandText = "SELECT count(*) FROM sqlite_schema WHERE name = '_tenantdb_procedures'";
        if ((long)query.ExecuteScalar()! == 0) return false;
        query.CommandText = "SELECT module FROM _tenantdb_procedures";
        using var reader = query.ExecuteReader();
        while (reader.Read())
        {
            byte[] module = (byte[])reader[0];
            if (Encoding.ASCII.GetString(module).Contains(word, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    // The engine's own usage view is the one reserved object a connection's temp schema holds.
    private static long ReservedObjectsInTemp(TenantSession session) =>
        Scalar(session, "SELECT count(*) FROM temp.sqlite_schema WHERE name LIKE '%tenantdb%' AND NOT (type = 'view' AND name = 'tenantdb_usage' AND sql LIKE '%tenantdb_usage AS SELECT tenantdb_usage_value(0) AS statements, %')");

    private static long Scalar(TenantSession session, string sql)
    {
        using TenantStatement statement = session.Prepare(sql);
        using TenantReader reader = statement.ExecuteReader();
        Assert.True(reader.Read());
        return reader.GetInt64(0);
    }
}
