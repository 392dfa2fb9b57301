using Dapper;
using Npgsql;
using TenantDb.TestKit;
using TenantDb.Wire.Tests.EndToEnd;

namespace TenantDb.Wire.Tests.Procedures;

/// <summary>The WASI examples (examples/wasi) uploaded and called over the wire, from Npgsql and from psql.</summary>
public sealed class WasiProcedureWireTests(WireServerFixture server) : IClassFixture<WireServerFixture>
{
    private NpgsqlConnection Open(string tenant)
    {
        var c = new NpgsqlConnection(server.ConnectionString(tenant));
        c.Open();
        return c;
    }

    [SkippableFact]
    public void Npgsql_runs_wordfreq_over_a_text_column()
    {
        var wasm = WasiPrograms.Example("wordfreq");
        using var c = Open(server.NewTenant("wasiwf"));
        c.Execute("CREATE TABLE docs (body TEXT)");
        c.Execute("INSERT INTO docs VALUES ('to be or not to be'), ('that is the question'), ('to be')");
        c.Execute("CREATE PROCEDURE wordfreq(least int8) RETURNS TABLE(word text, n int8) LANGUAGE wasi STDIN 'SELECT body FROM docs' FORMAT tsv AS @wasm", new { wasm });
        var rows = c.Query<(string Word, long N)>("CALL wordfreq(2)").ToList();
        Assert.Equal([("be", 3L), ("to", 3L)], rows);
    }

    [SkippableFact]
    public void Npgsql_runs_a_qsort_filter_and_a_greyscale_transform()
    {
        using var c = Open(server.NewTenant("wasiimg"));
        c.Execute("CREATE TABLE names (n TEXT)");
        c.Execute("INSERT INTO names VALUES ('pear'), ('apple'), ('fig')");
        c.Execute("CREATE PROCEDURE sorted() RETURNS TABLE(n text) LANGUAGE wasi STDIN 'SELECT n FROM names' AS @wasm", new { wasm = WasiPrograms.Example("sort") });
        Assert.Equal(["apple", "fig", "pear"], c.Query<string>("CALL sorted()"));

        c.Execute("CREATE TABLE images (id int8 PRIMARY KEY, ppm bytea)");
        byte[] ppm = [.. "P6\n1 2\n255\n"u8, 0, 0, 255, 255, 255, 255];
        c.Execute("INSERT INTO images VALUES (1, @ppm)", new { ppm });
        c.Execute("CREATE PROCEDURE grey(id int8) RETURNS TABLE(pgm bytea) LANGUAGE wasi STDIN 'SELECT ppm FROM images WHERE id = $1' FORMAT raw STDOUT FORMAT raw AS @wasm",
            new { wasm = WasiPrograms.Example("greyscale") });
        Assert.Equal([.. "P5\n1 2\n255\n"u8, 29, 255], c.QuerySingle<byte[]>("CALL grey(1)"));
    }

    [SkippableFact]
    public void Bad_output_and_bad_arguments_are_22P02_and_the_connection_goes_on()
    {
        using var c = Open(server.NewTenant("wasierr"));
        c.Execute("CREATE TABLE t (a TEXT)");
        c.Execute("INSERT INTO t VALUES ('1'), ('x')");
        c.Execute("CREATE PROCEDURE nums(k int8) RETURNS TABLE(n int8) LANGUAGE wasi STDIN 'SELECT a FROM t ORDER BY rowid' AS @wasm", new { wasm = WasiPrograms.Example("cat") });
        var e = Assert.Throws<PostgresException>(() => c.Query<long>("CALL nums(1)").ToList());
        Assert.Equal("22P02", e.SqlState);
        Assert.Contains("stdout line 2", e.MessageText, StringComparison.Ordinal);
        Assert.Equal("22P02", Assert.Throws<PostgresException>(() => c.Execute("CALL nums('seven')")).SqlState);
        Assert.Equal(1, c.QuerySingle<int>("SELECT 1"));
    }

    [SkippableFact]
    public void Psql_uploads_and_calls_a_wasi_procedure()
    {
        var psql = ExternalTool.Psql.Require();
        var wasm = WasiPrograms.Example("groupby");
        var tenant = server.NewTenant("wasipsql");
        var script = Path.Combine(Path.GetTempPath(), $"tenantdb-wasi-{Guid.NewGuid():N}.sql");
        File.WriteAllText(script, $"""
            CREATE TABLE sales(fruit TEXT, amount REAL);
            INSERT INTO sales VALUES ('apple', 1.5), ('pear', 2), ('apple', 3);
            CREATE PROCEDURE totals() RETURNS TABLE(fruit text, n int8, total float8)
              LANGUAGE wasi STDIN 'SELECT fruit, amount FROM sales ORDER BY rowid' FORMAT csv STDOUT FORMAT csv
              AS '\x{Convert.ToHexStringLower(wasm)}';
            CALL totals();
            """);
        try
        {
            var env = new Dictionary<string, string>
            {
                ["PGHOST"] = "127.0.0.1",
                ["PGPORT"] = server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["PGDATABASE"] = tenant,
                ["PGUSER"] = WireServerFixture.AppUser,
                ["PGPASSWORD"] = WireServerFixture.AppPassword,
                ["PGCONNECT_TIMEOUT"] = "10",
            };
            var (code, stdout, stderr) = ChildProcess.Run(psql, ["-X", "-v", "ON_ERROR_STOP=1", "-A", "-F", "|", "-f", script], env);
            Assert.True(code == 0, $"psql failed ({code}): {stderr}\n{stdout}");
            Assert.Contains("fruit|n|total\napple|2|4.5\npear|1|2\n(2 rows)", stdout, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(script);
        }
    }
}
