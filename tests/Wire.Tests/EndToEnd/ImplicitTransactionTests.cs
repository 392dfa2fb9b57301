using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using TenantDb.Engine;
using TenantDb.Wire.Hosting;
using TenantDb.Wire.Server;
using TenantDb.Wire.Tests.Protocol;
using TenantDb.TestKit;

namespace TenantDb.Wire.Tests.EndToEnd;

/// <summary>
/// A multi-statement Query, and everything an extended-protocol client sends before Sync, is one
/// implicit transaction as in PostgreSQL: a failure half-way leaves nothing of the batch behind.
/// </summary>
public sealed class ImplicitTransactionTests(WireServerFixture server) : IClassFixture<WireServerFixture>
{
    private async Task<(string Tenant, NpgsqlConnection Connection)> OpenWithTableAsync(string prefix)
    {
        var tenant = server.NewTenant(prefix);
        var c = new NpgsqlConnection(server.ConnectionString(tenant));
        await c.OpenAsync();
        await using var create = new NpgsqlCommand("CREATE TABLE t (id INTEGER PRIMARY KEY)", c);
        await create.ExecuteNonQueryAsync();
        return (tenant, c);
    }

    private static async Task<long> CountAsync(NpgsqlConnection c)
    {
        await using var count = new NpgsqlCommand("SELECT count(*) FROM t", c);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    private async Task<(string Status, string Frames, string Error)> RawQueryAsync(string tenant, string sql)
    {
        using var raw = await RawPgClient.ConnectAsync(server.Port, tenant, WireServerFixture.AppUser, WireServerFixture.AppPassword);
        await raw.SendAsync(FrontendEncoder.Query(sql));
        var frames = await raw.ReadUntilReadyAsync();
        var error = frames.Where(f => f.Type == 'E').Select(f => RawPgClient.Text(f.Payload)).FirstOrDefault() ?? "";
        return (((char)frames[^1].Payload[0]).ToString(), RawPgClient.Types(frames), error);
    }

    [Fact]
    public async Task Npgsql_multi_statement_command_failing_half_way_leaves_nothing()
    {
        var (_, c) = await OpenWithTableAsync("implicit-npgsql");
        await using (c)
        {
            await using var batch = new NpgsqlCommand("INSERT INTO t VALUES (1); INSERT INTO t VALUES (2); INSERT INTO t VALUES (1)", c);
            var error = await Assert.ThrowsAsync<PostgresException>(() => batch.ExecuteNonQueryAsync());
            Assert.Equal("23505", error.SqlState);
            Assert.Equal(0, await CountAsync(c));
            Assert.Equal(System.Data.ConnectionState.Open, c.State);
        }
    }

    [Fact]
    public async Task NpgsqlBatch_commits_together_and_fails_together()
    {
        var (_, c) = await OpenWithTableAsync("implicit-batch");
        await using (c)
        {
            await using (var good = new NpgsqlBatch(c) { BatchCommands = { new("INSERT INTO t VALUES (1)"), new("INSERT INTO t VALUES (2)") } })
                Assert.Equal(2, await good.ExecuteNonQueryAsync());
            await using (var bad = new NpgsqlBatch(c) { BatchCommands = { new("INSERT INTO t VALUES (3)"), new("INSERT INTO t VALUES (4)"), new("INSERT INTO nope VALUES (5)") } })
                await Assert.ThrowsAsync<PostgresException>(() => bad.ExecuteNonQueryAsync());
            Assert.Equal(2, await CountAsync(c));
        }
    }

    [Fact]
    public async Task Simple_query_failing_half_way_rolls_back_the_statements_before_it()
    {
        var (tenant, c) = await OpenWithTableAsync("implicit-simple");
        await using (c)
        {
            var (status, frames, error) = await RawQueryAsync(tenant, "INSERT INTO t VALUES (1); INSERT INTO t VALUES (2); INSERT INTO t VALUES (1); INSERT INTO t VALUES (3)");
            Assert.Equal("I", status);
            Assert.Equal("CCEZ", frames);
            Assert.Contains("23505", error);
            Assert.Equal(0, await CountAsync(c));

            (status, frames, _) = await RawQueryAsync(tenant, "INSERT INTO t VALUES (1); INSERT INTO t VALUES (2)");
            Assert.Equal(("I", "CCZ"), (status, frames));
            Assert.Equal(2, await CountAsync(c));
        }
    }

    [Fact]
    public async Task Commit_inside_a_simple_query_keeps_what_came_before_it()
    {
        var (tenant, c) = await OpenWithTableAsync("implicit-commit");
        await using (c)
        {
            var (status, _, error) = await RawQueryAsync(tenant, "INSERT INTO t VALUES (1); COMMIT; INSERT INTO t VALUES (2); INSERT INTO t VALUES (2)");
            Assert.Equal("I", status);
            Assert.Contains("23505", error);
            Assert.Equal(1, await CountAsync(c));
        }
    }

    [Fact]
    public async Task Begin_inside_a_simple_query_turns_the_implicit_transaction_into_a_block()
    {
        var (tenant, c) = await OpenWithTableAsync("implicit-begin");
        await using (c)
        {
            using var raw = await RawPgClient.ConnectAsync(server.Port, tenant, WireServerFixture.AppUser, WireServerFixture.AppPassword);
            await raw.SendAsync(FrontendEncoder.Query("INSERT INTO t VALUES (1); BEGIN; INSERT INTO t VALUES (2)"));
            var frames = await raw.ReadUntilReadyAsync();
            Assert.Equal("CCCZ", RawPgClient.Types(frames)); // no "already in a transaction" notice
            Assert.Equal((byte)'T', frames[^1].Payload[0]);
            await raw.SendAsync(FrontendEncoder.Query("ROLLBACK"));
            frames = await raw.ReadUntilReadyAsync();
            Assert.Equal((byte)'I', frames[^1].Payload[0]);
            Assert.Equal(0, await CountAsync(c));
        }
    }

    [Fact]
    public async Task Read_only_batches_do_not_wait_for_the_tenant_write_lock()
    {
        // File tenants (WAL) let readers run beside a writer; the in-memory engine cannot show this.
        using var directory = new TempDirectory("tenantdb-implicit-");
        var dir = directory.Path;
        using var engine = TenantDbEngine.Open(dir);
        engine.CreateTenant("shop");
        engine.SetPassword("shop", "owner", "pw");
        var settings = new ServerSettings { ListenAddress = IPAddress.Loopback, Port = 0, DataDirectory = dir };
        await using var fileServer = new PgServer(settings, engine, NullLoggerFactory.Instance);
        var cs = $"Host=127.0.0.1;Port={fileServer.Start().Port};Database=shop;Username=owner;Password=pw;Pooling=false;Timeout=10;Command Timeout=20";

        await using var writer = new NpgsqlConnection(cs);
        await writer.OpenAsync();
        await using (var create = new NpgsqlCommand("CREATE TABLE t (id INTEGER PRIMARY KEY)", writer))
            await create.ExecuteNonQueryAsync();
        await using var tx = await writer.BeginTransactionAsync();
        await using (var insert = new NpgsqlCommand("INSERT INTO t VALUES (1)", writer, tx))
            await insert.ExecuteNonQueryAsync(); // holds the write lock until the end of the test

        // Had a read batch taken the write lock it would have waited out the busy timeout and failed.
        await using var reader = new NpgsqlConnection(cs);
        await reader.OpenAsync();
        await using var batch = new NpgsqlBatch(reader) { BatchCommands = { new("SELECT count(*) FROM t"), new("SELECT 2") } };
        await using (var rows = await batch.ExecuteReaderAsync())
        {
            Assert.True(await rows.ReadAsync());
            Assert.Equal(0L, rows.GetInt64(0)); // the writer's row is not committed
        }
        await using var multi = new NpgsqlCommand("SELECT count(*) FROM t; SELECT 3", reader);
        Assert.Equal(0L, await multi.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Dropping_the_tenant_under_an_implicit_transaction_gives_an_error_not_a_dead_connection()
    {
        var (tenant, c) = await OpenWithTableAsync("implicit-drop");
        await c.DisposeAsync();
        using var raw = await RawPgClient.ConnectAsync(server.Port, tenant, WireServerFixture.AppUser, WireServerFixture.AppPassword);
        // The INSERT opens the implicit transaction; the endless SELECT streams rows until the drop interrupts
        // it, and rolling the transaction back then fails because the session's tenant is gone. The first
        // DataRow proves the SELECT is running before the tenant is dropped.
        await raw.SendAsync(FrontendEncoder.Query(
            "INSERT INTO t VALUES (1); WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c"));
        var first = await raw.ReadFrameAsync();
        while (first.Type != 'D')
        {
            Assert.NotEqual('Z', first.Type);
            first = await raw.ReadFrameAsync();
        }

        server.Engine.DropTenant(tenant);
        var frames = await raw.ReadUntilReadyAsync();
        Assert.Equal('E', frames[^2].Type);
        Assert.Equal('Z', frames[^1].Type);
    }
}
