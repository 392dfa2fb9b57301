using Npgsql;
using TenantDb.TestKit;
using TenantDb.Wire.Tests.EndToEnd;

namespace TenantDb.Wire.Tests.PgTypes;

/// <summary>
/// INSERT without a column list and the DEFAULT keyword, as PostgreSQL has them: VALUES rows shorter than
/// the table fill its first columns and the rest get their defaults, a serial column its sequence's next
/// value; DEFAULT in VALUES or SET stands for the column's default (nextval, the row id's next value, the
/// declared default, or NULL).
/// </summary>
public sealed class ColumnDefaultValuesWireTests(WireServerFixture server) : IClassFixture<WireServerFixture>
{
    [Fact]
    public async Task Values_without_a_column_list_fill_a_serial_column_from_its_sequence()
    {
        await using var c = await server.OpenTenantAsync(server.NewTenant("dflt-serial"));
        await c.RowsAsync("CREATE TABLE t (code text PRIMARY KEY, n serial, note text DEFAULT 'x')");

        // Shorter VALUES: n and note are omitted.
        Assert.Equal([[1, "x"]], await c.RowsAsync("INSERT INTO t VALUES ('a') RETURNING n, note"));
        // DEFAULT in every position, with parameters beside it (extended protocol).
        Assert.Equal([[2, "x"]], await c.RowsAsync("INSERT INTO t VALUES ($1, DEFAULT, DEFAULT) RETURNING n, note", "b"));
        // Several rows, DEFAULT in some: ids in row order, an explicit value kept.
        Assert.Equal([[3, "p"], [50, "q"], [4, "x"]],
            await c.RowsAsync("INSERT INTO t VALUES ('c', DEFAULT, 'p'), ('d', 50, 'q'), ('e', DEFAULT, DEFAULT) RETURNING n, note"));
        Assert.Equal([[4L]], await c.RowsAsync("SELECT currval('t_n_seq')::int8"));
        // DEFAULT with a column list.
        Assert.Equal([[5, "x"]], await c.RowsAsync("INSERT INTO t (code, note, n) VALUES ('f', DEFAULT, DEFAULT) RETURNING n, note"));
        // UPDATE ... SET col = DEFAULT.
        await c.RowsAsync("UPDATE t SET note = DEFAULT, n = DEFAULT WHERE code = 'c'");
        Assert.Equal([[6, "x"]], await c.RowsAsync("SELECT n, note FROM t WHERE code = 'c'"));

        // A row longer than the table is PostgreSQL's error, not a silent truncation.
        await Assert.ThrowsAsync<PostgresException>(() => c.RowsAsync("INSERT INTO t VALUES ('h', 1, 'x', 'extra')"));
    }

    [Fact]
    public async Task Short_values_rows_of_a_plain_table_get_the_defaults_of_the_columns_they_leave_out()
    {
        await using var c = await server.OpenTenantAsync(server.NewTenant("dflt-short"));
        await c.RowsAsync("CREATE TABLE d (a int, b int DEFAULT 5, note text DEFAULT 'x')");
        Assert.Equal([[1, 5, "x"]], await c.RowsAsync("INSERT INTO d VALUES (1) RETURNING a, b, note"));
        Assert.Equal([[2, 3, "x"], [4, 6, "x"]], await c.RowsAsync("INSERT INTO d VALUES ($1, 3), (4, 6) RETURNING a, b, note", 2));
        Assert.Equal([[7, 8, "y"]], await c.RowsAsync("INSERT INTO d VALUES (7, 8, 'y') RETURNING a, b, note"));

        // The schema changes under the remembered column count: the new column gets its default too.
        await c.RowsAsync("ALTER TABLE d ADD COLUMN e int DEFAULT 9");
        Assert.Equal([[10, 5, "x", 9]], await c.RowsAsync("INSERT INTO d VALUES (10) RETURNING a, b, note, e"));
        await c.RowsAsync("BEGIN");
        await c.RowsAsync("ALTER TABLE d ADD COLUMN f text DEFAULT 'new'");
        Assert.Equal([[11, 5, "x", 9, "new"]], await c.RowsAsync("INSERT INTO d VALUES (11) RETURNING a, b, note, e, f"));
        await c.RowsAsync("ROLLBACK");
        Assert.Equal([[12, 5, "x", 9]], await c.RowsAsync("INSERT INTO d VALUES (12) RETURNING *"));

        // Rows of different lengths, and rows longer than the table, are errors as in PostgreSQL.
        await Assert.ThrowsAsync<PostgresException>(() => c.RowsAsync("INSERT INTO d VALUES (1), (2, 3)"));
        await Assert.ThrowsAsync<PostgresException>(() => c.RowsAsync("INSERT INTO d VALUES (1, 2, 'z', 4, 5)"));
        Assert.Equal([[6L]], await c.RowsAsync("SELECT count(*) FROM d"));
    }

