using TenantDb.TestKit;

namespace TenantDb.Wire.Tests.Transactions;

/// <summary>
/// psycopg2 in its default mode (every first statement opens a transaction, so connections sit idle in
/// transactions between statements): ten connections increment one balance with read-modify-write
/// transactions, retrying those that fail with 40001. Nothing else may fail (no 55P03), and the balance
/// must equal the number of committed increments, as the serial model says. Run against a server on
/// a file-backed engine and against one on an in-memory engine, which must behave the same.
/// </summary>
public sealed class Psycopg2ReadModifyWriteTests(FileServerFixture server) : IClassFixture<FileServerFixture>
{
    [SkippableFact]
    public void Ten_connections_read_modify_write_with_retries_on_40001_and_lose_no_increment() =>
        Psycopg2ReadModifyWrite.Run(server.ClientEnvironment(server.NewTenant("psycopg-rmw")));
}

/// <summary>The psycopg2 read-modify-write acceptance against the in-memory server of most wire tests.</summary>
public sealed class Psycopg2ReadModifyWriteInMemoryTests(EndToEnd.WireServerFixture server) : IClassFixture<EndToEnd.WireServerFixture>
{
    [SkippableFact]
    public void Ten_connections_read_modify_write_on_an_in_memory_engine_with_retries_on_40001_only() =>
        Psycopg2ReadModifyWrite.Run(server.ClientEnvironment(server.NewTenant("psycopg-rmw-mem")));
}

internal static class Psycopg2ReadModifyWrite
{
    public static void Run(Dictionary<string, string> environment)
    {
        var python = ExternalTool.Psycopg2.Require();
        using var scriptDirectory = new TempDirectory("tenantdb-psycopg-rmw-");
        var script = scriptDirectory.File("rmw.py");
        File.WriteAllText(script, """
            import os, threading, time, psycopg2
            params = dict(host="127.0.0.1", port=int(os.environ["PGPORT"]), dbname=os.environ["PGDATABASE"],
                          user=os.environ["PGUSER"], password=os.environ["PGPASSWORD"], connect_timeout=10)
            setup = psycopg2.connect(**params)
            cur = setup.cursor()
            cur.execute("CREATE TABLE account (id INTEGER PRIMARY KEY, balance INTEGER NOT NULL)")
            cur.execute("INSERT INTO account VALUES (1, 0)")
            setup.commit()
            CONNECTIONS, INCREMENTS, DEADLINE = 10, 20, time.monotonic() + 120
            stats = {"committed": 0, "retried": 0, "other": []}
            guard = threading.Lock()
            start = threading.Barrier(CONNECTIONS)
            def worker():
                conn = psycopg2.connect(**params)
                cur = conn.cursor()
                start.wait()
                done = 0
                while done < INCREMENTS and time.monotonic() < DEADLINE:
                    try:
                        cur.execute("SELECT balance FROM account WHERE id = 1")
                        (balance,) = cur.fetchone()
                        cur.execute("UPDATE account SET balance = %s WHERE id = 1", (balance + 1,))
                        conn.commit()
                        done += 1
                        with guard: stats["committed"] += 1
                    except psycopg2.Error as e:
                        conn.rollback()
                        with guard:
                            if e.pgcode == "40001": stats["retried"] += 1
                            else: stats["other"].append(e.pgcode); return
                conn.close()
            threads = [threading.Thread(target=worker) for _ in range(CONNECTIONS)]
            for t in threads: t.start()
            for t in threads: t.join()
            cur.execute("SELECT balance FROM account WHERE id = 1")
            balance = cur.fetchone()[0]
            setup.commit()
            print("committed=%d retried=%d other=%s balance=%d" % (stats["committed"], stats["retried"], ",".join(stats["other"]) or "none", balance))
            """);
        var (code, stdout, stderr) = ChildProcess.Run(python, [script], environment, 180);
        Assert.True(code == 0, $"python failed ({code}): {stderr}\n{stdout}");
        var line = stdout.Trim();
        Assert.Contains("other=none", line, StringComparison.Ordinal);
        Assert.Contains("committed=200 ", line, StringComparison.Ordinal);
        Assert.EndsWith("balance=200", line, StringComparison.Ordinal);
    }
}
