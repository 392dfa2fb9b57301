using TenantDb.TestKit;
using TenantDb.Wire.Tests.EndToEnd;

namespace TenantDb.Wire.Tests.Clients;

/// <summary>
/// asyncpg, the client that leans hardest on the extended protocol: it prepares every statement, reads the
/// parameter and column OIDs from ParameterDescription and RowDescription, and then sends and receives every
/// value in binary format. Typed parameters of each supported type, COPY, transactions and a pool of 20.
/// </summary>
public sealed class AsyncpgTests(WireServerFixture server) : IClassFixture<WireServerFixture>
{
    private const string Script = """
        import asyncio, datetime, decimal, json, os, uuid, asyncpg

        ARGS = dict(host="127.0.0.1", port=int(os.environ["PGPORT"]), database=os.environ["PGDATABASE"],
                    user=os.environ["PGUSER"], password=os.environ["PGPASSWORD"], timeout=10)
        UTC = datetime.timezone.utc
        COLUMNS = ("id int4 PRIMARY KEY, i2 int2, i8 int8, f4 float4, f8 float8, n numeric(30,6), b bool, t text, v varchar(10), "
                   "ch char(4), by bytea, d date, tm time, ts timestamp, tz timestamptz, iv interval, u uuid, j json, jb jsonb, ta text[]")
        ROW = (1, -7, 2**40 + 3, 1.5, -2.25, decimal.Decimal("123456789012345678.123456"), True, "h\u00e9llo 'q'", "short", "ab",
               b"\x00\xff\x10", datetime.date(2024, 2, 29), datetime.time(23, 59, 58, 123456),
               datetime.datetime(2024, 1, 31, 10, 30, 0, 5), datetime.datetime(2024, 1, 31, 10, 30, tzinfo=UTC),
               datetime.timedelta(days=3, hours=4, microseconds=5), uuid.UUID("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"),
               '{"a": [1, 2]}', '{"b": null}', ["x", None, "y z"])
        TYPES = ["int4", "int2", "int8", "float4", "float8", "numeric", "bool", "text", "varchar", "bpchar", "bytea", "date", "time",
                 "timestamp", "timestamptz", "interval", "uuid", "json", "jsonb", "text[]"]

        async def typed_parameters(c):
            await c.execute(f"CREATE TABLE typed ({COLUMNS})")
            marks = ", ".join(f"${k}" for k in range(1, len(ROW) + 1))
            insert = await c.prepare(f"INSERT INTO typed VALUES ({marks})")
            assert [p.name for p in insert.get_parameters()] == TYPES, [p.name for p in insert.get_parameters()]
            await insert.fetch(*ROW)
            select = await c.prepare("SELECT * FROM typed WHERE id = $1 AND d = $2 AND i8 > $3")
            assert [p.name for p in select.get_parameters()] == ["int4", "date", "int8"], [p.name for p in select.get_parameters()]
            assert [a.type.name for a in select.get_attributes()] == TYPES, [a.type.name for a in select.get_attributes()]
            got, expected = list(await select.fetchrow(1, ROW[11], 0)), list(ROW)
            expected[9] = "ab  "  # char(4) is blank-padded
            got[18], expected[18] = json.loads(got[18]), json.loads(expected[18])  # jsonb need not keep the spelling
            assert got == expected, (got, expected)
            # Parameters typed by casts and by the other operand.
            assert await c.fetchval("SELECT $1::int8 * 2", 2**40) == 2**41
            assert await c.fetchval("SELECT $1::numeric + 1", decimal.Decimal("0.5")) == decimal.Decimal("1.5")
            assert await c.fetchval("SELECT $1::text || 'x'", "a") == "ax"
            assert await c.fetchval("SELECT $1::uuid", ROW[16]) == ROW[16]
            assert await c.fetchval("SELECT $1::bytea", b"\x01\x00") == b"\x01\x00"
            assert await c.fetchval("SELECT $1::timestamptz", ROW[14]) == ROW[14]
            assert await c.fetchval("SELECT count(*) FROM typed WHERE b = $1 AND f8 < $2 AND t = $3", True, 0.0, ROW[7]) == 1
            assert await c.fetchval("SELECT count(*) FROM typed WHERE n > $1", decimal.Decimal("123456789012345678.123455")) == 1
            assert await c.fetchval("SELECT count(*) FROM typed WHERE n > $1", decimal.Decimal("123456789012345678.123457")) == 0
            assert await c.fetchval("SELECT d + 1 FROM typed WHERE id = 1") == datetime.date(2024, 3, 1)
            # NULL in every column, and the special floats.
            await c.execute("INSERT INTO typed (id) VALUES (2)")
            nulls = await c.fetchrow("SELECT * FROM typed WHERE id = 2")
            assert list(nulls)[1:] == [None] * (len(ROW) - 1), nulls
            await c.execute("UPDATE typed SET f4 = $1, f8 = $2 WHERE id = 2", float("inf"), float("nan"))
            f4, f8 = await c.fetchrow("SELECT f4, f8 FROM typed WHERE id = 2")
            assert f4 == float("inf") and f8 != f8, (f4, f8)
            # A bad value is an error of the statement, not of the connection.
            try:
                await c.execute("INSERT INTO typed (id, v) VALUES ($1, $2)", 3, "far too long for ten")
                raise SystemExit("varchar(10) accepted 20 characters")
            except asyncpg.StringDataRightTruncationError:
                pass
            assert await c.fetchval("SELECT 1") == 1

        async def copy_records(c):
            await c.execute("CREATE TABLE events (id int4, at timestamptz, day date, amount numeric(12,2), tags text[], payload bytea, ok bool)")
            start = datetime.datetime(2024, 5, 1, tzinfo=UTC)
            records = [(i, start + datetime.timedelta(minutes=i), datetime.date(2024, 5, 1) + datetime.timedelta(days=i % 30),
                        decimal.Decimal(i) / 4, [f"t{i}", None], bytes([i % 256, 0]), i % 2 == 0) for i in range(2000)]
            result = await c.copy_records_to_table("events", records=records)
            assert result == "COPY 2000", result
            back = await c.fetch("SELECT * FROM events ORDER BY id")
            assert [tuple(r) for r in back] == records, [tuple(r) for r in back[:3]]
            assert await c.fetchval("SELECT sum(amount) FROM events") == sum(r[3] for r in records)

        async def transactions(c):
            await c.execute("CREATE TABLE acct (id int4 PRIMARY KEY, bal int4)")
            await c.execute("INSERT INTO acct VALUES (1, 100), (2, 0)")
            async with c.transaction():
                await c.execute("UPDATE acct SET bal = bal - $1 WHERE id = 1", 10)
                await c.execute("UPDATE acct SET bal = bal + $1 WHERE id = 2", 10)
            try:
                async with c.transaction():
                    await c.execute("UPDATE acct SET bal = 0 WHERE id = 1")
                    raise RuntimeError("roll back")
            except RuntimeError:
                pass
            async with c.transaction():
                await c.execute("UPDATE acct SET bal = bal + 1 WHERE id = 2")
                try:
                    async with c.transaction():  # a savepoint
                        await c.execute("UPDATE acct SET bal = 1000 WHERE id = 2")
                        raise RuntimeError("roll back the savepoint")
                except RuntimeError:
                    pass
            try:
                async with c.transaction():
                    await c.execute("UPDATE acct SET bal = 5 WHERE id = 1")
                    await c.execute("INSERT INTO acct VALUES (2, 0)")
                raise SystemExit("duplicate key accepted")
            except asyncpg.UniqueViolationError:
                pass
            async with c.transaction(readonly=True):
                try:
                    await c.execute("UPDATE acct SET bal = 0")
                    raise SystemExit("READ ONLY transaction wrote")
                except asyncpg.ReadOnlySQLTransactionError:
                    pass
            assert [tuple(r) for r in await c.fetch("SELECT id, bal FROM acct ORDER BY id")] == [(1, 90), (2, 11)]

        async def pool_of_20():
            pool = await asyncpg.create_pool(min_size=20, max_size=20, **ARGS)
            try:
                assert pool.get_size() == 20
                await pool.execute("CREATE TABLE hits (worker int4, n int4, at timestamptz DEFAULT now())")
                async def work(k):
                    async with pool.acquire() as conn:
                        await conn.execute("INSERT INTO hits (worker, n) VALUES ($1, $2)", k % 20, k)
                        assert await conn.fetchval("SELECT count(*) FROM hits WHERE worker = $1", k % 20) >= 1
                        return await conn.fetchval("SELECT $1::int4 + n FROM hits WHERE n = $1", k)
                results = await asyncio.gather(*(work(k) for k in range(400)))
                assert results == [2 * k for k in range(400)], results[:5]
                row = await pool.fetchrow("SELECT count(*), sum(n), count(DISTINCT worker), count(at) FROM hits")
                assert tuple(row) == (400, sum(range(400)), 20, 400), row
            finally:
                await pool.close()

        async def main():
            c = await asyncpg.connect(**ARGS)
            try:
                for step in (typed_parameters, copy_records, transactions):
                    await step(c)
            finally:
                await c.close()
            await pool_of_20()
            print("ok")

        asyncio.run(main())
        """;

    [SkippableFact]
    public void Typed_parameters_copy_transactions_and_a_pool_of_20()
    {
        var python = ExternalTool.Asyncpg.Require();
        var tenant = server.NewTenant("asyncpg");
        using var directory = new TempDirectory("tenantdb-asyncpg-");
        var script = directory.File("acceptance.py");
        File.WriteAllText(script, Script);
        var (code, stdout, stderr) = ChildProcess.Run(python, [script], server.ClientEnvironment(tenant), timeoutSeconds: 120);
        Assert.True(code == 0, $"asyncpg acceptance failed ({code}): {stderr}\n{stdout}");
        Assert.Equal("ok", stdout.Trim());
    }
}
