using TenantDb.TestKit;
using TenantDb.Wire.Tests.EndToEnd;

namespace TenantDb.Wire.Tests.Clients;

/// <summary>
/// node-postgres (npm <c>pg</c>, pinned in tests/node-pg): it sends a Buffer as a binary parameter with no
/// type, and turns result columns into JavaScript values by their RowDescription OID (int2/int4 to numbers,
/// timestamps and dates to Date, int8 and numeric to strings). Bytea, typed results, transactions and a pool of 50.
/// </summary>
public sealed class NodePgTests(WireServerFixture server) : IClassFixture<WireServerFixture>
{
    private const string Script = """
        const assert = require('node:assert/strict');
        const { Client, Pool } = require('pg');

        const config = {
          host: '127.0.0.1', port: Number(process.env.PGPORT), database: process.env.PGDATABASE,
          user: process.env.PGUSER, password: process.env.PGPASSWORD, connectionTimeoutMillis: 10000,
          ssl: false, // the fixture's PGSSLMODE=prefer would make node-pg demand TLS
        };

        async function bytea(c) {
          await c.query('CREATE TABLE blobs (id int4 PRIMARY KEY, data bytea)');
          const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
          // A Buffer parameter goes in binary format with no type (OID 0); the column gives it its type.
          await c.query('INSERT INTO blobs VALUES ($1, $2), ($3, $4)', [1, all, 2, Buffer.alloc(0)]);
          const { rows } = await c.query('SELECT id, data FROM blobs ORDER BY id');
          assert.ok(Buffer.isBuffer(rows[0].data));
          assert.deepEqual(rows[0].data, all);
          assert.deepEqual(rows[1].data, Buffer.alloc(0));
          const echoed = await c.query('SELECT $1::bytea AS b', [Buffer.from('\x00\\x00\n')]);
          assert.deepEqual(echoed.rows[0].b, Buffer.from('\x00\\x00\n'));
        }

        async function numbersAndDates(c) {
          await c.query('CREATE TABLE items (id int4 PRIMARY KEY, qty int2, big int8, price float8, amount numeric(10,2), at timestamptz, local timestamp, day date, ok bool, tags int4[])');
          await c.query('INSERT INTO items VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)',
            [1, 7, '9007199254740993', 2.5, '12.30', new Date('2024-01-31T10:30:00.123Z'), '2024-01-31 10:30:00', '2024-02-29', true, [1, 2, 3]]);
          const { rows, fields } = await c.query('SELECT id, qty, big, price, amount, at, local, day, ok, tags, id + 1 AS next, count(*) OVER () AS n FROM items');
          const r = rows[0];
          assert.deepEqual(fields.map((f) => f.dataTypeID), [23, 21, 20, 701, 1700, 1184, 1114, 1082, 16, 1007, 23, 20]);
          assert.equal(r.id, 1); assert.equal(typeof r.id, 'number');
          assert.equal(r.qty, 7); assert.equal(typeof r.qty, 'number');
          assert.equal(r.next, 2);
          assert.equal(r.big, '9007199254740993'); // int8 stays a string in node-pg, exact
          assert.equal(r.n, '1');
          assert.equal(r.price, 2.5);
          assert.equal(r.amount, '12.30');
          assert.ok(r.at instanceof Date); assert.equal(r.at.toISOString(), '2024-01-31T10:30:00.123Z');
          assert.ok(r.local instanceof Date); assert.equal(r.local.getTime(), new Date(2024, 0, 31, 10, 30).getTime());
          assert.ok(r.day instanceof Date); assert.equal(r.day.getTime(), new Date(2024, 1, 29).getTime());
          assert.equal(r.ok, true);
          assert.deepEqual(r.tags, [1, 2, 3]);
          const now = (await c.query('SELECT now() AS t')).rows[0].t;
          assert.ok(now instanceof Date && Math.abs(now.getTime() - Date.now()) < 3600e3);
        }

        async function transactions(c) {
          await c.query('CREATE TABLE acct (id int4 PRIMARY KEY, bal int4)');
          await c.query('INSERT INTO acct VALUES (1, 100)');
          await c.query('BEGIN');
          await c.query('UPDATE acct SET bal = bal - 1');
          await c.query('ROLLBACK');
          await assert.rejects(c.query('INSERT INTO acct VALUES (1, 0)'), (e) => e.code === '23505');
          assert.equal((await c.query('SELECT bal FROM acct')).rows[0].bal, 100);
        }

        async function poolOf50() {
          const pool = new Pool({ ...config, max: 50 });
          try {
            await pool.query('CREATE TABLE hits (worker int4, n int4)');
            const clients = await Promise.all(Array.from({ length: 50 }, () => pool.connect()));
            assert.equal(pool.totalCount, 50);
            clients.forEach((client) => client.release());
            const work = Array.from({ length: 500 }, async (_, k) => {
              await pool.query('INSERT INTO hits VALUES ($1, $2)', [k % 50, k]);
              const { rows } = await pool.query('SELECT n + $1::int4 AS twice FROM hits WHERE n = $1', [k]);
              return rows[0].twice;
            });
            assert.deepEqual(await Promise.all(work), Array.from({ length: 500 }, (_, k) => 2 * k));
            const { rows } = await pool.query('SELECT count(*)::int4 AS n, sum(n)::int8 AS total, count(DISTINCT worker)::int4 AS workers FROM hits');
            assert.deepEqual(rows[0], { n: 500, total: String((499 * 500) / 2), workers: 50 });
          } finally {
            await pool.end();
          }
        }

        (async () => {
          const c = new Client(config);
          await c.connect();
          try {
            for (const step of [bytea, numbersAndDates, transactions]) {
              await step(c);
            }
          } finally {
            await c.end();
          }
          await poolOf50();
          console.log('ok');
        })().catch((e) => { console.error(e); process.exit(1); });
        """;

    [SkippableFact]
    public void Bytea_buffers_typed_results_transactions_and_a_pool_of_50()
    {
        var node = ExternalTool.NodePg.Require();
        var tenant = server.NewTenant("nodepg");
        using var directory = new TempDirectory("tenantdb-nodepg-");
        var script = directory.File("acceptance.js");
        File.WriteAllText(script, Script);
        var environment = server.ClientEnvironment(tenant);
        environment["NODE_PATH"] = ExternalTool.NodePgModules;
        var (code, stdout, stderr) = ChildProcess.Run(node, [script], environment, timeoutSeconds: 120);
        Assert.True(code == 0, $"node-pg acceptance failed ({code}): {stderr}\n{stdout}");
        Assert.Equal("ok", stdout.Trim());
    }
}
