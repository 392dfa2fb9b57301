using Npgsql;
using NpgsqlTypes;
using TenantDb.TestKit;
using TenantDb.Wire.Tests.EndToEnd;

namespace TenantDb.Wire.Tests.Copy;

/// <summary>COPY over a real socket with Npgsql: text, CSV and binary, in and out, and the error paths.</summary>
public sealed class CopyWireTests(WireServerFixture server) : IClassFixture<WireServerFixture>
{
    private NpgsqlConnection Open(string tenant)
    {
        var c = new NpgsqlConnection(server.ConnectionString(tenant));
        c.Open();
        return c;
    }

    private static void Exec(NpgsqlConnection c, string sql)
    {
        using var cmd = new NpgsqlCommand(sql, c);
        cmd.ExecuteNonQuery();
    }

    private static object? Scalar(NpgsqlConnection c, string sql)
    {
        using var cmd = new NpgsqlCommand(sql, c);
        return cmd.ExecuteScalar();
    }

    [Fact]
    public void Binary_import_and_export_round_trip_every_column_kind()
    {
        var tenant = server.NewTenant("copybin");
        using var c = Open(tenant);
        Exec(c, "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, score DOUBLE PRECISION, data BYTEA, ok BOOLEAN)");
        using (var importer = c.BeginBinaryImport("COPY t (id, name, score, data, ok) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < 1000; i++)
            {
                importer.StartRow();
                importer.Write(i, NpgsqlDbType.Integer);
                if (i % 7 == 0) importer.WriteNull(); else importer.Write($"row\t{i}\n\\\"", NpgsqlDbType.Text);
                importer.Write(i / 4.0, NpgsqlDbType.Double);
                importer.Write(new byte[] { (byte)i, 0, 255 }, NpgsqlDbType.Bytea);
                importer.Write(i % 2 == 0, NpgsqlDbType.Boolean);
            }
            Assert.Equal(1000UL, importer.Complete());
        }
        Assert.Equal(1000L, Scalar(c, "SELECT count(*) FROM t"));
        Assert.Equal("row\t5\n\\\"", Scalar(c, "SELECT name FROM t WHERE id = 5"));
        var seen = 0;
        using (var exporter = c.BeginBinaryExport("COPY t (id, name, score, data, ok) TO STDOUT (FORMAT BINARY)"))
        {
            while (exporter.StartRow() != -1)
            {
                var id = exporter.Read<int>(NpgsqlDbType.Integer);
                if (id % 7 == 0) { Assert.True(exporter.IsNull); exporter.Skip(); }
                else Assert.Equal($"row\t{id}\n\\\"", exporter.Read<string>(NpgsqlDbType.Text));
                Assert.Equal(id / 4.0, exporter.Read<double>(NpgsqlDbType.Double));
                Assert.Equal(new byte[] { (byte)id, 0, 255 }, exporter.Read<byte[]>(NpgsqlDbType.Bytea));
                Assert.Equal(id % 2 == 0, exporter.Read<bool>(NpgsqlDbType.Boolean));
                seen++;
            }
        }
        Assert.Equal(1000, seen);
    }

    [Fact]
    [Trait(TestCategory.Name, TestCategory.Slow)]
    public void Binary_import_of_a_million_rows_streams_and_exports_back()
    {
        const int Rows = 1_000_000;
        var tenant = server.NewTenant("copymillion");
        using var c = Open(tenant);
        Exec(c, "CREATE TABLE t (id INTEGER, name TEXT, score DOUBLE PRECISION)");
        using (var importer = c.BeginBinaryImport("COPY t (id, name, score) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < Rows; i++)
            {
                importer.StartRow();
                importer.Write(i, NpgsqlDbType.Integer);
                importer.Write("name", NpgsqlDbType.Text);
                importer.Write(i * 0.5, NpgsqlDbType.Double);
            }
            Assert.Equal((ulong)Rows, importer.Complete());
        }
        Assert.Equal((long)Rows * (Rows - 1) / 2, Scalar(c, "SELECT sum(id) FROM t"));
        long seen = 0, sum = 0;
        // An export is one statement under the server's statement timeout (5 s here): export a slice.
        using (var exporter = c.BeginBinaryExport("COPY (SELECT id FROM t WHERE id < 200000) TO STDOUT (FORMAT BINARY)"))
        {
            while (exporter.StartRow() != -1)
            {
                sum += exporter.Read<int>(NpgsqlDbType.Integer);
                seen++;
            }
        }
        Assert.Equal(200_000, seen);
        Assert.Equal(200_000L * 199_999 / 2, sum);
        using var text = c.BeginTextExport("COPY (SELECT * FROM t WHERE id < 100000) TO STDOUT");
        var lines = 0;
        while (text.ReadLine() is not null) lines++;
        Assert.Equal(100_000, lines);
    }

    [Fact]
    public void Text_import_and_export_escape_tabs_newlines_backslashes_and_null()
    {
        var tenant = server.NewTenant("copytext");
        using var c = Open(tenant);
        Exec(c, "CREATE TABLE t (id INTEGER, body TEXT)");
        using (var writer = c.BeginTextImport("COPY t FROM STDIN"))
        {
            writer.Write("1\ta\\tb\\nc\\\\d\n2\t\\N\n3\t\n4\t\\101\\x42\n");
        }
        Assert.Equal("a\tb\nc\\d", Scalar(c, "SELECT body FROM t WHERE id = 1"));
        Assert.Equal(DBNull.Value, Scalar(c, "SELECT body FROM t WHERE id = 2"));
        Assert.Equal("", Scalar(c, "SELECT body FROM t WHERE id = 3"));
        Assert.Equal("AB", Scalar(c, "SELECT body FROM t WHERE id = 4"));
        using var reader = c.BeginTextExport("COPY (SELECT id, body FROM t ORDER BY id) TO STDOUT");
        Assert.Equal("1\ta\\tb\\nc\\\\d\n2\t\\N\n3\t\n4\tAB\n", reader.ReadToEnd());
    }

    [Fact]
    public void Csv_with_header_and_options_round_trips_in_both_syntaxes()
    {
        var tenant = server.NewTenant("copycsv");
        using var c = Open(tenant);
        Exec(c, "CREATE TABLE t (id INTEGER, body TEXT)");
        using (var writer = c.BeginTextImport("COPY t (id, body) FROM STDIN WITH (FORMAT csv, HEADER true)"))
        {
            writer.Write("id,body\n1,\"a,b\"\n2,\n3,\"\"\n4,\"say \"\"hi\"\"\nnext line\"\n");
        }
        Assert.Equal("a,b", Scalar(c, "SELECT body FROM t WHERE id = 1"));
        Assert.Equal(DBNull.Value, Scalar(c, "SELECT body FROM t WHERE id = 2"));
        Assert.Equal("", Scalar(c, "SELECT body FROM t WHERE id = 3"));
        Assert.Equal("say \"hi\"\nnext line", Scalar(c, "SELECT body FROM t WHERE id = 4"));
        using (var reader = c.BeginTextExport("COPY t TO STDOUT WITH CSV HEADER"))
            Assert.Equal("id,body\n1,\"a,b\"\n2,\n3,\"\"\n4,\"say \"\"hi\"\"\nnext line\"\n", reader.ReadToEnd());
        using (var reader = c.BeginTextExport("COPY t TO STDOUT WITH (FORMAT csv, DELIMITER ';', NULL 'NULL', FORCE_QUOTE *)"))
            Assert.Equal("\"1\";\"a,b\"\n\"2\";NULL\n\"3\";\"\"\n\"4\";\"say \"\"hi\"\"\nnext line\"\n", reader.ReadToEnd());
    }

    private static PostgresException CopyFails(NpgsqlConnection c, string copy, string data)
    {
        return Assert.Throws<PostgresException>(() =>
        {
            using var writer = c.BeginTextImport(copy);
            writer.Write(data);
        });
    }

    [Theory]
    [InlineData("1\tx\nnot-a-number\ty\n", "22P02", "line 2")]
    [InlineData("1\tx\n2\n", "22P04", "line 2")]
    [InlineData("1\tx\tsurplus\n", "22P04", "line 1")]
    [InlineData("1\tx\n1\ty\n", "23505", "line 2")]
    public void A_bad_row_rejects_the_whole_copy_with_its_line(string data, string sqlState, string line)
    {
        var tenant = server.NewTenant("copybad");
        using var c = Open(tenant);
        Exec(c, "CREATE TABLE t (n INTEGER PRIMARY KEY, s TEXT)");
        var error = CopyFails(c, "COPY t FROM STDIN", data);
        Assert.Equal(sqlState, error.SqlState);
        Assert.Contains(line, error.Where, StringComparison.Ordinal);
        Assert.Equal(0L, Scalar(c, "SELECT count(*) FROM t"));
        Assert.Equal(1, Scalar(c, "SELECT 1")); // SELECT 1 is an integer (int4)
    }

    [Fact]
    public void Unterminated_csv_quote_is_22P04()
    {
        var tenant = server.NewTenant("copyquote");
        using var c = Open(tenant);
        Exec(c, "CREATE TABLE t (n INTEGER, s TEXT)");
        var error = CopyFails(c, "COPY t FROM STDIN (FORMAT csv)", "1,ok\n2,\"never closed\n3,x\n");
        Assert.Equal("22P04", error.SqlState);
        Assert.Equal(0L, Scalar(c, "SELECT count(*) FROM t"));
    }

    [Fact]
    public void Copy_inside_a_transaction_belongs_to_it_and_a_cancel_rolls_back_only_on_rollback()
    {
        var tenant = server.NewTenant("copytx");
        using var c = Open(tenant);
        Exec(c, "CREATE TABLE t (n INTEGER)");
        using (var tx = c.BeginTransaction())
        {
            using (var writer = c.BeginTextImport("COPY t FROM STDIN")) writer.Write("1\n2\n");
            Assert.Equal(2L, Scalar(c, "SELECT count(*) FROM t"));
            tx.Rollback();
        }
        Assert.Equal(0L, Scalar(c, "SELECT count(*) FROM t"));
        // Npgsql cancels an import disposed without Complete with CopyFail: nothing is kept.
        using (var importer = c.BeginBinaryImport("COPY t FROM STDIN (FORMAT binary)"))
        {
            importer.StartRow();
            importer.Write(1, NpgsqlDbType.Integer);
        }
        Assert.Equal(0L, Scalar(c, "SELECT count(*) FROM t"));
        Assert.Equal(1, Scalar(c, "SELECT 1")); // SELECT 1 is an integer (int4)
    }

    [Theory]
    [InlineData("COPY t FROM '/etc/passwd'", "42501")]
    [InlineData("COPY t TO '/tmp/out.txt'", "42501")]
    [InlineData("COPY t FROM PROGRAM 'id'", "42501")]
    [InlineData("COPY t TO PROGRAM 'id'", "42501")]
    [InlineData("COPY _tenantdb_pg_types FROM STDIN", null)]
    [InlineData("COPY pg_catalog.pg_class FROM STDIN", null)]
    [InlineData("COPY (SELECT 1) FROM STDIN", "42601")]
    [InlineData("COPY t FROM STDIN (FORMAT xml)", "22023")]
    [InlineData("COPY t FROM STDIN (FORMAT binary, HEADER)", "42601")]
    [InlineData("COPY nowhere FROM STDIN", "42P01")]
    public void Files_programs_reserved_tables_and_bad_options_are_refused(string copy, string? sqlState)
    {
        var tenant = server.NewTenant("copyrefuse");
        using var c = Open(tenant);
        Exec(c, "CREATE TABLE t (n INTEGER)");
        var error = Assert.Throws<PostgresException>(() => Exec(c, copy));
        if (sqlState is not null) Assert.Equal(sqlState, error.SqlState);
        Assert.Equal(1, Scalar(c, "SELECT 1")); // SELECT 1 is an integer (int4)
    }

    [Fact]
    public void Quota_exceeded_mid_copy_leaves_nothing()
    {
        var tenant = server.NewTenant("copyquota");
        server.Engine.SetQuota(tenant, 2L << 20);
        using var c = Open(tenant);
        Exec(c, "CREATE TABLE t (n INTEGER, body TEXT)");
        var error = Assert.Throws<PostgresException>(() =>
        {
            using var importer = c.BeginBinaryImport("COPY t FROM STDIN (FORMAT binary)");
            var body = new string('x', 1000);
            for (var i = 0; i < 10_000; i++)
            {
                importer.StartRow();
                importer.Write(i, NpgsqlDbType.Integer);
                importer.Write(body, NpgsqlDbType.Text);
            }
            importer.Complete();
        });
        Assert.Equal("53100", error.SqlState);
        Assert.Contains("COPY t, line", error.Where, StringComparison.Ordinal);
        // Npgsql drops a connection whose import failed while it was still writing rows; check from a new one.
        using var check = Open(tenant);
        Assert.Equal(0L, Scalar(check, "SELECT count(*) FROM t"));
    }

    [Fact]
    public void Statements_after_copy_in_one_query_run_after_copy_done()
    {
        var tenant = server.NewTenant("copymulti");
        using var c = Open(tenant);
        Exec(c, "CREATE TABLE t (n INTEGER)");
        using (var writer = c.BeginTextImport("COPY t FROM STDIN")) writer.Write("5\n6\n");
        Assert.Equal(11L, Scalar(c, "SELECT sum(n) FROM t"));
    }
}
