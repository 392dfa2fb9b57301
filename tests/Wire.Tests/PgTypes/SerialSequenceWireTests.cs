using Npgsql;
using TenantDb.TestKit;
using TenantDb.Wire.Tests.EndToEnd;

namespace TenantDb.Wire.Tests.PgTypes;

/// <summary>
/// serial columns that cannot be SQLite's row id (another column is the key, or a second serial) take
/// their values from a sequence of their own, table_column_seq: INSERTs that omit them get nextval of it,
/// RETURNING shows the values, and the catalog shows the nextval default and the owned sequence.
/// </summary>
public sealed class SerialSequenceWireTests(WireServerFixture server) : IClassFixture<WireServerFixture>
{
    [Fact]
    public async Task A_serial_column_beside_another_key_is_generated_by_its_sequence_and_returned()
    {
        await using var c = await server.OpenTenantAsync(server.NewTenant("serial-seq"));
        await c.RowsAsync("CREATE TABLE t (code text PRIMARY KEY, n serial, big bigserial, note text)");

        var inserted = await c.RowsAsync("INSERT INTO t (code, note) VALUES ('a', 'x'), ($1, $2) RETURNING n, big", "b", "y");
        Assert.Equal([[1, 1L], [2, 2L]], inserted);
        Assert.Equal([[3, 3L]], await c.RowsAsync("INSERT INTO t (code) SELECT 'c' RETURNING n, big"));
        // An explicit value is kept; the sequence does not move for it.
        Assert.Equal([[100, 4L]], await c.RowsAsync("INSERT INTO t (code, n) VALUES ('d', 100) RETURNING n, big"));
        Assert.Equal([[4, 5L]], await c.RowsAsync("INSERT INTO t (code, note) VALUES ('e', 'z') ON CONFLICT (code) DO NOTHING RETURNING n, big"));
        Assert.Equal([[4L]], await c.RowsAsync("SELECT currval('t_n_seq')::int8"));

        // The column is NOT NULL, as a serial column is in PostgreSQL.
        var error = await Assert.ThrowsAsync<PostgresException>(() => c.RowsAsync("INSERT INTO t (code, n) VALUES ('f', NULL)"));
        Assert.Equal("23502", error.SqlState);

        // TRUNCATE ... RESTART IDENTITY starts the owned sequences over.
        await c.RowsAsync("TRUNCATE t RESTART IDENTITY");
        Assert.Equal([[1, 1L]], await c.RowsAsync("INSERT INTO t (code) VALUES ('g') RETURNING n, big"));

        // The catalog shows the default and the sequence the column owns.
        Assert.Equal([["nextval('t_n_seq'::regclass)"]], await c.RowsAsync(
            "SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum WHERE d.adrelid = 't'::regclass AND a.attname = 'n'"));
        Assert.Equal([["public.t_big_seq"]], await c.RowsAsync("SELECT pg_get_serial_sequence('t', 'big')"));
    }

    [Fact]
    public async Task Stored_sequences_are_in_the_catalog_with_their_options_and_only_owned_ones_are_serial()
    {
        await using var c = await server.OpenTenantAsync(server.NewTenant("seq-catalog"));
        await c.RowsAsync("CREATE SEQUENCE lone START 100 INCREMENT 5 MAXVALUE 1000 CYCLE");
        await c.RowsAsync("CREATE SEQUENCE shared");
        await c.RowsAsync("CREATE TABLE a (id int PRIMARY KEY, n int)");
        await c.RowsAsync("ALTER TABLE a ALTER COLUMN n SET DEFAULT nextval('shared')");
        await c.RowsAsync("CREATE TABLE b (id serial PRIMARY KEY, k int, s bigserial)");

        // Every sequence is a relation, a sequence no column uses included, each once.
        Assert.Equal([["b_id_seq"], ["b_s_seq"], ["lone"], ["shared"]],
            await c.RowsAsync("SELECT relname::text FROM pg_class WHERE relkind = 'S' ORDER BY 1"));
        Assert.Equal([[100L, 5L, 1000L, 1L, true]],
            await c.RowsAsync("SELECT seqstart, seqincrement, seqmax, seqmin, seqcycle FROM pg_sequence WHERE seqrelid = 'lone'::regclass"));

        // A nextval default naming another sequence is no serial column: PostgreSQL reports NULL, and no ownership.
        Assert.Equal([[null]], await c.RowsAsync("SELECT pg_get_serial_sequence('a', 'n')"));
        Assert.Equal([["nextval('shared'::regclass)"]], await c.RowsAsync(
            "SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum WHERE d.adrelid = 'a'::regclass AND a.attname = 'n'"));
        Assert.Equal([[0L]], await c.RowsAsync("SELECT count(*) FROM pg_depend WHERE objid = 'shared'::regclass AND deptype = 'a'"));
        Assert.Equal([["public.b_id_seq", "public.b_s_seq"]], await c.RowsAsync("SELECT pg_get_serial_sequence('b', 'id'), pg_get_serial_sequence('b', 's')"));

        // OWNED BY makes the column its owner.
        await c.RowsAsync("ALTER SEQUENCE shared OWNED BY a.n");
        Assert.Equal([["public.shared"]], await c.RowsAsync("SELECT pg_get_serial_sequence('a', 'n')"));
        Assert.Equal([[1L]], await c.RowsAsync("SELECT count(*) FROM pg_depend WHERE objid = 'shared'::regclass AND deptype = 'a'"));
    }

