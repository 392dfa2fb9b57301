using Dapper;
using Npgsql;
using TenantDb.ProcSandbox.Text;
using TenantDb.TestKit;
using TenantDb.Wire.Tests.EndToEnd;

namespace TenantDb.Wire.Tests.Procedures;

/// <summary>Stored procedures over the wire with Npgsql + Dapper: upload, call, errors, atomicity, isolation.</summary>
public sealed class ProcedureWireTests(WireServerFixture server) : IClassFixture<WireServerFixture>
{
    private const string Imports = $"""
        {ProcedureImports.Read}
        {ProcedureImports.Query}
        {ProcedureImports.Exec}
        {ProcedureImports.Emit}
        {ProcedureImports.Fail}
        {ProcedureImports.Error}
        """;

    /// <summary>Emits its argument row as its result row.</summary>
    private const string EchoWat = $$"""
        (module {{Imports}}
          (memory (export "memory") 1)
          (func (export "run") (result i32)
            (drop (call $emit (i32.const 0) (call $read (i32.const 0) (i32.const 0) (i32.const 65536))))
            (i32.const 0)))
        """;

    /// <summary>Inserts a row, then traps when its argument is 1.</summary>
    private const string InsertThenMaybeTrapWat = $$"""
        (module {{Imports}}
          (memory (export "memory") 1)
          (data (i32.const 0) "INSERT INTO ledger(v) VALUES (1)")
          (func (export "run") (result i32)
            (drop (call $read (i32.const 0) (i32.const 128) (i32.const 1024)))
            (drop (call $exec (i32.const 0) (i32.const 32) (i32.const 0) (i32.const 0)))
            (if (i64.eq (i64.load (i32.const 135)) (i64.const 1)) (then unreachable))
            (i32.const 0)))
        """;

    /// <summary>Queries table secret and fails with SQLite's message if it cannot.</summary>
    private const string PeekWat = $$"""
        (module {{Imports}}
          (memory (export "memory") 1)
          (data (i32.const 0) "SELECT v FROM secret")
          (func (export "run") (result i32)
            (if (i32.lt_s (call $query (i32.const 0) (i32.const 20) (i32.const 0) (i32.const 0)) (i32.const 0))
              (then (drop (call $fail (i32.const 1024) (call $error (i32.const 1024) (i32.const 512)))) (return (i32.const 1))))
            (i32.const 0)))
        """;

    private const string LoopWat = """
        (module (memory (export "memory") 1)
          (func (export "run") (result i32) (loop $l (br $l)) (i32.const 0)))
        """;

    public sealed class EchoRow
    {
        public long I { get; set; }
        public double F { get; set; }
        public string? S { get; set; }
        public byte[]? B { get; set; }
        public bool Ok { get; set; }
    }

    private NpgsqlConnection Open(string tenant)
    {
        var c = new NpgsqlConnection(server.ConnectionString(tenant));
        c.Open();
        return c;
    }

    private static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    [Fact]
    public void Dapper_calls_a_procedure_with_parameters_of_every_type()
    {
        var tenant = server.NewTenant("proc");
        using var c = Open(tenant);
        c.Execute($"CREATE PROCEDURE echo(i int8, f float8, s text, b bytea, ok bool) RETURNS TABLE(i int8, f float8, s text, b bytea, ok bool) AS {Literal(EchoWat)}");
        var row = c.QuerySingle<EchoRow>("CALL echo(@i, @f, @s, @b, @ok)", new { i = long.MaxValue, f = -0.125, s = "naïve 'quoted'", b = new byte[] { 0, 1, 255 }, ok = true });
        Assert.Equal(long.MaxValue, row.I);
        Assert.Equal(-0.125, row.F);
        Assert.Equal("naïve 'quoted'", row.S);
        Assert.Equal(new byte[] { 0, 1, 255 }, row.B);
        Assert.True(row.Ok);

        // Literals in the statement itself go through the simple protocol path too.
        var literal = c.QuerySingle<EchoRow>("CALL echo(-7, 2.5, 'x', x'0a0b', false)");
        Assert.Equal((-7L, 2.5, "x", false), (literal.I, literal.F, literal.S, literal.Ok));
        Assert.Equal(new byte[] { 10, 11 }, literal.B);
    }

