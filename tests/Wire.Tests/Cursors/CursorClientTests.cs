using TenantDb.TestKit;
using TenantDb.Wire.Tests.EndToEnd;

namespace TenantDb.Wire.Tests.Cursors;

/// <summary>The real clients that use cursors: psycopg2 named cursors (DECLARE/FETCH/MOVE) and JDBC's setFetchSize (portal suspension).</summary>
public sealed class CursorClientTests(WireServerFixture server) : IClassFixture<WireServerFixture>
{
    [SkippableFact]
    public void Psycopg2_named_cursors_stream_scroll_and_hold()
    {
        var python = ExternalTool.Psycopg2.Require();
        var tenant = server.NewTenant("psycursor");
        using var directory = new TempDirectory("tenantdb-psycursor-");
        var script = directory.File("cursors.py");
        File.WriteAllText(script, """
            import datetime, os, psycopg2
            conn = psycopg2.connect(host="127.0.0.1", port=int(os.environ["PGPORT"]), dbname=os.environ["PGDATABASE"],
                                    user=os.environ["PGUSER"], password=os.environ["PGPASSWORD"], connect_timeout=10)
            cur = conn.cursor()
            cur.execute("CREATE TABLE big (id INTEGER PRIMARY KEY, note TEXT, at TIMESTAMP)")
            cur.execute("WITH RECURSIVE s(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM s WHERE x < 5000) "
                        "INSERT INTO big SELECT x, 'note ' || x, '2024-01-02 03:04:05' FROM s")
            conn.commit()

            walk = conn.cursor(name="walk")
            walk.itersize = 700
            walk.execute("SELECT id, note, at FROM big ORDER BY id")
            count = total = 0
            for row in walk:
                count += 1
                total += row[0]
                assert row[1] == "note %d" % row[0], row
                assert row[2] == datetime.datetime(2024, 1, 2, 3, 4, 5), row
            assert (count, total) == (5000, 5000 * 5001 // 2), (count, total)
            walk.close()
            conn.commit()

            sc = conn.cursor(name="Odd \"name\"", scrollable=True)
            sc.execute("SELECT id FROM big WHERE id <= %s ORDER BY id", (10,))
            assert sc.fetchone() == (1,)
            sc.scroll(5, mode="absolute")
            assert sc.fetchone() == (6,)
            sc.scroll(-3)
            assert sc.fetchone() == (4,)
            assert sc.fetchmany(3) == [(5,), (6,), (7,)]
            assert sc.fetchall() == [(8,), (9,), (10,)]
            sc.scroll(0, mode="absolute")
            assert sc.fetchone() == (1,)
            sc.close()
            conn.rollback()

            hold = conn.cursor(name="kept", withhold=True)
            hold.execute("SELECT id FROM big WHERE id <= 3 ORDER BY id")
            assert hold.fetchone() == (1,)
            conn.commit()
            cur.execute("DELETE FROM big")
            conn.commit()
            assert hold.fetchall() == [(2,), (3,)]
            hold.close()

            conn.autocommit = True
            auto = conn.cursor(name="auto", withhold=True)
            auto.execute("SELECT 1 AS one UNION ALL SELECT 2")
            assert auto.fetchall() == [(1,), (2,)]
            auto.close()

            forward = conn.cursor()
            try:
                forward.execute("DECLARE f CURSOR FOR SELECT 1")
                raise SystemExit("DECLARE outside a transaction block was accepted")
            except psycopg2.Error as e:
                assert e.pgcode == "25P01", e.pgcode
            print("ok", count)
            """);
        var (code, stdout, stderr) = ChildProcess.Run(python, [script], server.ClientEnvironment(tenant), timeoutSeconds: 120);
        Assert.True(code == 0, $"python failed ({code}): {stderr}\n{stdout}");
        Assert.Equal("ok 5000", stdout.Trim());
    }

    [SkippableFact]
    public void Jdbc_fetch_size_streams_through_portal_suspension_and_reads_local_date_time()
    {
        var jar = ExternalTool.JavaJdbc.Require();
        var java = SearchPath.Find("java")!;
        var tenant = server.NewTenant("jdbc");
        using var directory = new TempDirectory("tenantdb-jdbc-");
        var source = directory.File("CursorCheck.java");
        var log = directory.File("jdbc.log");
        File.WriteAllText(source, """
            import java.sql.*;
            import java.time.LocalDateTime;
            import java.util.Properties;

            public class CursorCheck {
                public static void main(String[] a) throws Exception {
                    Properties p = new Properties();
                    p.setProperty("user", a[2]);
                    p.setProperty("password", a[3]);
                    // The driver's protocol trace, to see the server suspend the portal between parts.
                    java.util.logging.Logger trace = java.util.logging.Logger.getLogger("org.postgresql");
                    java.util.logging.FileHandler file = new java.util.logging.FileHandler(a[4]);
                    file.setLevel(java.util.logging.Level.FINEST);
                    file.setFormatter(new java.util.logging.SimpleFormatter());
                    trace.setLevel(java.util.logging.Level.FINEST);
                    trace.addHandler(file);
                    try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + a[0] + "/" + a[1], p)) {
                        try (Statement s = c.createStatement()) {
                            s.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, at TIMESTAMP, note TEXT)");
                            s.execute("WITH RECURSIVE g(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM g WHERE x < 1000) "
                                + "INSERT INTO events SELECT x, '2024-03-04 05:06:07', 'e' || x FROM g");
                        }
                        c.setAutoCommit(false);
                        int rows = 0;
                        long sum = 0;
                        try (PreparedStatement q = c.prepareStatement("SELECT id, at, note FROM events WHERE id > ? ORDER BY id")) {
                            q.setFetchSize(64);
                            q.setInt(1, 0);
                            try (ResultSet r = q.executeQuery()) {
                                while (r.next()) {
                                    rows++;
                                    sum += r.getInt(1);
                                    LocalDateTime at = r.getObject(2, LocalDateTime.class);
                                    if (!at.equals(LocalDateTime.of(2024, 3, 4, 5, 6, 7))) throw new AssertionError("timestamp " + at);
                                    if (!r.getString(3).equals("e" + r.getInt(1))) throw new AssertionError("note " + r.getString(3));
                                }
                            }
                        }
                        c.commit();
                        if (rows != 1000 || sum != 500500) throw new AssertionError(rows + " rows, sum " + sum);
                        System.out.println("ok " + rows);
                        file.flush();
                    }
                }
            }
            """);
        var port = server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (code, stdout, stderr) = ChildProcess.Run(java, ["-cp", jar, source, port, tenant, WireServerFixture.AppUser, WireServerFixture.AppPassword, log], timeoutSeconds: 120);
        Assert.True(code == 0, $"java failed ({code}): {stderr}\n{stdout}");
        Assert.Equal("ok 1000", stdout.Trim());
        // The driver asked for 64 rows at a time and the server suspended the portal between parts.
        var suspensions = File.ReadLines(log).Count(line => line.Contains("PortalSuspended", StringComparison.Ordinal));
        Assert.True(suspensions >= 1000 / 64, $"{suspensions} PortalSuspended in the driver's trace");
    }
}
