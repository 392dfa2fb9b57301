using TenantDb.TestKit;

namespace TenantDb.Wire.Tests.EndToEnd;

/// <summary>psql, pgbench and psycopg2 against a real server: the Debian client programs, unchanged.</summary>
public sealed class CommandLineClientTests(WireServerFixture server) : IClassFixture<WireServerFixture>
{
    private Dictionary<string, string> Env(string tenant) => server.ClientEnvironment(tenant);

    [SkippableFact]
    public void Psql_runs_a_script_file()
    {
        var psql = ExternalTool.Psql.Require();
        var tenant = server.NewTenant("psql");
        using var scriptDirectory = new TempDirectory("tenantdb-psql-");
        var script = scriptDirectory.File("script.sql");
        File.WriteAllText(script, """
            CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT, score REAL);
            INSERT INTO notes (body, score) VALUES ('first', 1.5), ('second', 2.5), ('it''s third', NULL);
            BEGIN;
            UPDATE notes SET score = score * 2 WHERE score IS NOT NULL;
            COMMIT;
            SELECT id, body, score FROM notes ORDER BY id;
            SELECT count(*) AS n, sum(score) AS total FROM notes;
            SELECT current_database();
            """);
        var (code, stdout, stderr) = ChildProcess.Run(psql, ["-X", "-v", "ON_ERROR_STOP=1", "-A", "-F", "|", "-f", script], Env(tenant));
        Assert.True(code == 0, $"psql failed ({code}): {stderr}\n{stdout}");
        Assert.Contains("CREATE TABLE", stdout, StringComparison.Ordinal);
        Assert.Contains("INSERT 0 3", stdout, StringComparison.Ordinal);
        Assert.Contains("UPDATE 2", stdout, StringComparison.Ordinal);
        Assert.Contains("1|first|3\n2|second|5\n3|it's third|\n(3 rows)", stdout, StringComparison.Ordinal);
        Assert.Contains("n|total\n3|8\n(1 row)", stdout, StringComparison.Ordinal);
        Assert.Contains($"current_database\n{tenant}\n", stdout, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Psql_gdesc_describes_a_query_without_running_it()
    {
        var psql = ExternalTool.Psql.Require();
        var tenant = server.NewTenant("gdesc");
        // \gdesc reads the result's description and formats it with a query over (VALUES ...) AS s(name, tp, tpm).
        using var scriptDirectory = new TempDirectory("tenantdb-psql-");
        var script = scriptDirectory.File("gdesc.sql");
        File.WriteAllText(script, "SELECT 1 AS num, 'x' AS word, true AS flag \\gdesc\n");
        var (code, stdout, stderr) = ChildProcess.Run(psql, ["-X", "-v", "ON_ERROR_STOP=1", "-A", "-F", "|", "-f", script], Env(tenant));
        Assert.True(code == 0, $"psql failed ({code}): {stderr}\n{stdout}");
        Assert.Contains("Column|Type\nnum|integer\nword|text\nflag|boolean\n(3 rows)", stdout, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Psql_reports_errors_with_sqlstate()
    {
        var psql = ExternalTool.Psql.Require();
        var (code, _, stderr) = ChildProcess.Run(psql, ["-X", "-v", "ON_ERROR_STOP=1", "-v", "VERBOSITY=verbose", "-c", "SELECT * FROM nowhere"], Env(WireServerFixture.AppTenant));
        Assert.NotEqual(0, code);
        Assert.Contains("42P01", stderr, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Pgbench_runs_a_custom_read_write_script()
    {
        var pgbench = ExternalTool.Pgbench.Require();
        var tenant = server.NewTenant("pgbench");
        using (var c = new Npgsql.NpgsqlConnection(server.ConnectionString(tenant)))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = """
                CREATE TABLE accounts (aid INTEGER PRIMARY KEY, abalance INTEGER NOT NULL);
                WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 100) INSERT INTO accounts SELECT i, 0 FROM r;
                CREATE TABLE history (aid INTEGER, delta INTEGER);
                """;
            cmd.ExecuteNonQuery();
        }
        using var scriptDirectory = new TempDirectory("tenantdb-pgbench-");
        var script = scriptDirectory.File("script.sql");
        File.WriteAllText(script, """
            \set aid random(1, 100)
            \set delta random(1, 10)
            BEGIN;
            UPDATE accounts SET abalance = abalance + :delta WHERE aid = :aid;
            SELECT abalance FROM accounts WHERE aid = :aid;
            INSERT INTO history (aid, delta) VALUES (:aid, :delta);
            END;
            """);
        foreach (var mode in new[] { "simple", "extended", "prepared" })
        {
            var (code, stdout, stderr) = ChildProcess.Run(pgbench, ["-n", "-f", script, "-t", "50", "-c", "2", "-M", mode], Env(tenant), 90);
            Assert.True(code == 0, $"pgbench -M {mode} failed ({code}): {stderr}\n{stdout}");
            Assert.Contains("number of transactions actually processed: 100/100", stdout, StringComparison.Ordinal);
        }
        using var check = new Npgsql.NpgsqlConnection(server.ConnectionString(tenant));
        check.Open();
        using var q = check.CreateCommand();
        q.CommandText = "SELECT (SELECT count(*) FROM history), (SELECT sum(delta) FROM history) = (SELECT sum(abalance) FROM accounts)";
        using var r = q.ExecuteReader();
        Assert.True(r.Read());
        Assert.Equal(300L, r.GetInt64(0));
        Assert.True(r.GetBoolean(1));
    }

    [SkippableFact]
    public void Psycopg2_runs_queries_with_parameters_and_transactions()
    {
        var python = ExternalTool.Psycopg2.Require();
        var tenant = server.NewTenant("psycopg");
        using var scriptDirectory = new TempDirectory("tenantdb-psycopg-");
        var script = scriptDirectory.File("script.py");
        File.WriteAllText(script, """
            import os, psycopg2
            conn = psycopg2.connect(host="127.0.0.1", port=int(os.environ["PGPORT"]), dbname=os.environ["PGDATABASE"],
                                    user=os.environ["PGUSER"], password=os.environ["PGPASSWORD"], connect_timeout=10)
            cur = conn.cursor()
            cur.execute("CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT, height REAL, photo BLOB)")
            cur.executemany("INSERT INTO people (id, name, height, photo) VALUES (%s, %s, %s, %s)",
                            [(1, "Ann", 1.7, psycopg2.Binary(b"\x00\x01")), (2, "O'Brien", None, None)])
            conn.commit()
            cur.execute("SELECT id, name, height, photo FROM people WHERE id >= %s ORDER BY id", (1,))
            rows = cur.fetchall()
            assert rows[0][0] == 1 and rows[0][1] == "Ann" and abs(rows[0][2] - 1.7) < 1e-9 and bytes(rows[0][3]) == b"\x00\x01", rows
            assert rows[1] == (2, "O'Brien", None, None), rows
            cur.execute("INSERT INTO people (id, name) VALUES (3, 'rolled back')")
            conn.rollback()
            cur.execute("SELECT count(*) FROM people")
            assert cur.fetchone()[0] == 2
            try:
                cur.execute("INSERT INTO people (id, name) VALUES (1, 'dup')")
                raise SystemExit("expected a unique violation")
            except psycopg2.Error as e:
                assert e.pgcode == "23505", e.pgcode
                conn.rollback()
            print("ok", conn.server_version)
            """);
        var (code, stdout, stderr) = ChildProcess.Run(python, [script], Env(tenant));
        Assert.True(code == 0, $"python failed ({code}): {stderr}\n{stdout}");
        Assert.Equal("ok 150000", stdout.Trim());
    }
}
