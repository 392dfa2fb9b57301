using Dapper;
using Npgsql;
using NpgsqlTypes;
using TenantDb.TestKit;

namespace TenantDb.Wire.Tests.EndToEnd;

public sealed class NpgsqlTests(WireServerFixture server) : IClassFixture<WireServerFixture>
{
    private NpgsqlConnection Open(string tenant, string extra = "")
    {
        var c = new NpgsqlConnection(server.ConnectionString(tenant, extra: extra));
        c.Open();
        return c;
    }

    private sealed record Item(long Id, string Name, double Price, byte[]? Data, bool Active);

    [Theory]
    [InlineData("")]
    [InlineData("Server Compatibility Mode=NoTypeLoading")]
    public async Task Dapper_round_trips_rows_and_parameters(string mode)
    {
        var tenant = server.NewTenant("dapper");
        await using var c = Open(tenant, mode);
        await c.ExecuteAsync("CREATE TABLE items (id BIGINT PRIMARY KEY, name TEXT NOT NULL, price DOUBLE PRECISION, data BYTEA, active BOOLEAN)");
        var inserted = await c.ExecuteAsync("INSERT INTO items (id, name, price, data, active) VALUES (@Id, @Name, @Price, @Data, @Active)",
            new[]
            {
                new Item(1, "apple", 1.25, [1, 2, 3], true),
                new Item(2, "pear 🍐", -0.5, null, false),
            });
        Assert.Equal(2, inserted);
        var items = (await c.QueryAsync<Item>("SELECT id, name, price, data, active FROM items ORDER BY id")).ToList();
        Assert.Equal(2, items.Count);
        Assert.Equal("apple", items[0].Name);
        Assert.Equal(1.25, items[0].Price);
        Assert.Equal(new byte[] { 1, 2, 3 }, items[0].Data);
        Assert.True(items[0].Active);
        Assert.Equal("pear 🍐", items[1].Name);
        Assert.Null(items[1].Data);
        Assert.False(items[1].Active);
        var byName = await c.QuerySingleAsync<long>("SELECT id FROM items WHERE name = @n", new { n = "pear 🍐" });
        Assert.Equal(2, byName);
        Assert.Equal(2L, await c.ExecuteScalarAsync<long>("SELECT count(*) FROM items"));
    }