    [Fact]
    public void A_binary_module_uploads_as_a_bytea_parameter_and_is_listed()
    {
        var tenant = server.NewTenant("bin");
        using var c = Open(tenant);
        var wasm = TenantDb.ProcSandbox.Text.WatParser.ParseModuleBinary(EchoWat);
        c.Execute("CREATE PROCEDURE echo_bin(n int8) RETURNS TABLE(n int8) AS @wasm", new { wasm });
        Assert.Equal(41L, c.QuerySingle<long>("CALL echo_bin(41)"));
        var listed = c.Query<(string, string, string)>("SELECT name, parameters, columns FROM tenantdb_procedures").ToList();
        Assert.Equal(("echo_bin", "n int8", "n int8"), Assert.Single(listed));
        c.Execute("DROP PROCEDURE echo_bin");
        Assert.Empty(c.Query("SELECT name FROM tenantdb_procedures"));
    }

    [Fact]
    public void Errors_carry_sqlstates()
    {
        var tenant = server.NewTenant("err");
        using var c = Open(tenant);
        Assert.Equal("42883", Assert.Throws<PostgresException>(() => c.Execute("CALL missing()")).SqlState);
        var invalid = Assert.Throws<PostgresException>(() => c.Execute("CREATE PROCEDURE bad() AS '(module (func (export \"run\") (result i32) (i64.const 1)))'"));
        Assert.Equal("42P13", invalid.SqlState);
        Assert.Contains("type mismatch", invalid.MessageText, StringComparison.Ordinal);
        Assert.Equal("42601", Assert.Throws<PostgresException>(() => c.Execute("CALL echo(1 2)")).SqlState);
        c.Execute($"CREATE PROCEDURE spin() AS {Literal(LoopWat)}");
        var limit = Assert.Throws<PostgresException>(() => c.Execute("CALL spin()"));
        Assert.Equal("54000", limit.SqlState);
        // The connection is still usable afterwards.
        Assert.Equal(1, c.ExecuteScalar<int>("SELECT 1"));
    }

    [Fact]
    public void A_trap_after_writes_leaves_no_writes()
    {
        var tenant = server.NewTenant("atomic");
        using var c = Open(tenant);
        c.Execute("CREATE TABLE ledger(v INTEGER)");
        c.Execute($"CREATE PROCEDURE add_then(trap int8) AS {Literal(InsertThenMaybeTrapWat)}");
        var e = Assert.Throws<PostgresException>(() => c.Execute("CALL add_then(1)"));
        Assert.Equal("38000", e.SqlState);
        Assert.Contains("unreachable", e.MessageText, StringComparison.Ordinal);
        Assert.Equal(0L, c.ExecuteScalar<long>("SELECT count(*) FROM ledger"));
        c.Execute("CALL add_then(0)");
        Assert.Equal(1L, c.ExecuteScalar<long>("SELECT count(*) FROM ledger"));

        // Inside the client's own transaction the call is a savepoint: a trap keeps earlier work.
        using (var tx = c.BeginTransaction())
        {
            c.Execute("INSERT INTO ledger(v) VALUES (2)", transaction: tx);
            Assert.Throws<PostgresException>(() => c.Execute("CALL add_then(1)", transaction: tx));
            tx.Rollback();
        }
        Assert.Equal(1L, c.ExecuteScalar<long>("SELECT count(*) FROM ledger"));
    }

