using System.Text;
using TenantDb.Engine.Errors;
using TenantDb.Engine.Procedures;
using TenantDb.Engine.Values;
using TenantDb.TestKit;

namespace TenantDb.Engine.Tests.Procedures;

public sealed class ProcedureCallTests : IDisposable
{
    private readonly TenantDbEngine _engine = TenantDbEngine.OpenInMemory(new EngineOptions
    {
        ProcedureLimits = new ProcedureLimits { Fuel = 20_000_000, Timeout = TimeSpan.FromSeconds(30) },
    });

    public void Dispose() => _engine.Dispose();

    private sealed class CollectingSink : IProcedureRowSink
    {
        public List<SqlValue[]> Rows { get; } = [];

        public void OnRow(ProcedureRow row)
        {
            var values = new SqlValue[row.Count];
            for (int i = 0; i < values.Length; i++) values[i] = row.GetValue(i);
            Rows.Add(values);
        }
    }

    private TenantSession Tenant(string name, string setup)
    {
        _engine.CreateTenant(name);
        var session = _engine.OpenSession(name);
        foreach (var sql in setup.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            using var s = session.Prepare(sql);
            s.ExecuteNonQuery();
        }
        return session;
    }

    private static ProcedureColumn[] Cols(params (string Name, ProcedureType Type)[] columns) =>
        columns.Select(c => new ProcedureColumn(c.Name, c.Type)).ToArray();

    private static long Count(TenantSession session, string sql)
    {
        using var s = session.Prepare(sql);
        using var r = s.ExecuteReader();
        Assert.True(r.Read());
        return r.GetInt64(0);
    }

    [Fact]
    public void Echo_round_trips_every_type()
    {
        using var session = Tenant("a", "");
        var types = Cols(("i", ProcedureType.Int8), ("f", ProcedureType.Float8), ("s", ProcedureType.Text), ("b", ProcedureType.Bytea), ("ok", ProcedureType.Bool), ("n", ProcedureType.Int8));
        session.CreateProcedure("echo", types, types, Encoding.UTF8.GetBytes(ProcedureModules.Echo));
        var sink = new CollectingSink();
        SqlValue[] args = [SqlValue.Integer(long.MinValue), SqlValue.Real(-2.5), SqlValue.Text("héllo"), SqlValue.Blob([0, 255, 7]), SqlValue.Integer(1), SqlValue.Null];
        var result = session.CallProcedure("echo", args, sink);
        Assert.Equal(1, result.RowsEmitted);
        Assert.Equal(args, Assert.Single(sink.Rows));
    }

    [Fact]
    public void Calls_keep_working_after_the_tenant_changes_its_schema()
    {
        using var session = Tenant("a", "");
        var types = Cols(("i", ProcedureType.Int8));
        session.CreateProcedure("echo", types, types, Encoding.UTF8.GetBytes(ProcedureModules.Echo));
        var sink = new CollectingSink();
        session.CallProcedure("echo", [SqlValue.Integer(1)], sink);
        using (var s = session.Prepare("CREATE TABLE later(x)")) s.ExecuteNonQuery();
        session.CallProcedure("echo", [SqlValue.Integer(2)], sink);
        Assert.Equal([1L, 2L], sink.Rows.Select(r => r[0].AsInteger));
    }

    [Fact]
    public void Log_lines_reach_the_engines_procedure_log_tagged_with_tenant_and_procedure()
    {
        var lines = new List<string>();
        using var engine = TenantDbEngine.OpenInMemory(new EngineOptions { ProcedureLog = (t, p, line) => lines.Add($"{t}/{p}: {line}") });
        engine.CreateTenant("a");
        using var session = engine.OpenSession("a");
        const string wat = $$"""
            (module
              {{ProcedureImports.Log}}
              (memory (export "memory") 1)
              (data (i32.const 0) "hello from the sandbox")
              (func (export "run") (result i32)
                (drop (call $log (i32.const 0) (i32.const 22)))
                (i32.const 0)))
            """;
        session.CreateProcedure("greet", [], [], Encoding.UTF8.GetBytes(wat));
        session.CallProcedure("greet", [], new CollectingSink());
        Assert.Equal(["a/greet: hello from the sandbox"], lines);
    }

