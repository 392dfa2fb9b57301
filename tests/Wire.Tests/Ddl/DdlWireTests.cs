using Npgsql;
using TenantDb.Wire.Tests.EndToEnd;
using TenantDb.Wire.Tests.Protocol;

namespace TenantDb.Wire.Tests.Ddl;

/// <summary>PostgreSQL DDL as applications and migration tools send it, over the wire with Npgsql.</summary>
public sealed class DdlWireTests(WireServerFixture server) : IClassFixture<WireServerFixture>
{
    private NpgsqlConnection Open(string prefix)
    {
        var c = new NpgsqlConnection(server.ConnectionString(server.NewTenant(prefix)));
        c.Open();
        return c;
    }

    internal static void Run(NpgsqlConnection c, string sql)
    {
        using var command = new NpgsqlCommand(sql, c);
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// Runs <paramref name="sql"/> as one simple Query on a connection of its own (Npgsql would split a
    /// trigger body at its semicolons) and returns the text of each DataRow; fails on any error.
    /// </summary>
    internal static List<string> Script(WireServerFixture server, string tenant, string sql)
    {
        using var raw = RawPgClient.ConnectAsync(server.Port, tenant, WireServerFixture.AppUser, WireServerFixture.AppPassword).GetAwaiter().GetResult();
        raw.SendAsync(FrontendEncoder.Query(sql)).GetAwaiter().GetResult();
        var frames = raw.ReadUntilReadyAsync().GetAwaiter().GetResult();
        Assert.Equal("", string.Join(" | ", frames.Where(f => f.Type == 'E').Select(f => RawPgClient.Text(f.Payload))));
        return frames.Where(f => f.Type == 'D').Select(f => RawPgClient.Text(f.Payload)).ToList();
    }

    internal static object? Scalar(NpgsqlConnection c, string sql)
    {
        using var command = new NpgsqlCommand(sql, c);
        return command.ExecuteScalar();
    }

    internal static string Fails(NpgsqlConnection c, string sql)
    {
        using var command = new NpgsqlCommand(sql, c);
        return Assert.Throws<PostgresException>(() => command.ExecuteNonQuery()).SqlState;
    }

    private static long Count(NpgsqlConnection c, string table) => Convert.ToInt64(Scalar(c, $"SELECT count(*) FROM {table}"));

    private static bool Exists(NpgsqlConnection c, string name) =>
        Convert.ToInt64(Scalar(c, $"SELECT count(*) FROM sqlite_schema WHERE name = '{name}'")) > 0;

    [Fact]
    public void Drop_of_several_tables_is_one_unit()
    {
        using var c = Open("ddl-drop");
        Run(c, "CREATE TABLE a (x int); CREATE TABLE b (x int); INSERT INTO a VALUES (1)");
        Assert.Equal("42P01", Fails(c, "DROP TABLE a, missing"));
        Assert.True(Exists(c, "a"));
        Run(c, "DROP TABLE IF EXISTS a, missing, b CASCADE");
        Assert.False(Exists(c, "a"));
        Assert.False(Exists(c, "b"));
    }

    [Fact]
    public void Drop_of_a_referenced_table_needs_its_referencing_tables()
    {
        using var c = Open("ddl-drop-fk");
        Run(c, "CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE ch (p int REFERENCES p(id)); INSERT INTO p VALUES (1); INSERT INTO ch VALUES (1)");
        Assert.Equal("2BP01", Fails(c, "DROP TABLE p"));
        Assert.Equal(1, Count(c, "ch"));
        // Parent first in the list: children still go first, so no row ever points at a dropped table.
        Run(c, "DROP TABLE p, ch");
        Assert.False(Exists(c, "p"));
    }

    [Fact]
    public void Truncate_empties_tables_together_and_restarts_identity()
    {
        using var c = Open("ddl-truncate");
        Run(c, "CREATE TABLE p (id INTEGER PRIMARY KEY AUTOINCREMENT, v text); CREATE TABLE ch (p int REFERENCES p(id) ON DELETE CASCADE)");
        Run(c, "INSERT INTO p (v) VALUES ('a'), ('b'); INSERT INTO ch VALUES (1), (2)");
        Assert.Equal("0A000", Fails(c, "TRUNCATE p"));
        Assert.Equal(2, Count(c, "ch"));
        Run(c, "TRUNCATE TABLE p RESTART IDENTITY CASCADE");
        Assert.Equal(0, Count(c, "p"));
        Assert.Equal(0, Count(c, "ch"));
        Run(c, "INSERT INTO p (v) VALUES ('c')");
        Assert.Equal(1L, Convert.ToInt64(Scalar(c, "SELECT id FROM p")));
        Assert.Equal("42P01", Fails(c, "TRUNCATE missing"));
    }

    [Fact]
    public void Truncate_refuses_a_table_with_delete_triggers_instead_of_running_them()
    {
        using var c = Open("ddl-truncate-trigger");
        Run(c, "CREATE TABLE t (x int); CREATE TABLE log (x int); INSERT INTO t VALUES (1)");
        Script(server, c.Database, "CREATE TRIGGER t_del AFTER DELETE ON t BEGIN INSERT INTO log VALUES (old.x); END");
        Assert.Equal("0A000", Fails(c, "TRUNCATE t"));
        Assert.Equal(1, Count(c, "t"));
        Assert.Equal(0, Count(c, "log"));
    }

    [Fact]
    public void Add_primary_key_rebuilds_the_table_keeping_rows_indexes_and_triggers()
    {
        using var c = Open("ddl-pk");
        Run(c, "CREATE TABLE t (id int, v text DEFAULT 'd'); CREATE INDEX t_v ON t (v); CREATE TABLE log (id int)");
        Script(server, c.Database, "CREATE TRIGGER t_ins AFTER INSERT ON t BEGIN INSERT INTO log VALUES (new.id); END");
        Run(c, "INSERT INTO t VALUES (1, 'a'), (2, 'b')");
        Assert.Equal(2, Count(c, "log"));
        Run(c, "ALTER TABLE t ADD PRIMARY KEY (id)");
        Assert.Equal(2, Count(c, "t"));
        Assert.Equal(2, Count(c, "log")); // the copy ran no trigger
        Assert.True(Exists(c, "t_v"));
        Assert.True(Exists(c, "t_ins"));
        Assert.Equal("23505", Fails(c, "INSERT INTO t VALUES (1, 'dup')"));
        Run(c, "INSERT INTO t (id) VALUES (3)");
        Assert.Equal(3, Count(c, "log"));
        Assert.Equal("d", Scalar(c, "SELECT v FROM t WHERE id = 3"));
        Assert.Equal("42P16", Fails(c, "ALTER TABLE t ADD PRIMARY KEY (v)"));
        Run(c, "ALTER TABLE t DROP CONSTRAINT t_pkey");
        Run(c, "INSERT INTO t VALUES (1, 'dup now allowed')");
    }

    [Fact]
    public void Add_constraint_failing_on_existing_rows_leaves_the_table_as_it_was()
    {
        using var c = Open("ddl-pk-fail");
        Run(c, "CREATE TABLE t (id int, v int); INSERT INTO t VALUES (1, 5), (1, -1), (NULL, 3)");
        var before = Scalar(c, "SELECT sql FROM sqlite_schema WHERE name = 't'");
        Assert.Equal("23502", Fails(c, "ALTER TABLE t ADD PRIMARY KEY (id)"));
        Assert.Equal("23505", Fails(c, "ALTER TABLE t ADD CONSTRAINT u UNIQUE (id)"));
        Assert.Equal("23514", Fails(c, "ALTER TABLE t ADD CONSTRAINT positive CHECK (v > 0)"));
        Assert.Equal(before, Scalar(c, "SELECT sql FROM sqlite_schema WHERE name = 't'"));
        Assert.Equal(3, Count(c, "t"));
    }

    [Fact]
    public void Foreign_keys_are_added_checked_and_dropped()
    {
        using var c = Open("ddl-fk");
        Run(c, "CREATE TABLE p (id int NOT NULL); CREATE TABLE ch (pid int); INSERT INTO p VALUES (1); INSERT INTO ch VALUES (1), (2)");
        Run(c, "ALTER TABLE p ADD PRIMARY KEY (id)");
        Assert.Equal("23503", Fails(c, "ALTER TABLE ch ADD CONSTRAINT ch_p FOREIGN KEY (pid) REFERENCES p"));
        Run(c, "DELETE FROM ch WHERE pid = 2");
        Run(c, "ALTER TABLE ONLY ch ADD FOREIGN KEY (pid) REFERENCES p (id) ON DELETE CASCADE");
        Assert.Equal("23503", Fails(c, "INSERT INTO ch VALUES (9)"));
        Assert.Equal("42710", Fails(c, "ALTER TABLE ch ADD CONSTRAINT ch_pid_fkey FOREIGN KEY (pid) REFERENCES p"));
        // Rebuilding the parent while the child has rows runs outside a transaction with foreign keys off:
        // the child's rows survive (no ON DELETE CASCADE from dropping the old parent).
        Run(c, "ALTER TABLE p ADD CONSTRAINT p_check CHECK (id > 0)");
        Assert.Equal(1, Count(c, "ch"));
        Run(c, "BEGIN");
        Assert.Equal("0A000", Fails(c, "ALTER TABLE p DROP CONSTRAINT p_check"));
        Run(c, "ROLLBACK");
        Run(c, "ALTER TABLE ch DROP CONSTRAINT ch_pid_fkey");
        Run(c, "INSERT INTO ch VALUES (9)");
        Assert.Equal("42704", Fails(c, "ALTER TABLE ch DROP CONSTRAINT nope"));
        Run(c, "ALTER TABLE ch DROP CONSTRAINT IF EXISTS nope");
        Run(c, "ALTER TABLE IF EXISTS missing ADD PRIMARY KEY (x)");
    }

    [Fact]
    public void Sequences_hand_out_values_as_postgresql_does()
    {
        using var c = Open("ddl-seq");
        Run(c, "CREATE SEQUENCE s START WITH 5 INCREMENT BY 5 MAXVALUE 20");
        Assert.Equal("55000", Fails(c, "SELECT currval('s')"));
        Assert.Equal(5L, Scalar(c, "SELECT nextval('s')"));
        Assert.Equal(10L, Scalar(c, "SELECT nextval('public.s')"));
        Assert.Equal(10L, Scalar(c, "SELECT currval('S')"));
        Assert.Equal(10L, Scalar(c, "SELECT lastval()"));
        Assert.Equal(20L, Scalar(c, "SELECT setval('s', 20)"));
        Assert.Equal("2200H", Fails(c, "SELECT nextval('s')"));
        Assert.Equal("22003", Fails(c, "SELECT setval('s', 99)"));
        Run(c, "ALTER SEQUENCE s RESTART");
        Assert.Equal(5L, Scalar(c, "SELECT nextval('s')"));
        Run(c, "ALTER SEQUENCE s RESTART WITH 15 CYCLE");
        Assert.Equal(15L, Scalar(c, "SELECT nextval('s')"));
        Assert.Equal(20L, Scalar(c, "SELECT nextval('s')"));
        Assert.Equal(1L, Scalar(c, "SELECT nextval('s')")); // cycled to MINVALUE
        Assert.Equal("42P07", Fails(c, "CREATE SEQUENCE s"));
        Run(c, "CREATE SEQUENCE IF NOT EXISTS s");
        Run(c, "CREATE TABLE t (id bigint, v text); CREATE SEQUENCE t_seq OWNED BY t.id");
        Run(c, "INSERT INTO t VALUES (nextval('t_seq'), 'a'), (nextval('t_seq'), 'b')");
        Assert.Equal(2L, Scalar(c, "SELECT max(id) FROM t"));
        Run(c, "TRUNCATE t RESTART IDENTITY");
        Run(c, "INSERT INTO t VALUES (nextval('t_seq'), 'c')");
        Assert.Equal(1L, Scalar(c, "SELECT id FROM t"));
        Run(c, "DROP SEQUENCE s, t_seq");
        Assert.Equal("42P01", Fails(c, "SELECT nextval('s')"));
        Assert.Equal("42P01", Fails(c, "DROP SEQUENCE s"));
        Run(c, "DROP SEQUENCE IF EXISTS s");
    }

    [Fact]
    public void A_rolled_back_nextval_is_handed_out_again()
    {
        using var c = Open("ddl-seq-rollback");
        Run(c, "CREATE SEQUENCE s");
        Run(c, "BEGIN");
        Assert.Equal(1L, Scalar(c, "SELECT nextval('s')"));
        Run(c, "ROLLBACK");
        Assert.Equal(1L, Scalar(c, "SELECT nextval('s')"));
    }

    [Fact]
    public void Vacuum_and_analyze_work_on_named_tables()
    {
        using var c = Open("ddl-vacuum");
        Run(c, "CREATE TABLE t (x int); INSERT INTO t VALUES (1)");
        Run(c, "VACUUM t");
        Run(c, "VACUUM ANALYZE t");
        Run(c, "VACUUM (VERBOSE, ANALYZE) t (x)");
        Run(c, "ANALYZE t");
        Run(c, "VACUUM");
        Run(c, "ANALYZE");
        Assert.True(Exists(c, "sqlite_stat1"));
        Assert.Equal("42P01", Fails(c, "VACUUM missing"));
        Run(c, "BEGIN");
        Assert.Equal("25001", Fails(c, "VACUUM t"));
        Run(c, "ROLLBACK");
    }

    [Fact]
    public void Index_statements_in_postgresql_form_run()
    {
        using var c = Open("ddl-index");
        Run(c, "CREATE TABLE t (a int, b text)");
        Run(c, "CREATE INDEX CONCURRENTLY IF NOT EXISTS ON ONLY t USING btree (a, lower(b)) INCLUDE (b) WITH (fillfactor = 90)");
        Assert.True(Exists(c, "t_a_expr_idx"));
        Run(c, "CREATE UNIQUE INDEX t_b ON t (b)");
        Run(c, "DROP INDEX CONCURRENTLY IF EXISTS t_b");
        Run(c, "CREATE INDEX t_c ON t (b)");
        Run(c, "DROP INDEX t_a_expr_idx, t_c");
        Assert.False(Exists(c, "t_b"));
        Assert.False(Exists(c, "t_c"));
    }

    [Fact]
    public void Unsupported_statements_answer_0A000_naming_the_feature()
    {
        using var c = Open("ddl-unsupported");
        foreach (var sql in new[]
        {
            "CREATE SCHEMA s", "CREATE EXTENSION hstore", "GRANT SELECT ON t TO bob", "REVOKE ALL ON t FROM bob",
            "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END $$", "CREATE OR REPLACE FUNCTION f() RETURNS int AS 'select 1' LANGUAGE sql",
            "DO $$ BEGIN END $$", "CLUSTER t", "LISTEN channel", "NOTIFY channel", "COMMENT ON TABLE t IS 'x'", "CREATE TYPE mood AS ENUM ('a')",
            "CREATE MATERIALIZED VIEW v AS SELECT 1", "CREATE ROLE r", "DROP SCHEMA s",
        })
        {
            using var command = new NpgsqlCommand(sql, c);
            var error = Assert.Throws<PostgresException>(() => command.ExecuteNonQuery());
            Assert.Equal("0A000", error.SqlState);
            Assert.Contains(sql.Split(' ')[0], error.MessageText, StringComparison.Ordinal);
        }
        Run(c, "CREATE SCHEMA IF NOT EXISTS public");
    }

    [Fact]
    public void Lock_table_is_accepted_inside_a_transaction_block_only()
    {
        using var c = Open("ddl-lock");
        Run(c, "CREATE TABLE t (x int)");
        Assert.Equal("25P01", Fails(c, "LOCK TABLE t IN ACCESS EXCLUSIVE MODE"));
        Run(c, "BEGIN");
        Run(c, "LOCK TABLE t IN SHARE ROW EXCLUSIVE MODE NOWAIT");
        Assert.Equal("42P01", Fails(c, "LOCK missing"));
        Run(c, "ROLLBACK");
    }
}