    [Fact]
    public async Task Default_stands_for_the_declared_default_the_row_id_or_null()
    {
        await using var c = await server.OpenTenantAsync(server.NewTenant("dflt-plain"));
        await c.RowsAsync("CREATE TABLE p (id integer PRIMARY KEY, a int DEFAULT (40 + 2), b text, c timestamptz DEFAULT now())");
        Assert.Equal([[1, 42, null, true]], await c.RowsAsync("INSERT INTO p VALUES (DEFAULT, DEFAULT, DEFAULT, DEFAULT) RETURNING id, a, b, c IS NOT NULL"));
        Assert.Equal([[2, 42, "z", true]], await c.RowsAsync("INSERT INTO p (b, id) VALUES ('z', DEFAULT) RETURNING id, a, b, c IS NOT NULL"));

        // GENERATED ALWAYS: DEFAULT is no value, anything else needs OVERRIDING SYSTEM VALUE.
        await c.RowsAsync("CREATE TABLE i (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, v text)");
        Assert.Equal([[1]], await c.RowsAsync("INSERT INTO i VALUES (DEFAULT, 'a') RETURNING id"));
        Assert.Equal([[2], [3]], await c.RowsAsync("INSERT INTO i (id, v) VALUES (DEFAULT, 'b'), (DEFAULT, 'c') RETURNING id"));
        var error = await Assert.ThrowsAsync<PostgresException>(() => c.RowsAsync("INSERT INTO i VALUES (DEFAULT, 'd'), (9, 'e')"));
        Assert.Equal("428C9", error.SqlState);
        await c.RowsAsync("UPDATE i SET v = DEFAULT WHERE id = 1");
        Assert.Equal([[null]], await c.RowsAsync("SELECT v FROM i WHERE id = 1"));
    }

    [Fact]
    public async Task A_table_created_in_the_same_transaction_or_by_another_connection_gets_its_serial_values()
    {
        var tenant = server.NewTenant("dflt-tx");
        await using var c = await server.OpenTenantAsync(tenant);
        await using var other = await server.OpenTenantAsync(tenant);
        // The other connection has read the (empty) remembered types before the table exists.
        await other.RowsAsync("CREATE TABLE warm (x int)");
        await other.RowsAsync("INSERT INTO warm VALUES (1)");

        await using (var tx = await c.BeginTransactionAsync())
        {
            await c.RowsAsync("CREATE TABLE t (code text PRIMARY KEY, n serial)");
            Assert.Equal([[1]], await c.RowsAsync("INSERT INTO t (code) VALUES ('a') RETURNING n"));
            Assert.Equal([[2]], await c.RowsAsync("INSERT INTO t VALUES ('b') RETURNING n"));
            await tx.CommitAsync();
        }

        // Its first statement in a transaction block, as psycopg2 sends every statement.
        await using (var tx = await other.BeginTransactionAsync())
        {
            Assert.Equal([[3]], await other.RowsAsync("INSERT INTO t (code) VALUES ('c') RETURNING n"));
            await tx.CommitAsync();
        }

        // A table created and rolled back leaves nothing the next transaction would use: a stale view of
        // it would add the rolled-back sequence's nextval to the INSERT.
        await using (var tx = await c.BeginTransactionAsync())
        {
            await c.RowsAsync("CREATE TABLE gone (code text PRIMARY KEY, n serial)");
            await tx.RollbackAsync();
        }
        await c.RowsAsync("CREATE TABLE gone (code text PRIMARY KEY, n int)");
        await using (var tx = await c.BeginTransactionAsync())
        {
            Assert.Equal([["a", null]], await c.RowsAsync("INSERT INTO gone (code) VALUES ('a') RETURNING code, n"));
            await tx.CommitAsync();
        }
    }

    [SkippableFact]
    public void Psycopg2_default_mode_creates_and_fills_serial_tables_in_its_implicit_transactions()
    {
        var python = ExternalTool.Psycopg2.Require();
        var tenant = server.NewTenant("dflt-psycopg2");
        using var directory = new TempDirectory("tenantdb-dfltpsycopg2-");
        var script = directory.File("script.py");
        File.WriteAllText(script, """
            import os, psycopg2
            def connect():
                return psycopg2.connect(host="127.0.0.1", port=int(os.environ["PGPORT"]), dbname=os.environ["PGDATABASE"],
                                        user=os.environ["PGUSER"], password=os.environ["PGPASSWORD"], connect_timeout=10)
            a, b = connect(), connect()
            ca, cb = a.cursor(), b.cursor()
            cb.execute("SELECT 1")
            b.commit()
            # psycopg2 opens a transaction before the first statement: the table and its rows in one.
            ca.execute("CREATE TABLE t (code text PRIMARY KEY, n serial, note text DEFAULT 'x')")
            ca.execute("INSERT INTO t VALUES (%s) RETURNING n, note", ("a",))
            assert ca.fetchone() == (1, "x")
            ca.execute("INSERT INTO t VALUES (%s, DEFAULT, %s), (%s, DEFAULT, DEFAULT) RETURNING n", ("b", "y", "c"))
            assert ca.fetchall() == [(2,), (3,)]
            a.commit()
            # The other connection's first statement in its next transaction sees the new table's sequence.
            cb.execute("INSERT INTO t (code) VALUES ('d') RETURNING n")
            assert cb.fetchone() == (4,)
            b.commit()
            cb.execute("SELECT string_agg(code || n || note, ',' ORDER BY n) FROM t")
            assert cb.fetchone() == ("a1x,b2y,c3x,d4x",)
            print("ok")
            """);
        var (code, stdout, stderr) = ChildProcess.Run(python, [script], server.ClientEnvironment(tenant));
        Assert.True(code == 0, $"python failed ({code}): {stderr}\n{stdout}");
        Assert.Equal("ok", stdout.Trim());
    }
}
