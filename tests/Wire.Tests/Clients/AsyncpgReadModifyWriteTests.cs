using TenantDb.TestKit;
using TenantDb.Wire.Tests.EndToEnd;

namespace TenantDb.Wire.Tests.Clients;

/// <summary>
/// asyncpg's pool of 20 against the in-memory server: 200 tasks each run a read-modify-write transaction
/// (read a balance, write it back increased, log what was read), retrying those that fail with 40001.
/// Nothing else may fail (no 55P03: readers never wait for a committing writer), and the result must be
/// that of a serial order: each account's final balance is the sum of its increments, and its log is one
/// unbroken chain (every transaction read exactly what the one before it wrote).
/// </summary>
public sealed class AsyncpgReadModifyWriteTests(WireServerFixture server) : IClassFixture<WireServerFixture>
{
    private const string Script = """
        import asyncio, os, asyncpg

        ARGS = dict(host="127.0.0.1", port=int(os.environ["PGPORT"]), database=os.environ["PGDATABASE"],
                    user=os.environ["PGUSER"], password=os.environ["PGPASSWORD"], timeout=10)
        ACCOUNTS, TASKS = 10, 200

        async def main():
            setup = await asyncpg.connect(**ARGS)
            await setup.execute("CREATE TABLE account (id int4 PRIMARY KEY, balance int8 NOT NULL)")
            await setup.execute("CREATE TABLE ledger (account int4 NOT NULL, before int8 NOT NULL, after int8 NOT NULL)")
            await setup.executemany("INSERT INTO account VALUES ($1, 0)", [(a,) for a in range(ACCOUNTS)])
            await setup.close()
            stats = {"retried": 0, "other": []}
            pool = await asyncpg.create_pool(min_size=20, max_size=20, **ARGS)
            async def task(k):
                account, amount = k % ACCOUNTS, k + 1
                for attempt in range(1000):
                    async with pool.acquire() as conn:
                        try:
                            async with conn.transaction():
                                before = await conn.fetchval("SELECT balance FROM account WHERE id = $1", account)
                                await asyncio.sleep(0)  # let other tasks interleave inside the transaction
                                await conn.execute("UPDATE account SET balance = $1 WHERE id = $2", before + amount, account)
                                await conn.execute("INSERT INTO ledger VALUES ($1, $2, $3)", account, before, before + amount)
                            return
                        except asyncpg.SerializationError:
                            stats["retried"] += 1
                        except asyncpg.PostgresError as e:
                            stats["other"].append(e.sqlstate)
                            return
                stats["other"].append("gave up")
            try:
                await asyncio.gather(*(task(k) for k in range(TASKS)))
                balances = dict(await pool.fetch("SELECT id, balance FROM account"))
                ledger = await pool.fetch("SELECT account, before, after FROM ledger")
            finally:
                await pool.close()
            model = {a: sum(k + 1 for k in range(TASKS) if k % ACCOUNTS == a) for a in range(ACCOUNTS)}
            chains_ok = True
            for a in range(ACCOUNTS):
                steps = sorted((r["before"], r["after"]) for r in ledger if r["account"] == a)
                position = 0
                for before, after in steps:
                    chains_ok &= before == position
                    position = after
                chains_ok &= position == model[a] and len(steps) == TASKS // ACCOUNTS
            print("other=%s model=%s chains=%s retried=%d" % (",".join(stats["other"]) or "none",
                  "equal" if balances == model else "%r != %r" % (balances, model), chains_ok, stats["retried"]))

        asyncio.run(main())
        """;

    [SkippableFact]
    public void A_pool_of_20_runs_200_read_modify_write_transactions_as_some_serial_order()
    {
        var python = ExternalTool.Asyncpg.Require();
        var tenant = server.NewTenant("asyncpg-rmw");
        using var directory = new TempDirectory("tenantdb-asyncpg-rmw-");
        var script = directory.File("rmw.py");
        File.WriteAllText(script, Script);
        var (code, stdout, stderr) = ChildProcess.Run(python, [script], server.ClientEnvironment(tenant), timeoutSeconds: 180);
        Assert.True(code == 0, $"asyncpg read-modify-write failed ({code}): {stderr}\n{stdout}");
        var line = stdout.Trim();
        Assert.StartsWith("other=none model=equal chains=True retried=", line, StringComparison.Ordinal);
    }
}
