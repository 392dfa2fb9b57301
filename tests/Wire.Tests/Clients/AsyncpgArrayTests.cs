using TenantDb.TestKit;
using TenantDb.Wire.Tests.EndToEnd;

namespace TenantDb.Wire.Tests.Clients;

/// <summary>
/// asyncpg, unmodified, with arrays other than text[]: int4[], int8[], float8[], bool[], timestamptz[]
/// and numeric[] columns written from Python lists (binary parameters, after asyncpg's own type
/// introspection, which reads pg_type with <c>= any($1::oid[])</c> and <c>array_agg(... ORDER BY ...)</c>),
/// read back as lists, arrays as <c>= ANY($1)</c> parameters, and <c>unnest($1)</c> in FROM.
/// </summary>
public sealed class AsyncpgArrayTests(WireServerFixture server) : IClassFixture<WireServerFixture>
{
    private const string Script = """
        import asyncio, datetime, decimal, os, asyncpg

        UTC = datetime.timezone.utc

        async def main():
            c = await asyncpg.connect(host="127.0.0.1", port=int(os.environ["PGPORT"]), database=os.environ["PGDATABASE"],
                                      user=os.environ["PGUSER"], password=os.environ["PGPASSWORD"], timeout=10)
            try:
                await c.execute("CREATE TABLE arr (id int4 PRIMARY KEY, i4 int4[], i8 int8[], f8 float8[], b bool[], ts timestamptz[], n numeric[])")
                rows = [
                    (1, [1, 2, 3], [2**40, -1], [1.5, -2.0], [True, False, None], [datetime.datetime(2020, 1, 1, 12, tzinfo=UTC)], [decimal.Decimal("1.25"), decimal.Decimal("-3")]),
                    (2, [], None, [0.0], [False], [], [decimal.Decimal("0.001")]),
                    (3, [7, None], [5], None, None, None, None),
                ]
                await c.executemany("INSERT INTO arr VALUES ($1, $2, $3, $4, $5, $6, $7)", rows)
                got = [tuple(r) for r in await c.fetch("SELECT * FROM arr ORDER BY id")]
                assert got == rows, got
                print("ids", [r["id"] for r in await c.fetch("SELECT id FROM arr WHERE id = ANY($1) ORDER BY id", [1, 3])])
                print("not in", [r["id"] for r in await c.fetch("SELECT id FROM arr WHERE id <> ALL($1::int4[]) ORDER BY id", [1, 3])])
                print("param", await c.fetchval("SELECT $1::int8[]", [4, 5]), await c.fetchval("SELECT $1::float8[]", [0.5]))
                print("unnest", [(int(r[0]), int(r[1])) for r in await c.fetch("SELECT v, n FROM unnest($1::int4[]) WITH ORDINALITY AS u(v, n) ORDER BY n", [30, 10])])
                print("literal", await c.fetchval("SELECT ARRAY[1, 2]::int8[]"))
                print("unnest typed", [tuple(r) for r in await c.fetch("SELECT v, w, n FROM unnest($1::int4[], $2::text[]) WITH ORDINALITY AS u(v, w, n) ORDER BY n", [30, 10], ["a"])])
                print("unnest column", [r["e"] for r in await c.fetch("SELECT e FROM arr a, unnest(a.f8) AS e WHERE a.id = 1")],
                      [r["e"] for r in await c.fetch("SELECT e FROM arr a, unnest(a.ts) AS e WHERE a.id = 1")])
            finally:
                await c.close()
            print("ok")

        asyncio.run(main())
        """;

    [SkippableFact]
    public void Arrays_of_numbers_booleans_and_timestamps_as_columns_and_parameters()
    {
        var python = ExternalTool.Asyncpg.Require();
        var tenant = server.NewTenant("asyncpgarr");
        using var directory = new TempDirectory("tenantdb-asyncpg-arrays-");
        var script = directory.File("arrays.py");
        File.WriteAllText(script, Script);
        var (code, stdout, stderr) = ChildProcess.Run(python, [script], server.ClientEnvironment(tenant), timeoutSeconds: 120);
        Assert.True(code == 0, $"asyncpg arrays failed ({code}): {stderr}\n{stdout}");
        Assert.Equal("""
            ids [1, 3]
            not in [2]
            param [4, 5] [0.5]
            unnest [(30, 1), (10, 2)]
            literal [1, 2]
            unnest typed [(30, 'a', 1), (10, None, 2)]
            unnest column [1.5, -2.0] [datetime.datetime(2020, 1, 1, 12, 0, tzinfo=datetime.timezone.utc)]
            ok
            """.ReplaceLineEndings("\n"), stdout.Trim().ReplaceLineEndings("\n"));
    }
}
