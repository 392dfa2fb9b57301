using Npgsql;
using NpgsqlTypes;
using TenantDb.TestKit;
using TenantDb.Wire.Tests.EndToEnd;

namespace TenantDb.Wire.Tests.Copy;

/// <summary>
/// COPY FROM that leaves out columns: each gets its default, and a serial or identity column that a
/// sequence generates gets the sequence's next values, in row order, in text, CSV and binary format, from
/// Npgsql, psycopg 3, asyncpg and node-pg. COPY writes the values it is given into a GENERATED ALWAYS
/// identity column, as PostgreSQL's does.
/// </summary>
public sealed class CopyGeneratedColumnTests(WireServerFixture server) : IClassFixture<WireServerFixture>
{
    private Dictionary<string, string> Env(string tenant) => server.ClientEnvironment(tenant);

    private NpgsqlConnection Open(string tenant)
    {
        var c = new NpgsqlConnection(server.ConnectionString(tenant));
        c.Open();
        return c;
    }

    private static object? Scalar(NpgsqlConnection c, string sql)
    {
        using var cmd = new NpgsqlCommand(sql, c);
        return cmd.ExecuteScalar();
    }

    private static string Ids(NpgsqlConnection c, string table, string column) =>
        (string)Scalar(c, $"SELECT string_agg({column}::text, ',' ORDER BY {column}) FROM {table}")!;

    [Fact]
    public void Text_csv_and_binary_copy_fill_an_omitted_serial_column_in_row_order()
    {
        using var c = Open(server.NewTenant("copy-serial"));
        Scalar(c, "CREATE TABLE t (code text PRIMARY KEY, n serial, note text DEFAULT 'd', big bigserial)");

        using (var writer = c.BeginTextImport("COPY t (code, note) FROM STDIN"))
        {
            for (int i = 0; i < 100; i++) writer.Write($"a{i:D3}\tx\n");
        }
        Assert.Equal(100L, Scalar(c, "SELECT count(*) FROM t WHERE n = big"));
        Assert.Equal("a000", Scalar(c, "SELECT code FROM t WHERE n = 1"));
        Assert.Equal("a099", Scalar(c, "SELECT code FROM t WHERE n = 100"));

        using (var writer = c.BeginTextImport("COPY t (code) FROM STDIN (FORMAT csv)"))
        {
            writer.Write("b1\nb2\n");
        }
        Assert.Equal("d", Scalar(c, "SELECT note FROM t WHERE code = 'b2'"));

        using (var importer = c.BeginBinaryImport("COPY t (code, big) FROM STDIN (FORMAT BINARY)"))
        {
            importer.StartRow();
            importer.Write("c1", NpgsqlDbType.Text);
            importer.Write(1000L, NpgsqlDbType.Bigint);
            importer.StartRow();
            importer.Write("c2", NpgsqlDbType.Text);
            importer.Write(1001L, NpgsqlDbType.Bigint);
            Assert.Equal(2UL, importer.Complete());
        }

        Assert.Equal(string.Join(',', Enumerable.Range(1, 104)), Ids(c, "t", "n"));
        Assert.Equal(104, Scalar(c, "SELECT n FROM t WHERE code = 'c2'"));
        // The sequences moved past what COPY took; big's moved only for the rows that left it out.
        Assert.Equal(105, Scalar(c, "INSERT INTO t (code) VALUES ('z') RETURNING n"));
        Assert.Equal(103L, Scalar(c, "SELECT big FROM t WHERE code = 'z'"));
        Assert.Equal(105L, Scalar(c, "SELECT currval('t_n_seq')::int8"));
    }

    [Fact]
    public void Copy_into_identity_columns_writes_given_values_and_generates_omitted_ones()
    {
        using var c = Open(server.NewTenant("copy-identity"));
        Scalar(c, "CREATE TABLE r (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, v text)");
        Scalar(c, "CREATE TABLE s (k text PRIMARY KEY, n bigint GENERATED ALWAYS AS IDENTITY (START WITH 10 INCREMENT BY 10))");
        using (var writer = c.BeginTextImport("COPY r (id, v) FROM STDIN")) writer.Write("7\tgiven\n");
        using (var writer = c.BeginTextImport("COPY r (v) FROM STDIN")) writer.Write("made\n");
        Assert.Equal("7,8", Ids(c, "r", "id"));
        using (var writer = c.BeginTextImport("COPY s (k) FROM STDIN")) writer.Write("a\nb\nc\n");
        using (var writer = c.BeginTextImport("COPY s FROM STDIN")) writer.Write("d\t5\n");
        Assert.Equal("5,10,20,30", Ids(c, "s", "n"));
    }