    [Fact]
    public void A_procedure_cannot_see_another_tenants_tables()
    {
        var a = server.NewTenant("iso-a");
        var b = server.NewTenant("iso-b");
        using (var ca = Open(a)) ca.Execute("CREATE TABLE secret(v TEXT); INSERT INTO secret VALUES ('a only')");
        using var cb = Open(b);
        cb.Execute($"CREATE PROCEDURE peek() AS {Literal(PeekWat)}");
        var e = Assert.Throws<PostgresException>(() => cb.Execute("CALL peek()"));
        Assert.Equal("P0001", e.SqlState);
        Assert.Contains("no such table: secret", e.MessageText, StringComparison.Ordinal);
        // And tenant A cannot call B's procedure.
        using var ca2 = Open(a);
        Assert.Equal("42883", Assert.Throws<PostgresException>(() => ca2.Execute("CALL peek()")).SqlState);
    }

    [SkippableFact]
    public void Example_procedures_built_from_c_source_work_over_the_wire()
    {
        var tenant = server.NewTenant("examples");
        using var c = Open(tenant);
        c.Execute("""
            CREATE TABLE orders(customer TEXT, amount REAL);
            INSERT INTO orders VALUES ('ann', 10), ('bob', 5), ('ann', 7.5), ('cy', 30), ('bob', 1);
            CREATE TABLE accounts(id INTEGER PRIMARY KEY, balance REAL);
            INSERT INTO accounts VALUES (1, 100), (2, 50);
            CREATE TABLE events(id INTEGER PRIMARY KEY, level INTEGER, message TEXT);
            INSERT INTO events VALUES (1, 1, '  Debug  '), (2, 3, ' Disk FULL '), (3, 2, 'warn: Slow'), (4, 4, 'PANIC');
            """);

        c.Execute("CREATE PROCEDURE top_customers(n int8) RETURNS TABLE(customer text, revenue float8) AS @wasm",
            new { wasm = ExampleProcedures.BuildC("top-customers/top_customers.c") });
        var top = c.Query<(string Customer, double Revenue)>("CALL top_customers(@n)", new { n = 2L }).ToList();
        Assert.Equal([("cy", 30.0), ("ann", 17.5)], top);

        c.Execute("CREATE PROCEDURE transfer(from_id int8, to_id int8, amount float8) RETURNS TABLE(from_balance float8, to_balance float8) AS @wasm",
            new { wasm = ExampleProcedures.BuildC("transfer/transfer.c") });
        var balances = c.QuerySingle<(double, double)>("CALL transfer(1, 2, 30)");
        Assert.Equal((70.0, 80.0), balances);
        var insufficient = Assert.Throws<PostgresException>(() => c.Execute("CALL transfer(2, 1, 1000)"));
        Assert.Equal("P0001", insufficient.SqlState);
        Assert.Equal([70.0, 80.0], c.Query<double>("SELECT balance FROM accounts ORDER BY id"));

        c.Execute("CREATE PROCEDURE normalize_events(min_level int8) RETURNS TABLE(id int8, level int8, message text) AS @wasm",
            new { wasm = ExampleProcedures.BuildC("stream-transform/normalize_events.c") });
        var events = c.Query<(long Id, long Level, string Message)>("CALL normalize_events(2)").ToList();
        Assert.Equal([(2L, 3L, "DISK FULL"), (3L, 2L, "WARN: SLOW"), (4L, 4L, "PANIC")], events);
    }

    [SkippableFact]
    public void Example_procedure_built_from_assemblyscript_works_over_the_wire()
    {
        var tenant = server.NewTenant("asc");
        using var c = Open(tenant);
        c.Execute("CREATE TABLE orders(customer TEXT, amount REAL); INSERT INTO orders VALUES ('a', 1.5), ('b', 2.25), ('c', NULL)");
        c.Execute("CREATE PROCEDURE sum_amounts() RETURNS TABLE(total float8, rows int8) AS @wasm",
            new { wasm = ExampleProcedures.BuildAssemblyScript("sum-column/sum_column.ts") });
        var (total, rows) = c.QuerySingle<(double, long)>("CALL sum_amounts()");
        Assert.Equal(3.75, total);
        Assert.Equal(3L, rows);
    }
}