    [Fact]
    public void Text_arguments_are_coerced_to_declared_types()
    {
        using var session = Tenant("a", "");
        var types = Cols(("i", ProcedureType.Int8), ("f", ProcedureType.Float8), ("ok", ProcedureType.Bool));
        session.CreateProcedure("echo", types, types, Encoding.UTF8.GetBytes(ProcedureModules.Echo));
        var sink = new CollectingSink();
        session.CallProcedure("echo", [SqlValue.Text("42"), SqlValue.Text("1.5"), SqlValue.Text("true")], sink);
        Assert.Equal([SqlValue.Integer(42), SqlValue.Real(1.5), SqlValue.Integer(1)], sink.Rows[0]);
        var e = Assert.Throws<TenantDbException>(() => session.CallProcedure("echo", [SqlValue.Text("x"), SqlValue.Null, SqlValue.Null], sink));
        Assert.Equal(TenantDbErrorKind.InvalidText, e.Kind);
    }

    [Fact]
    public void Procedure_streams_a_query_and_matches_sql()
    {
        using var session = Tenant("a", "CREATE TABLE t(amount INTEGER); WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 5000) INSERT INTO t SELECT x * 3 FROM c");
        session.CreateProcedure("sum_amounts", [], Cols(("total", ProcedureType.Int8), ("n", ProcedureType.Int8)), Encoding.UTF8.GetBytes(ProcedureModules.SumAmounts));
        var sink = new CollectingSink();
        var result = session.CallProcedure("sum_amounts", [], sink);
        Assert.Equal([SqlValue.Integer(Count(session, "SELECT sum(amount) FROM t")), SqlValue.Integer(5000)], sink.Rows[0]);
        Assert.Equal(5000, result.RowsRead);
    }

    [Theory]
    [InlineData(1, TenantDbErrorKind.ProcedureTrap, "unreachable")]
    [InlineData(2, TenantDbErrorKind.ProcedureFailed, "insufficient funds")]
    [InlineData(3, TenantDbErrorKind.ProcedureLimit, "fuel")]
    [InlineData(4, TenantDbErrorKind.ProcedureMisuse, "outside memory")]
    public void A_failed_call_leaves_no_writes(long mode, TenantDbErrorKind kind, string message)
    {
        using var session = Tenant("a", "CREATE TABLE t(amount INTEGER)");
        session.CreateProcedure("write_then", Cols(("mode", ProcedureType.Int8)), [], Encoding.UTF8.GetBytes(ProcedureModules.WriteThen));
        var e = Assert.Throws<TenantDbException>(() => session.CallProcedure("write_then", [SqlValue.Integer(mode)], new CollectingSink()));
        Assert.Equal(kind, e.Kind);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.Equal(0, Count(session, "SELECT count(*) FROM t"));
        Assert.False(session.InTransaction);

        session.CallProcedure("write_then", [SqlValue.Integer(0)], new CollectingSink());
        Assert.Equal(1, Count(session, "SELECT count(*) FROM t"));
    }

    [Fact]
    public void Inside_an_open_transaction_a_failed_call_rolls_back_only_its_own_writes()
    {
        using var session = Tenant("a", "CREATE TABLE t(amount INTEGER)");
        session.CreateProcedure("write_then", Cols(("mode", ProcedureType.Int8)), [], Encoding.UTF8.GetBytes(ProcedureModules.WriteThen));
        session.Begin();
        using (var s = session.Prepare("INSERT INTO t VALUES (1)")) s.ExecuteNonQuery();
        Assert.Throws<TenantDbException>(() => session.CallProcedure("write_then", [SqlValue.Integer(1)], new CollectingSink()));
        session.CallProcedure("write_then", [SqlValue.Integer(0)], new CollectingSink());
        Assert.True(session.InTransaction);
        session.Commit();
        Assert.Equal(2, Count(session, "SELECT count(*) FROM t"));
    }

    [Fact]
    public void A_call_past_its_deadline_is_stopped_and_rolled_back()
    {
        using var engine = TenantDbEngine.OpenInMemory(new EngineOptions { ProcedureLimits = new ProcedureLimits { Fuel = long.MaxValue, Timeout = TimeSpan.FromMilliseconds(200) } });
        engine.CreateTenant("a");
        using var session = engine.OpenSession("a");
        using (var s = session.Prepare("CREATE TABLE t(amount INTEGER)")) s.ExecuteNonQuery();
        session.CreateProcedure("write_then", Cols(("mode", ProcedureType.Int8)), [], Encoding.UTF8.GetBytes(ProcedureModules.WriteThen));
        var e = Assert.Throws<TenantDbException>(() => session.CallProcedure("write_then", [SqlValue.Integer(3)], new CollectingSink()));
        Assert.Equal(TenantDbErrorKind.ProcedureLimit, e.Kind);
        Assert.Contains("time limit", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, Count(session, "SELECT count(*) FROM t"));
    }