    [Fact]
    public void A_copy_that_exhausts_the_sequence_fails_with_2200H_and_keeps_nothing()
    {
        using var c = Open(server.NewTenant("copy-exhaust"));
        Scalar(c, "CREATE TABLE t (code text PRIMARY KEY, n smallserial)");
        Scalar(c, "SELECT setval('t_n_seq', 32766)");
        var error = Assert.Throws<PostgresException>(() =>
        {
            using var writer = c.BeginTextImport("COPY t (code) FROM STDIN");
            writer.Write("a\nb\nc\n");
        });
        Assert.Equal("2200H", error.SqlState);
        Assert.Contains("line 2", error.Where ?? "", StringComparison.Ordinal);
        Assert.Equal(0L, Scalar(c, "SELECT count(*) FROM t"));
    }

    [Theory]
    [InlineData("COPY _tenantdb_sequences (name) FROM STDIN")]
    [InlineData("COPY main._tenantdb_column_types (table_name) FROM STDIN")]
    [InlineData("COPY sqlite_sequence (name) FROM STDIN")]
    public void Copy_cannot_write_the_engines_reserved_tables(string sql)
    {
        using var c = Open(server.NewTenant("copy-reserved"));
        Scalar(c, "CREATE TABLE t (code text PRIMARY KEY, n serial)");
        Scalar(c, "INSERT INTO t (code) VALUES ('a')");
        var error = Assert.Throws<PostgresException>(() =>
        {
            using var writer = c.BeginTextImport(sql);
            writer.Write("t_n_seq\n");
        });
        Assert.Contains(error.SqlState, (string[])["42501", "42P01"]);
        Assert.Equal(2, Scalar(c, "INSERT INTO t (code) VALUES ('b') RETURNING n"));
    }

    [SkippableFact]
    public void Psycopg3_and_asyncpg_copy_leave_the_serial_column_to_its_sequence()
    {
        var python = ExternalTool.Asyncpg.Require();
        ExternalTool.Psycopg3.Require();
        var tenant = server.NewTenant("copy-serial-py");
        using var directory = new TempDirectory("tenantdb-copyserial-");
        var script = directory.File("script.py");
        File.WriteAllText(script, """
            import asyncio, os, asyncpg, psycopg
            args = dict(host="127.0.0.1", port=int(os.environ["PGPORT"]), user=os.environ["PGUSER"], password=os.environ["PGPASSWORD"])
            conn = psycopg.connect(dbname=os.environ["PGDATABASE"], connect_timeout=10, **args)
            cur = conn.cursor()
            cur.execute("CREATE TABLE t (id bigserial PRIMARY KEY, code text NOT NULL, n serial)")
            with cur.copy("COPY t (code) FROM STDIN") as copy:
                for i in range(50):
                    copy.write_row((f"p{i}",))
            with cur.copy("COPY t (code) FROM STDIN (FORMAT BINARY)") as copy:
                copy.set_types(["text"])
                copy.write_row(("pb",))
            conn.commit()
            cur.execute("SELECT count(*), min(id), max(id), max(n) FROM t WHERE id = n")
            assert cur.fetchone() == (51, 1, 51, 51)
            conn.close()
            async def main():
                c = await asyncpg.connect(database=os.environ["PGDATABASE"], timeout=10, **args)
                result = await c.copy_records_to_table("t", records=[(f"a{i}",) for i in range(20)], columns=["code"])
                assert result == "COPY 20", result
                assert await c.fetchval("SELECT max(n) FROM t") == 71
                assert await c.fetchval("SELECT n FROM t WHERE code = 'a0'") == 52
                await c.close()
            asyncio.run(main())
            print("ok")
            """);
        var (code, stdout, stderr) = ChildProcess.Run(python, [script], Env(tenant));
        Assert.True(code == 0, $"python failed ({code}): {stderr}\n{stdout}");
        Assert.Equal("ok", stdout.Trim());
    }
}
