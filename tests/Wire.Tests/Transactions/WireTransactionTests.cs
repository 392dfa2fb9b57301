using Npgsql;
using TenantDb.TestKit;
using TenantDb.Wire.Tests.EndToEnd;
using TenantDb.Wire.Tests.Protocol;

namespace TenantDb.Wire.Tests.Transactions;

/// <summary>
/// Transactions over the wire as PostgreSQL clients expect them: BEGIN takes no lock, writers queue for
/// the tenant's write lock without blocking readers, a stale snapshot is 40001, READ ONLY is 25006.
/// </summary>
public sealed class WireTransactionTests(FileServerFixture server) : IClassFixture<FileServerFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private async Task<(string Tenant, NpgsqlConnection Connection)> TenantWithTableAsync(string prefix)
    {
        var tenant = server.NewTenant(prefix);
        var c = await server.OpenAsync(tenant);
        await ExecAsync(c, "CREATE TABLE kv (k INTEGER PRIMARY KEY, v INTEGER NOT NULL, log TEXT NOT NULL DEFAULT '')");
        await ExecAsync(c, "INSERT INTO kv (k, v) VALUES (1, 1), (2, 2)");
        return (tenant, c);
    }

    private int Waiting(string tenant) => server.Engine.GetStore(tenant).WriteLock.Waiting;

    private Task UntilWaitingAsync(string tenant, int count) =>
        Eventually.TrueAsync(() => Waiting(tenant) == count, Patience, () => $"{count} sessions waiting for the write lock (now {Waiting(tenant)})");

    [Fact]
    public async Task A_connection_idle_in_a_transaction_after_a_select_blocks_neither_writers_nor_readers()
    {
        var (tenant, idle) = await TenantWithTableAsync("idle");
        await using (idle)
        {
            await using var transaction = await idle.BeginTransactionAsync();
            Assert.Equal(1, await ScalarAsync(idle, "SELECT v FROM kv WHERE k = 1"));

            await using var writer = await server.OpenAsync(tenant);
            Assert.Equal(1, await ExecAsync(writer, "UPDATE kv SET v = 10 WHERE k = 1"));
            await using (var block = await writer.BeginTransactionAsync())
            {
                Assert.Equal(1, await ExecAsync(writer, "UPDATE kv SET v = 20 WHERE k = 2"));
                await block.CommitAsync();
            }

            await using var reader = await server.OpenAsync(tenant);
            Assert.Equal(30L, await ScalarAsync(reader, "SELECT sum(v) FROM kv"));

            // The idle transaction still reads its snapshot.
            Assert.Equal(3L, await ScalarAsync(idle, "SELECT sum(v) FROM kv"));
            await transaction.CommitAsync();
            Assert.Equal(30L, await ScalarAsync(idle, "SELECT sum(v) FROM kv"));
        }
    }

    [Fact]
    public async Task Readers_run_while_a_transaction_holds_the_write_lock()
    {
        var (tenant, holder) = await TenantWithTableAsync("readers");
        await using (holder)
        {
            await using var transaction = await holder.BeginTransactionAsync();
            await ExecAsync(holder, "UPDATE kv SET v = 100 WHERE k = 1");
            await using var reader = await server.OpenAsync(tenant);
            await using (var readBlock = await reader.BeginTransactionAsync())
            {
                Assert.Equal(3L, await ScalarAsync(reader, "SELECT sum(v) FROM kv"));
                await readBlock.CommitAsync();
            }
            Assert.Equal(0, Waiting(tenant));
            await transaction.CommitAsync();
        }
    }

    [Fact]
    public async Task Waiting_writers_get_the_lock_in_the_order_they_asked_for_it()
    {
        var (tenant, holder) = await TenantWithTableAsync("fifo");
        await using (holder)
        {
            await using var transaction = await holder.BeginTransactionAsync();
            await ExecAsync(holder, "UPDATE kv SET log = log || 'A' WHERE k = 1");

            var connections = new List<NpgsqlConnection>();
            var writes = new List<Task<int>>();
            foreach (var name in new[] { "B", "C", "D" })
            {
                var c = await server.OpenAsync(tenant);
                connections.Add(c);
                writes.Add(ExecAsync(c, $"UPDATE kv SET log = log || '{name}' WHERE k = 1"));
                await UntilWaitingAsync(tenant, writes.Count);
            }

            Assert.All(writes, w => Assert.False(w.IsCompleted));
            await transaction.CommitAsync();
            Assert.All(await Task.WhenAll(writes), affected => Assert.Equal(1, affected));
            Assert.Equal("ABCD", await ScalarAsync(holder, "SELECT log FROM kv WHERE k = 1"));
            foreach (var c in connections) await c.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_wait_past_the_lock_timeout_fails_with_55P03_and_the_connection_goes_on()
    {
        var (tenant, holder) = await TenantWithTableAsync("timeout");
        await using (holder)
        {
            await using var transaction = await holder.BeginTransactionAsync();
            await ExecAsync(holder, "UPDATE kv SET v = 5 WHERE k = 1");

            await using var waiter = await server.OpenAsync(tenant);
            var error = await Assert.ThrowsAsync<PostgresException>(() => ExecAsync(waiter, "UPDATE kv SET v = 6 WHERE k = 2"));
            Assert.Equal("55P03", error.SqlState);
            Assert.Contains("lock timeout", error.MessageText, StringComparison.Ordinal);
            Assert.Equal(0, Waiting(tenant));
            Assert.Equal(3L, await ScalarAsync(waiter, "SELECT sum(v) FROM kv"));

            // Inside a block the failure aborts the block, as in PostgreSQL.
            await using var block = await waiter.BeginTransactionAsync();
            error = await Assert.ThrowsAsync<PostgresException>(() => ExecAsync(waiter, "UPDATE kv SET v = 6 WHERE k = 2"));
            Assert.Equal("55P03", error.SqlState);
            error = await Assert.ThrowsAsync<PostgresException>(() => ScalarAsync(waiter, "SELECT 1"));
            Assert.Equal("25P02", error.SqlState);
            await block.RollbackAsync();

            await transaction.CommitAsync();
            Assert.Equal(1, await ExecAsync(waiter, "UPDATE kv SET v = 6 WHERE k = 2"));
        }
    }

    [Fact]
    public async Task A_first_write_on_a_stale_snapshot_fails_with_40001_and_aborts_the_block()
    {
        var (tenant, other) = await TenantWithTableAsync("stale");
        await using (other)
        {
            await using var stale = await server.OpenAsync(tenant);
            await using var block = await stale.BeginTransactionAsync();
            Assert.Equal(1, await ScalarAsync(stale, "SELECT v FROM kv WHERE k = 1"));
            await ExecAsync(other, "UPDATE kv SET v = 7 WHERE k = 1");

            var error = await Assert.ThrowsAsync<PostgresException>(() => ExecAsync(stale, "UPDATE kv SET v = v + 1 WHERE k = 1"));
            Assert.Equal("40001", error.SqlState);
            error = await Assert.ThrowsAsync<PostgresException>(() => ScalarAsync(stale, "SELECT 1"));
            Assert.Equal("25P02", error.SqlState);
            await block.RollbackAsync();

            // The retry sees the committed value.
            await using (var retry = await stale.BeginTransactionAsync())
            {
                await ExecAsync(stale, "UPDATE kv SET v = v + 1 WHERE k = 1");
                await retry.CommitAsync();
            }
            Assert.Equal(8, await ScalarAsync(other, "SELECT v FROM kv WHERE k = 1"));
        }
    }

    [Theory]
    [InlineData("INSERT INTO kv (k, v) VALUES ($1, $2)")]
    [InlineData("UPDATE kv SET v = $2 WHERE k = $1")]
    [InlineData("INSERT INTO kv (k, v) VALUES ($1, $2) RETURNING k")]
    public async Task A_transaction_whose_first_statement_writes_never_fails_with_40001(string sql)
    {
        // Everything the server reads while it parses and describes the statement (declared column
        // types, parameter types, the catalog) must not start the transaction's snapshot: the
        // transaction has read nothing, so another commit in between cannot make it stale.
        var (tenant, other) = await TenantWithTableAsync("writefirst");
        await using (other)
        {
            await using var writer = await server.OpenAsync(tenant);
            for (int round = 0; round < 3; round++)
            {
                await using var block = await writer.BeginTransactionAsync();
                await using var command = new NpgsqlCommand(sql, writer);
                command.Parameters.AddWithValue(10 + round);
                command.Parameters.AddWithValue(round);
                await command.PrepareAsync();
                await ExecAsync(other, "UPDATE kv SET v = v + 1 WHERE k = 1");
                await command.ExecuteNonQueryAsync();
                await using var second = new NpgsqlCommand("UPDATE kv SET log = log || 'x' WHERE k = 1", writer);
                await second.ExecuteNonQueryAsync();
                await block.CommitAsync();
            }

            Assert.Equal(4, await ScalarAsync(other, "SELECT v FROM kv WHERE k = 1"));
        }
    }

    [Fact]
    public async Task Read_only_transactions_and_sessions_refuse_writes_with_25006()
    {
        var (_, c) = await TenantWithTableAsync("readonly");
        await using (c)
        {
            await ExecAsync(c, "BEGIN READ ONLY");
            Assert.Equal(3L, await ScalarAsync(c, "SELECT sum(v) FROM kv"));
            var error = await Assert.ThrowsAsync<PostgresException>(() => ExecAsync(c, "INSERT INTO kv (k, v) VALUES (3, 3)"));
            Assert.Equal("25006", error.SqlState);
            await ExecAsync(c, "ROLLBACK");

            await ExecAsync(c, "START TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ WRITE");
            await ExecAsync(c, "SET TRANSACTION READ ONLY");
            error = await Assert.ThrowsAsync<PostgresException>(() => ExecAsync(c, "DELETE FROM kv"));
            Assert.Equal("25006", error.SqlState);
            await ExecAsync(c, "ROLLBACK");

            await ExecAsync(c, "SET default_transaction_read_only = on");
            error = await Assert.ThrowsAsync<PostgresException>(() => ExecAsync(c, "UPDATE kv SET v = 0"));
            Assert.Equal("25006", error.SqlState);
            await ExecAsync(c, "BEGIN ISOLATION LEVEL SERIALIZABLE READ WRITE");
            Assert.Equal(2, await ExecAsync(c, "UPDATE kv SET v = 0"));
            await ExecAsync(c, "COMMIT");

            await ExecAsync(c, "SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE");
            Assert.Equal(1, await ExecAsync(c, "INSERT INTO kv (k, v) VALUES (3, 3)"));
            Assert.Equal(3L, await ScalarAsync(c, "SELECT sum(v) FROM kv"));
        }
    }

    [Fact]
    public async Task A_simple_query_that_waits_goes_on_where_it_stopped_without_repeating_earlier_results()
    {
        var (tenant, holder) = await TenantWithTableAsync("resume");
        await using (holder)
        {
            await using var transaction = await holder.BeginTransactionAsync();
            await ExecAsync(holder, "UPDATE kv SET v = 50 WHERE k = 1");

            using var raw = await RawPgClient.ConnectAsync(server.Port, tenant, FileServerFixture.User, FileServerFixture.Password);
            await raw.SendAsync(FrontendEncoder.Query("SELECT 'first'; UPDATE kv SET v = v + 1 WHERE k = 1; SELECT v FROM kv WHERE k = 1"));
            var answer = raw.ReadUntilReadyAsync();
            await UntilWaitingAsync(tenant, 1);
            await transaction.CommitAsync();
            var frames = await answer;

            // One result for each statement, the first sent once only, and no error.
            Assert.Equal("TDCCTDCZ", RawPgClient.Types(frames));
            Assert.Equal((byte)'I', frames[^1].Payload[0]);
            Assert.Equal(51, await ScalarAsync(holder, "SELECT v FROM kv WHERE k = 1"));
        }
    }

    [Fact]
    public async Task A_canceled_wait_fails_with_57014_and_leaves_the_queue()
    {
        var (tenant, holder) = await TenantWithTableAsync("cancel");
        await using (holder)
        {
            await using var transaction = await holder.BeginTransactionAsync();
            await ExecAsync(holder, "UPDATE kv SET v = 9 WHERE k = 1");

            await using var waiter = await server.OpenAsync(tenant);
            await using var command = new NpgsqlCommand("UPDATE kv SET v = 10 WHERE k = 2", waiter);
            var running = command.ExecuteNonQueryAsync();
            await UntilWaitingAsync(tenant, 1);
            command.Cancel();
            var error = await Assert.ThrowsAnyAsync<Exception>(() => running);
            Assert.Equal("57014", (error as PostgresException ?? error.InnerException as PostgresException)?.SqlState);
            Assert.Equal(0, Waiting(tenant));
            await transaction.CommitAsync();
            Assert.Equal(1, await ExecAsync(waiter, "UPDATE kv SET v = 10 WHERE k = 2"));
        }
    }

    private static async Task<int> ExecAsync(NpgsqlConnection c, string sql)
    {
        await using var command = new NpgsqlCommand(sql, c);
        return await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection c, string sql)
    {
        await using var command = new NpgsqlCommand(sql, c);
        return await command.ExecuteScalarAsync();
    }
}