    [Fact]
    public async Task Parameters_of_every_supported_type_round_trip()
    {
        await using var c = Open(WireServerFixture.AppTenant);
        await using var cmd = new NpgsqlCommand("SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9", c);
        cmd.Parameters.Add(new NpgsqlParameter { Value = (short)7 });
        cmd.Parameters.Add(new NpgsqlParameter { Value = 42 });
        cmd.Parameters.Add(new NpgsqlParameter { Value = long.MaxValue });
        cmd.Parameters.Add(new NpgsqlParameter { Value = 2.5f });
        cmd.Parameters.Add(new NpgsqlParameter { Value = Math.PI });
        cmd.Parameters.Add(new NpgsqlParameter { Value = "héllo" });
        cmd.Parameters.Add(new NpgsqlParameter { Value = new byte[] { 0, 255, 10 } });
        cmd.Parameters.Add(new NpgsqlParameter { Value = true });
        cmd.Parameters.Add(new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        await using var r = await cmd.ExecuteReaderAsync();
        Assert.True(await r.ReadAsync());
        Assert.Equal(7L, r.GetInt64(0));
        Assert.Equal(42L, r.GetInt64(1));
        Assert.Equal(long.MaxValue, r.GetInt64(2));
        Assert.Equal(2.5, r.GetDouble(3));
        Assert.Equal(Math.PI, r.GetDouble(4));
        Assert.Equal("héllo", r.GetString(5));
        Assert.Equal(new byte[] { 0, 255, 10 }, (byte[])r.GetValue(6));
        Assert.True(r.GetBoolean(7)); // $8 is a boolean parameter, so the column is boolean
        Assert.True(r.IsDBNull(8));
    }

    [Fact]
    public async Task Numeric_and_bool_columns_use_their_types_in_both_directions()
    {
        var tenant = server.NewTenant("numeric");
        await using var c = Open(tenant);
        await c.ExecuteAsync("CREATE TABLE money (id INTEGER PRIMARY KEY, amount NUMERIC, ok BOOL)");
        await c.ExecuteAsync("INSERT INTO money VALUES (1, @a, @ok)", new { a = 12.34m, ok = true });
        await c.ExecuteAsync("INSERT INTO money VALUES (2, @a, @ok)", new { a = -1000000m, ok = false });
        var rows = (await c.QueryAsync<(long Id, decimal Amount, bool Ok)>("SELECT id, amount, ok FROM money ORDER BY id")).ToList();
        Assert.Equal((1L, 12.34m, true), rows[0]);
        Assert.Equal((2L, -1000000m, false), rows[1]);
    }

    [Fact]
    public async Task Transactions_commit_and_roll_back()
    {
        var tenant = server.NewTenant("tx");
        await using var c = Open(tenant);
        await c.ExecuteAsync("CREATE TABLE t (x INTEGER)");
        await using (var tx = await c.BeginTransactionAsync())
        {
            await c.ExecuteAsync("INSERT INTO t VALUES (1)", transaction: tx);
            await tx.RollbackAsync();
        }
        await using (var tx = await c.BeginTransactionAsync(System.Data.IsolationLevel.Serializable))
        {
            await c.ExecuteAsync("INSERT INTO t VALUES (2)", transaction: tx);
            await tx.CommitAsync();
        }
        Assert.Equal([2L], (await c.QueryAsync<long>("SELECT x FROM t")).ToList());
    }

    [Fact]
    public async Task Error_in_transaction_fails_it_until_rollback()
    {
        var tenant = server.NewTenant("failed");
        await using var c = Open(tenant);
        await c.ExecuteAsync("CREATE TABLE t (x INTEGER PRIMARY KEY)");
        await using var tx = await c.BeginTransactionAsync();
        await c.ExecuteAsync("INSERT INTO t VALUES (1)", transaction: tx);
        var dup = await Assert.ThrowsAsync<PostgresException>(() => c.ExecuteAsync("INSERT INTO t VALUES (1)", transaction: tx));
        Assert.Equal("23505", dup.SqlState);
        var aborted = await Assert.ThrowsAsync<PostgresException>(() => c.ExecuteAsync("SELECT 1", transaction: tx));
        Assert.Equal("25P02", aborted.SqlState);
        await tx.RollbackAsync();
        Assert.Equal(0L, await c.ExecuteScalarAsync<long>("SELECT count(*) FROM t"));
    }

    [Fact]
    public async Task Prepared_statements_are_reused()
    {
        var tenant = server.NewTenant("prep");
        await using var c = Open(tenant);
        await c.ExecuteAsync("CREATE TABLE kv (k INTEGER PRIMARY KEY, v TEXT)");
        await using var insert = new NpgsqlCommand("INSERT INTO kv VALUES ($1, $2)", c);
        insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = 0 });
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = "" });
        await insert.PrepareAsync();
        for (var i = 1; i <= 20; i++)
        {
            ((NpgsqlParameter<long>)insert.Parameters[0]).TypedValue = i;
            ((NpgsqlParameter<string>)insert.Parameters[1]).TypedValue = $"v{i}";
            Assert.Equal(1, await insert.ExecuteNonQueryAsync());
        }
        await using var select = new NpgsqlCommand("SELECT v, k * 2 FROM kv WHERE k = $1", c);
        select.Parameters.Add(new NpgsqlParameter<long> { TypedValue = 7 });
        await select.PrepareAsync();
        for (var round = 0; round < 3; round++)
        {
            await using var r = await select.ExecuteReaderAsync();
            Assert.True(await r.ReadAsync());
            Assert.Equal("v7", r.GetString(0));
            Assert.Equal("14", r.GetValue(1).ToString());
        }
    }

    [Theory]
    [InlineData("SELEC 1", "42601")]
    [InlineData("SELECT * FROM missing_table", "42P01")]
    [InlineData("SELECT missing_column FROM (SELECT 1 AS x)", "42703")]
    [InlineData("ATTACH DATABASE '/tmp/x.db' AS x", "42501")]
    public async Task Errors_carry_sqlstate(string sql, string sqlState)
    {
        await using var c = Open(WireServerFixture.AppTenant);
        var ex = await Assert.ThrowsAsync<PostgresException>(() => c.ExecuteAsync(sql));
        Assert.Equal(sqlState, ex.SqlState);
        Assert.Equal(1L, await c.ExecuteScalarAsync<long>("SELECT 1")); // the connection is still usable
    }

    [Fact]
    public async Task Not_null_and_check_constraints_map_to_their_sqlstates()
    {
        var tenant = server.NewTenant("constraints");
        await using var c = Open(tenant);
        await c.ExecuteAsync("CREATE TABLE t (x INTEGER NOT NULL CHECK (x > 0))");
        Assert.Equal("23502", (await Assert.ThrowsAsync<PostgresException>(() => c.ExecuteAsync("INSERT INTO t VALUES (NULL)"))).SqlState);
        Assert.Equal("23514", (await Assert.ThrowsAsync<PostgresException>(() => c.ExecuteAsync("INSERT INTO t VALUES (-1)"))).SqlState);
    }

    [Fact]
    public async Task Catalog_functions_answer()
    {
        await using var c = Open(WireServerFixture.AppTenant);
        Assert.StartsWith("PostgreSQL 15", await c.ExecuteScalarAsync<string>("SELECT version()"));
        Assert.Equal(WireServerFixture.AppTenant, await c.ExecuteScalarAsync<string>("SELECT current_database()"));
        Assert.Equal("public", await c.ExecuteScalarAsync<string>("SELECT current_schema()"));
        Assert.Equal("UTC", await c.ExecuteScalarAsync<string>("SHOW TimeZone"));
        await c.ExecuteAsync("SET application_name = 'tests'");
        Assert.Equal("tests", await c.ExecuteScalarAsync<string>("SHOW application_name"));
        Assert.StartsWith("15.0", c.ServerVersion);
    }

    [Fact]
    public async Task Cancel_interrupts_a_running_query()
    {
        await using var c = Open(WireServerFixture.AppTenant);
        await using var cmd = new NpgsqlCommand(
            "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 1000000000) SELECT count(*) FROM r", c);
        var run = cmd.ExecuteScalarAsync();
        // A cancel only stops a statement that is running, so it is sent until this one ends.
        await Eventually.RepeatUntilCompletedAsync(run, cmd.Cancel, TimeSpan.FromSeconds(30), "cancelling the endless count");
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => run);
        var pg = ex as PostgresException ?? ex.InnerException as PostgresException;
        Assert.NotNull(pg);
        Assert.Equal("57014", pg.SqlState);
        Assert.Equal(1L, await c.ExecuteScalarAsync<long>("SELECT 1"));
    }

    [Fact]
    public async Task Multiple_statements_in_one_command_run_in_order()
    {
        var tenant = server.NewTenant("multi");
        await using var c = Open(tenant);
        await using var cmd = new NpgsqlCommand("CREATE TABLE m (x INTEGER); INSERT INTO m VALUES (1), (2); SELECT sum(x) FROM m;", c);
        Assert.Equal(3L, Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Large_results_stream_with_row_limits()
    {
        await using var c = Open(WireServerFixture.AppTenant);
        await using var cmd = new NpgsqlCommand(
            "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 50000) SELECT i, 'row ' || i FROM r", c);
        await using var r = await cmd.ExecuteReaderAsync();
        long sum = 0, count = 0;
        while (await r.ReadAsync())
        {
            sum += r.GetInt64(0);
            count++;
        }
        Assert.Equal(50000, count);
        Assert.Equal(50000L * 50001 / 2, sum);
    }

    [Fact]
    public async Task Dates_uuids_and_json_parameters_are_stored_as_text()
    {
        var tenant = server.NewTenant("dates");
        await using var c = Open(tenant);
        await c.ExecuteAsync("CREATE TABLE ev (at TEXT, day TEXT, id TEXT, doc TEXT)");
        var id = Guid.NewGuid();
        await c.ExecuteAsync("INSERT INTO ev VALUES (@at, @day, @id, @doc)", new
        {
            at = new DateTime(2024, 2, 29, 13, 45, 30, 250, DateTimeKind.Unspecified),
            day = new DateOnly(2023, 12, 31),
            id,
            doc = new NpgsqlParameterValue("{\"a\": 1}"),
        });
        var row = await c.QuerySingleAsync<(string At, string Day, string Id, string Doc)>("SELECT at, day, id, doc FROM ev");
        Assert.Equal("2024-02-29 13:45:30.25", row.At);
        Assert.Equal("2023-12-31", row.Day);
        Assert.Equal(id.ToString(), row.Id);
        Assert.Equal("{\"a\": 1}", row.Doc);
    }

    [Fact]
    public async Task Syntax_errors_report_a_position()
    {
        await using var c = Open(WireServerFixture.AppTenant);
        var ex = await Assert.ThrowsAsync<PostgresException>(() => c.ExecuteAsync("SELECT 1 FROM WHERE"));
        Assert.Equal("42601", ex.SqlState);
        Assert.True(ex.Position > 0, $"position {ex.Position}");
    }

    [Fact]
    public async Task Pooled_connections_are_reset_and_reused()
    {
        var tenant = server.NewTenant("pool");
        var cs = server.ConnectionString(tenant).Replace("Pooling=false", "Pooling=true;Maximum Pool Size=2", StringComparison.Ordinal);
        await using (var setup = new NpgsqlConnection(cs))
        {
            await setup.OpenAsync();
            await setup.ExecuteAsync("CREATE TABLE hits (n INTEGER)");
        }
        for (var i = 0; i < 10; i++)
        {
            await using var c = new NpgsqlConnection(cs);
            await c.OpenAsync();
            await c.ExecuteAsync("SET application_name = 'pooled'");
            await using var cmd = new NpgsqlCommand("INSERT INTO hits VALUES ($1)", c);
            cmd.Parameters.AddWithValue(i);
            await cmd.PrepareAsync();
            await cmd.ExecuteNonQueryAsync();
        }
        await using var check = new NpgsqlConnection(cs);
        await check.OpenAsync();
        Assert.Equal(45L, await check.ExecuteScalarAsync<long>("SELECT sum(n) FROM hits"));
        NpgsqlConnection.ClearPool(check);
    }

    /// <summary>A JSON document sent as jsonb.</summary>
    private sealed class NpgsqlParameterValue(string json) : SqlMapper.ICustomQueryParameter
    {
        public void AddParameter(System.Data.IDbCommand command, string name) =>
            command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Jsonb) { Value = json });
    }
}
