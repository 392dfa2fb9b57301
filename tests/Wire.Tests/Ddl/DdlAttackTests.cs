using Npgsql;
using TenantDb.Wire.Tests.EndToEnd;
using static TenantDb.Wire.Tests.Ddl.DdlWireTests;

namespace TenantDb.Wire.Tests.Ddl;

/// <summary>
/// The DDL surfaces against a hostile tenant: the reserved sequences table, the table rebuild's trusted
/// statements, names that shadow what those statements use, and files VACUUM could write.
/// </summary>
public sealed class DdlAttackTests(WireServerFixture server) : IClassFixture<WireServerFixture>
{
    private NpgsqlConnection Open(string prefix)
    {
        var c = new NpgsqlConnection(server.ConnectionString(server.NewTenant(prefix)));
        c.Open();
        return c;
    }

    [Theory]
    [InlineData("SELECT * FROM _tenantdb_sequences")]
    [InlineData("SELECT * FROM main._tenantdb_sequences")]
    [InlineData("UPDATE _tenantdb_sequences SET last_value = 0")]
    [InlineData("DELETE FROM main._tenantdb_sequences")]
    [InlineData("INSERT INTO _tenantdb_sequences (name) VALUES ('x')")]
    [InlineData("DROP TABLE _tenantdb_sequences")]
    [InlineData("DROP TABLE IF EXISTS t, _tenantdb_sequences")]
    [InlineData("TRUNCATE _tenantdb_sequences")]
    [InlineData("TRUNCATE t, _tenantdb_procedures")]
    [InlineData("ALTER TABLE _tenantdb_sequences ADD PRIMARY KEY (name)")]
    [InlineData("ALTER TABLE _tenantdb_procedures DROP CONSTRAINT x")]
    [InlineData("CREATE TEMP TABLE _tenantdb_sequences (name text)")]
    [InlineData("CREATE TEMP VIEW _tenantdb_rebuild AS SELECT 1")]
    [InlineData("CREATE TRIGGER steal AFTER UPDATE ON _tenantdb_sequences BEGIN SELECT 1; END")]
    [InlineData("CREATE SEQUENCE _tenantdb_x")]
    [InlineData("VACUUM _tenantdb_sequences")]
    [InlineData("ANALYZE _tenantdb_procedures")]
    [InlineData("ALTER TABLE t ADD CONSTRAINT f FOREIGN KEY (x) REFERENCES _tenantdb_procedures (name)")]
    public void Reserved_tables_are_out_of_reach(string sql)
    {
        using var c = Open("ddl-attack-reserved");
        Run(c, "CREATE TABLE t (x text); INSERT INTO t VALUES ('keep'); CREATE SEQUENCE s; SELECT nextval('s')");
        var state = Fails(c, sql);
        Assert.True(state is "42501" or "42P01", $"{sql}: {state}");
        Assert.Equal(2L, Scalar(c, "SELECT nextval('s')"));
        Assert.Equal("keep", Scalar(c, "SELECT x FROM t"));
    }

    [Fact]
    public void A_rebuild_runs_no_tenant_trigger_and_a_trigger_on_the_copy_target_cannot_exist()
    {
        using var c = Open("ddl-attack-trigger");
        // Triggers (TEMP and not) on the table fire for tenant statements only; the rebuild's copy and drop fire nothing.
        var counts = Script(server, c.Database, """
            CREATE TABLE t (id int); CREATE TABLE spy (n int); INSERT INTO t VALUES (1), (2);
            CREATE TEMP TRIGGER t_spy_ins AFTER INSERT ON main.t BEGIN INSERT INTO spy VALUES (new.id); END;
            CREATE TRIGGER t_spy_del BEFORE DELETE ON t BEGIN INSERT INTO spy VALUES (old.id); END;
            ALTER TABLE t ADD PRIMARY KEY (id);
            SELECT count(*) FROM spy;
            SELECT count(*) FROM t;
            DELETE FROM t WHERE id = 1;
            SELECT count(*) FROM spy;
            """);
        Assert.Equal(3, counts.Count);
        Assert.EndsWith("0", counts[0], StringComparison.Ordinal);
        Assert.EndsWith("2", counts[1], StringComparison.Ordinal);
        Assert.EndsWith("1", counts[2], StringComparison.Ordinal);
    }

    [Fact]
    public void A_temp_table_shadowing_the_table_does_not_redirect_the_rebuild()
    {
        using var c = Open("ddl-attack-shadow");
        Run(c, "CREATE TABLE t (id int, v int); CREATE INDEX t_v ON t (v); INSERT INTO t VALUES (1, 1)");
        Run(c, "CREATE TEMP TABLE t (id int, v int)");
        // PostgreSQL's name resolution finds the TEMP table first; its constraints are not rebuilt.
        Assert.Equal("0A000", Fails(c, "ALTER TABLE t ADD PRIMARY KEY (id)"));
        Run(c, "DROP TABLE t"); // the TEMP one
        Run(c, "CREATE TEMP TABLE t_v_shadow (v int); CREATE TEMP TABLE seq_shadow (x int)");
        Run(c, "ALTER TABLE t ADD PRIMARY KEY (id)");
        Assert.Equal(1L, Scalar(c, "SELECT count(*) FROM main.sqlite_schema WHERE name = 't_v' AND tbl_name = 't'"));
        Assert.Equal(0L, Scalar(c, "SELECT count(*) FROM temp.sqlite_schema WHERE tbl_name = 't'"));
    }

    [Fact]
    public void A_temp_table_named_like_a_sequence_does_not_change_nextval()
    {
        using var c = Open("ddl-attack-seq-shadow");
        Run(c, "CREATE SEQUENCE s");
        Run(c, "CREATE TEMP TABLE s (last_value int); INSERT INTO s VALUES (1000)");
        Assert.Equal(1L, Scalar(c, "SELECT nextval('s')"));
        Assert.Equal(2L, Scalar(c, "SELECT nextval('s')"));
    }

    [Fact]
    public void Vacuum_cannot_write_a_file()
    {
        using var c = Open("ddl-attack-vacuum");
        var path = Path.Combine(Path.GetTempPath(), $"tenantdb-vacuum-into-{Guid.NewGuid():N}.db");
        Run(c, "CREATE TABLE t (x int)");
        Assert.NotNull(Fails(c, $"VACUUM INTO '{path}'"));
        Assert.NotNull(Fails(c, $"VACUUM main INTO '{path}'"));
        Assert.NotNull(Fails(c, $"VACUUM t INTO '{path}'"));
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Constraint_text_cannot_smuggle_a_second_statement()
    {
        using var c = Open("ddl-attack-smuggle");
        Run(c, "CREATE TABLE t (x int); INSERT INTO t VALUES (1)");
        Assert.NotNull(Fails(c, "ALTER TABLE t ADD CONSTRAINT c CHECK (x > 0)); DROP TABLE t; --)"));
        Assert.NotNull(Fails(c, "ALTER TABLE t ADD CONSTRAINT c CHECK ((SELECT count(*) FROM _tenantdb_procedures) >= 0)"));
        Assert.Equal(1L, Scalar(c, "SELECT count(*) FROM t"));
    }
}
