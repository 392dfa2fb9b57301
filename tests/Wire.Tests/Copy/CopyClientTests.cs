using TenantDb.TestKit;
using TenantDb.Wire.Tests.EndToEnd;

namespace TenantDb.Wire.Tests.Copy;

/// <summary>COPY from the real clients: psql's \copy, psycopg 3's cursor.copy and asyncpg's copy_records_to_table.</summary>
public sealed class CopyClientTests(WireServerFixture server) : IClassFixture<WireServerFixture>
{
    private Dictionary<string, string> Env(string tenant) => server.ClientEnvironment(tenant);

    [SkippableFact]
    public void Psql_backslash_copy_loads_and_unloads_text_and_csv()
    {
        var psql = ExternalTool.Psql.Require();
        var tenant = server.NewTenant("psqlcopy");
        using var directory = new TempDirectory("tenantdb-psqlcopy-");
        var input = directory.File("in.csv");
        File.WriteAllText(input, "id,body\n1,plain\n2,\"with, comma\"\n3,\n4,\"two\nlines\"\n");
        var output = directory.File("out.txt");
        var script = directory.File("script.sql");
        File.WriteAllText(script, $"""
            CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);
            \copy notes from '{input}' with csv header
            SELECT count(*) AS n, count(body) AS bodies FROM notes;
            \copy (SELECT id, body FROM notes ORDER BY id) to '{output}'
            \copy notes to stdout with (format csv, header)
            """);
        var (code, stdout, stderr) = ChildProcess.Run(psql, ["-X", "-v", "ON_ERROR_STOP=1", "-A", "-F", "|", "-f", script], Env(tenant));
        Assert.True(code == 0, $"psql failed ({code}): {stderr}\n{stdout}");
        Assert.Contains("COPY 4", stdout, StringComparison.Ordinal);
        Assert.Contains("n|bodies\n4|3\n", stdout, StringComparison.Ordinal);
        Assert.Contains("id,body\n1,plain\n2,\"with, comma\"\n3,\n4,\"two\nlines\"\n", stdout, StringComparison.Ordinal);
        Assert.Equal("1\tplain\n2\twith, comma\n3\t\\N\n4\ttwo\\nlines\n", File.ReadAllText(output));
    }

    [SkippableFact]
    public void Psql_copy_with_a_bad_row_reports_the_line_and_keeps_nothing()
    {
        var psql = ExternalTool.Psql.Require();
        var tenant = server.NewTenant("psqlcopybad");
        using var directory = new TempDirectory("tenantdb-psqlcopy-");
        var input = directory.File("in.txt");
        File.WriteAllText(input, "1\ta\n2\tb\nthree\tc\n");
        var script = directory.File("script.sql");
        File.WriteAllText(script, $"""
            CREATE TABLE t (id INTEGER, body TEXT);
            \copy t from '{input}'
            """);
        var (code, _, stderr) = ChildProcess.Run(psql, ["-X", "-v", "ON_ERROR_STOP=1", "-v", "VERBOSITY=verbose", "-f", script], Env(tenant));
        Assert.NotEqual(0, code);
        Assert.Contains("22P02", stderr, StringComparison.Ordinal);
        Assert.Contains("COPY t, line 3", stderr, StringComparison.Ordinal);
        var (_, count, _) = ChildProcess.Run(psql, ["-X", "-A", "-t", "-c", "SELECT count(*) FROM t"], Env(tenant));
        Assert.Equal("0", count.Trim());
    }

    [SkippableFact]
    public void Psycopg3_cursor_copy_writes_and_reads_rows_in_text_and_binary()
    {
        var python = ExternalTool.Psycopg3.Require();
        var tenant = server.NewTenant("psycopg3copy");
        using var directory = new TempDirectory("tenantdb-psycopg3-");
        var script = directory.File("script.py");
        File.WriteAllText(script, """
            import os, psycopg
            conn = psycopg.connect(host="127.0.0.1", port=int(os.environ["PGPORT"]), dbname=os.environ["PGDATABASE"],
                                   user=os.environ["PGUSER"], password=os.environ["PGPASSWORD"], connect_timeout=10)
            cur = conn.cursor()
            cur.execute("CREATE TABLE t (id INTEGER, name TEXT, score REAL)")
            with cur.copy("COPY t (id, name, score) FROM STDIN") as copy:
                for i in range(500):
                    copy.write_row((i, None if i % 10 == 0 else f"n\t{i}\\", i / 2))
            with cur.copy("COPY t (id, name, score) FROM STDIN (FORMAT BINARY)") as copy:
                copy.set_types(["int8", "text", "float8"])
                for i in range(500, 600):
                    copy.write_row((i, f"b{i}", 1.5))
            conn.commit()
            cur.execute("SELECT count(*), count(name), sum(id) FROM t")
            assert cur.fetchone() == (600, 550, sum(range(600)))
            with cur.copy("COPY (SELECT id, name FROM t WHERE id IN (1, 10) ORDER BY id) TO STDOUT") as copy:
                rows = list(copy.rows())
            assert rows == [("1", "n\t1\\"), ("10", None)], rows
            try:
                with cur.copy("COPY t (id, name, score) FROM STDIN") as copy:
                    copy.write_row((1, "x", 1.0))
                    raise RuntimeError("client gives up")
                raise SystemExit("expected the COPY to fail")
            except psycopg.errors.QueryCanceled as e:
                # CopyFail: the server answers 57014 with the client's reason, as PostgreSQL does.
                assert "client gives up" in str(e), e
            conn.rollback()
            cur.execute("SELECT count(*) FROM t")
            assert cur.fetchone()[0] == 600
            print("ok")
            """);
        var (code, stdout, stderr) = ChildProcess.Run(python, [script], Env(tenant));
        Assert.True(code == 0, $"python failed ({code}): {stderr}\n{stdout}");
        Assert.Equal("ok", stdout.Trim());
    }

    [SkippableFact]
    public void Asyncpg_copy_records_to_table_and_copy_from_query()
    {
        var python = ExternalTool.Asyncpg.Require();
        var tenant = server.NewTenant("asyncpgcopy");
        using var directory = new TempDirectory("tenantdb-asyncpg-");
        var script = directory.File("script.py");
        File.WriteAllText(script, """
            import asyncio, io, os, asyncpg
            async def main():
                c = await asyncpg.connect(host="127.0.0.1", port=int(os.environ["PGPORT"]), database=os.environ["PGDATABASE"],
                                          user=os.environ["PGUSER"], password=os.environ["PGPASSWORD"], timeout=10)
                await c.execute("CREATE TABLE t (id INTEGER, name TEXT, score DOUBLE PRECISION)")
                result = await c.copy_records_to_table("t", records=[(i, f"a\t{i}", i / 4) for i in range(1000)], columns=["id", "name", "score"])
                assert result == "COPY 1000", result
                assert await c.fetchval("SELECT count(*) FROM t") == 1000
                assert await c.fetchval("SELECT name FROM t WHERE id = 7") == "a\t7"
                out = io.BytesIO()
                await c.copy_from_query("SELECT id, name FROM t WHERE id < 3 ORDER BY id", output=out, format="csv")
                assert out.getvalue() == b"0,a\t0\n1,a\t1\n2,a\t2\n", out.getvalue()
                await c.close()
                print("ok")
            asyncio.run(main())
            """);
        var (code, stdout, stderr) = ChildProcess.Run(python, [script], Env(tenant));
        Assert.True(code == 0, $"python failed ({code}): {stderr}\n{stdout}");
        Assert.Equal("ok", stdout.Trim());
    }
}