    [Fact]
    public void Interrupt_from_another_thread_stops_a_running_procedure()
    {
        using var engine = TenantDbEngine.OpenInMemory(new EngineOptions { ProcedureLimits = new ProcedureLimits { Fuel = long.MaxValue, Timeout = TimeSpan.FromMinutes(5) } });
        engine.CreateTenant("a");
        using var session = engine.OpenSession("a");
        using (var s = session.Prepare("CREATE TABLE t(amount INTEGER)")) s.ExecuteNonQuery();
        session.CreateProcedure("write_then", Cols(("mode", ProcedureType.Int8)), [], Encoding.UTF8.GetBytes(ProcedureModules.WriteThen));
        using var timer = new Timer(_ => session.Interrupt(), null, 200, Timeout.Infinite);
        var e = Assert.Throws<TenantDbException>(() => session.CallProcedure("write_then", [SqlValue.Integer(3)], new CollectingSink()));
        // A cancel, not the (5 minute) time limit: the wire reports 57014 like any canceled statement.
        Assert.Equal(TenantDbErrorKind.Canceled, e.Kind);
        Assert.Equal(0, Count(session, "SELECT count(*) FROM t"));
    }

    [Fact]
    public void Each_tenant_can_have_its_own_limits_and_they_persist()
    {
        using var directory = new TempDirectory("tenantdb-limits-");
        string dir = directory.Path;
        try
        {
            var strict = new ProcedureLimits { MaxMemoryPages = 2, Fuel = 1_000_000 };
            using (var engine = TenantDbEngine.Open(dir))
            {
                engine.CreateTenant("strict");
                engine.CreateTenant("relaxed");
                using var s = engine.OpenSession("strict");
                s.SetProcedureLimits(strict);
                Assert.Equal(strict, s.GetProcedureLimits());
                using var r = engine.OpenSession("relaxed");
                Assert.Equal(ProcedureLimits.Default, r.GetProcedureLimits());
            }
            using (var engine = TenantDbEngine.Open(dir))
            {
                using var s = engine.OpenSession("strict");
                Assert.Equal(strict, s.GetProcedureLimits());
                s.CreateProcedure("grow", Cols(("pages", ProcedureType.Int8)), Cols(("result", ProcedureType.Int8)), Encoding.UTF8.GetBytes(ProcedureModules.Grow));
                var sink = new CollectingSink();
                s.CallProcedure("grow", [SqlValue.Integer(1)], sink);
                s.CallProcedure("grow", [SqlValue.Integer(1000)], sink);
                Assert.Equal([1L, -1L], sink.Rows.Select(row => row[0].AsInteger));
                foreach (var attack in new[] { "SELECT value FROM _tenantdb_settings", "DELETE FROM _tenantdb_settings" })
                {
                    Assert.Equal(TenantDbErrorKind.Denied, Assert.Throws<TenantDbException>(() => { using var st = s.Prepare(attack); st.ExecuteNonQuery(); }).Kind);
                }
                s.SetProcedureLimits(null);
                Assert.Equal(ProcedureLimits.Default, s.GetProcedureLimits());
            }
        }
        finally
        {
            // Pooled connections keep the files open; they must close before the directory goes.
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
    }

    [Fact]
    public void Memory_grow_past_the_limit_returns_minus_one()
    {
        using var engine = TenantDbEngine.OpenInMemory(new EngineOptions { ProcedureLimits = new ProcedureLimits { MaxMemoryPages = 4 } });
        engine.CreateTenant("a");
        using var session = engine.OpenSession("a");
        session.CreateProcedure("grow", Cols(("pages", ProcedureType.Int8)), Cols(("result", ProcedureType.Int8)), Encoding.UTF8.GetBytes(ProcedureModules.Grow));
        var sink = new CollectingSink();
        session.CallProcedure("grow", [SqlValue.Integer(3)], sink);
        session.CallProcedure("grow", [SqlValue.Integer(4)], sink);
        session.CallProcedure("grow", [SqlValue.Integer(1_000_000)], sink);
        Assert.Equal([1L, -1L, -1L], sink.Rows.Select(r => r[0].AsInteger));
    }

    [Fact]
    public void A_procedure_sees_only_its_own_tenant()
    {
        using var a = Tenant("a", "CREATE TABLE secret(v TEXT); INSERT INTO secret VALUES ('a-secret')");
        using var b = Tenant("b", "");
        b.CreateProcedure("peek", [], [], Encoding.UTF8.GetBytes(ProcedureModules.ReadSecret));
        var e = Assert.Throws<TenantDbException>(() => b.CallProcedure("peek", [], new CollectingSink()));
        Assert.Equal(TenantDbErrorKind.ProcedureFailed, e.Kind);
        Assert.Contains("no such table", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Procedures_are_listed_replaced_and_dropped_and_their_code_is_hidden_from_sql()
    {
        using var session = Tenant("a", "");
        var types = Cols(("i", ProcedureType.Int8));
        session.CreateProcedure("echo", types, types, Encoding.UTF8.GetBytes(ProcedureModules.Echo));
        Assert.Equal(TenantDbErrorKind.DuplicateProcedure,
            Assert.Throws<TenantDbException>(() => session.CreateProcedure("echo", types, types, Encoding.UTF8.GetBytes(ProcedureModules.Echo))).Kind);
        session.CreateProcedure("echo", types, types, Encoding.UTF8.GetBytes(ProcedureModules.Echo), orReplace: true);
        Assert.Equal(["echo"], session.ListProcedures().Select(p => p.Name));

        using (var s = session.Prepare("SELECT name, parameters, columns FROM tenantdb_procedures"))
        using (var r = s.ExecuteReader())
        {
            Assert.True(r.Read());
            Assert.Equal("echo", r.GetString(0));
            Assert.Equal("i int8", r.GetString(1));
        }
        foreach (var attack in new[] { "SELECT module FROM _tenantdb_procedures", "DELETE FROM _tenantdb_procedures", "DROP VIEW tenantdb_procedures", "UPDATE _tenantdb_procedures SET module = x'00'" })
        {
            var e = Assert.Throws<TenantDbException>(() => { using var s = session.Prepare(attack); s.ExecuteNonQuery(); });
            Assert.Equal(TenantDbErrorKind.Denied, e.Kind);
        }

        Assert.True(session.DropProcedure("echo"));
        Assert.False(session.DropProcedure("echo", ifExists: true));
        Assert.Equal(TenantDbErrorKind.UndefinedProcedure, Assert.Throws<TenantDbException>(() => session.DropProcedure("echo")).Kind);
        Assert.Equal(TenantDbErrorKind.UndefinedProcedure, Assert.Throws<TenantDbException>(() => session.CallProcedure("echo", [SqlValue.Integer(1)], new CollectingSink())).Kind);
    }

    [Theory]
    [InlineData("(module (memory (export \"memory\") 1))", "does not export a function \"run\"")]
    [InlineData("(module (func (export \"run\") (result i32) i32.const 0))", "does not export its memory")]
    [InlineData("(module (import \"env\" \"system\" (func)) (memory (export \"memory\") 1) (func (export \"run\") (result i32) i32.const 0))", "may import only from module \"tenantdb\"")]
    [InlineData("(module (import \"tenantdb\" \"read\" (func (param i32))) (memory (export \"memory\") 1) (func (export \"run\") (result i32) i32.const 0))", "has signature")]
    [InlineData("(module (memory (export \"memory\") 1) (func (export \"run\") (result i32) i64.const 0))", "type mismatch")]
    [InlineData("(module (memory (export \"memory\") 1) (func (export \"run\") (result i32) i32.bogus))", "line 1")]
    [InlineData("(module (table 4000000000 funcref) (memory (export \"memory\") 1) (func (export \"run\") (result i32) i32.const 0))", "table of 4000000000 elements")]
    [InlineData("(module (memory (export \"memory\") 5000) (func (export \"run\") (result i32) i32.const 0))", "needs 5000 pages")]
    public void Bad_modules_are_rejected_at_upload_with_a_clear_message(string wat, string expected)
    {
        using var session = Tenant("a", "");
        var e = Assert.Throws<TenantDbException>(() => session.CreateProcedure("p", [], [], Encoding.UTF8.GetBytes(wat)));
        Assert.Equal(TenantDbErrorKind.InvalidProcedure, e.Kind);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Empty(session.ListProcedures());
    }

    [Fact]
    public void Binary_modules_are_rejected_with_the_byte_offset()
    {
        using var session = Tenant("a", "");
        var e = Assert.Throws<TenantDbException>(() => session.CreateProcedure("p", [], [], [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 5]));
        Assert.Equal(TenantDbErrorKind.InvalidProcedure, e.Kind);
        Assert.Contains("byte offset", e.Message, StringComparison.Ordinal);
    }
}