    [SkippableFact]
    public void Psql_lists_every_sequence()
    {
        var psql = ExternalTool.Psql.Require();
        var tenant = server.NewTenant("seq-psql");
        var env = server.ClientEnvironment(tenant);
        var (code, stdout, stderr) = ChildProcess.Run(psql, ["-X", "-v", "ON_ERROR_STOP=1", "-A", "-c", "CREATE SEQUENCE lone", "-c", "CREATE TABLE t (id serial PRIMARY KEY)", "-c", "\\ds"], env, 60);
        Assert.True(code == 0, $"psql failed ({code}): {stderr}\n{stdout}");
        Assert.Contains("public|lone|sequence|", stdout, StringComparison.Ordinal);
        Assert.Contains("public|t_id_seq|sequence|", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_serial_column_and_default_values_use_their_sequences()
    {
        await using var c = await server.OpenTenantAsync(server.NewTenant("serial-two"));
        await c.RowsAsync("CREATE TABLE two (id serial PRIMARY KEY, seq smallserial)");
        Assert.Equal([[1, (short)1]], await c.RowsAsync("INSERT INTO two DEFAULT VALUES RETURNING id, seq"));
        Assert.Equal([[2, (short)2]], await c.RowsAsync("INSERT INTO two DEFAULT VALUES RETURNING id, seq"));

        // A table dropped and created again starts a fresh sequence.
        await c.RowsAsync("DROP TABLE two");
        await c.RowsAsync("CREATE TABLE two (id serial PRIMARY KEY, seq smallserial)");
        Assert.Equal([[1, (short)1]], await c.RowsAsync("INSERT INTO two DEFAULT VALUES RETURNING id, seq"));
    }

    [Fact]
    public async Task A_serial_sequence_cannot_take_a_reserved_name_and_its_name_cannot_inject_sql()
    {
        await using var c = await server.OpenTenantAsync(server.NewTenant("serial-attack"));
        // Table "sqlite" is allowed, but its column x's sequence would be sqlite_x_seq, a name SQLite reserves.
        var error = await Assert.ThrowsAsync<PostgresException>(() => c.RowsAsync("CREATE TABLE sqlite (k text PRIMARY KEY, x serial)"));
        Assert.Equal("42501", error.SqlState);
        Assert.Empty(await c.RowsAsync("SELECT 1 FROM pg_class WHERE relname = 'sqlite'"));

        // A column name that would end the quoted sequence name in the generated nextval call.
        await c.RowsAsync("CREATE TABLE victim (v int)");
        await c.RowsAsync("CREATE TABLE q (k text PRIMARY KEY, \"x'\"\"); DROP TABLE victim; --\" serial)");
        Assert.Equal([[1]], await c.RowsAsync("INSERT INTO q (k) VALUES ('a') RETURNING \"x'\"\"); DROP TABLE victim; --\""));
        Assert.Equal([[2]], await c.RowsAsync("INSERT INTO q (k) VALUES ('b') RETURNING 2"));
        Assert.Equal([[0L]], await c.RowsAsync("SELECT count(*) FROM victim"));
    }

    [SkippableFact]
    public void Psql_describe_shows_the_nextval_default()
    {
        var psql = ExternalTool.Psql.Require();
        var tenant = server.NewTenant("serial-psql");
        using (var c = new NpgsqlConnection(server.ConnectionString(tenant)))
        {
            c.Open();
            using var create = new NpgsqlCommand("CREATE TABLE t (code text PRIMARY KEY, n serial)", c);
            create.ExecuteNonQuery();
        }
        var (code, stdout, stderr) = ChildProcess.Run(psql, ["-X", "-v", "ON_ERROR_STOP=1", "-A", "-F", "|", "-c", "\\d t"], server.ClientEnvironment(tenant));
        Assert.True(code == 0 && stderr.Length == 0, $"psql failed ({code}): {stderr}\n{stdout}");
        Assert.Contains("n|integer||not null|nextval('t_n_seq'::regclass)", stdout, StringComparison.Ordinal);
    }
}
