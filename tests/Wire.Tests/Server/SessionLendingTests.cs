using Npgsql;
using TenantDb.TestKit;
using TenantDb.Wire.Hosting;
using TenantDb.Wire.Tests.Exhaustion;

namespace TenantDb.Wire.Tests.Server;

/// <summary>
/// Transaction pooling inside the server: with no kept places, a connection gives its SQLite connection
/// back after every transaction and the next client of the tenant gets that same connection (the pool
/// hands out the last one returned). These are the attacks on that reuse: one client's TEMP objects,
/// settings, catalog rows, open transaction or canceled statement must never reach the next one, and
/// what belongs to the client (prepared statements, currval) must follow it.
/// </summary>
public sealed class SessionLendingTests
{
    private const string Tenant = ExhaustionServer.Victim;

    private static ServerSettings Lending => new() { KeptSessionsPerTenant = 0, StatementTimeout = TimeSpan.FromSeconds(30) };

    private static ExhaustionServer Start() => ExhaustionServer.Start(Lending);

    /// <summary>The SQLSTATE of a PostgreSQL error, also when the client wraps it (a canceled command).</summary>
    internal static string? SqlStateOf(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            if (e is PostgresException postgres) return postgres.SqlState;
        }
        return null;
    }

    private static int IdleSqliteConnections(ExhaustionServer server) => server.Engine.GetStore(Tenant).IdleCount;

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task An_idle_client_holds_no_sqlite_connection_and_its_prepared_statement_runs_on_the_next_one()
    {
        await using var server = Start();
        await using var a = await server.OpenAsync(Tenant);
        await ExecuteAsync(a, "CREATE TABLE kv (k int PRIMARY KEY, v text)");
        await ExecuteAsync(a, "INSERT INTO kv VALUES (1, 'one'), (2, 'two')");
        await using var read = new NpgsqlCommand("SELECT v FROM kv WHERE k = $1", a);
        read.Parameters.Add(new NpgsqlParameter { Value = 1 });
        await read.PrepareAsync();
        Assert.Equal("one", await read.ExecuteScalarAsync());
        Assert.Equal(1, IdleSqliteConnections(server));

        // Another client takes that SQLite connection and changes the schema the statement reads.
        await using (var b = await server.OpenAsync(Tenant))
        {
            await ExecuteAsync(b, "CREATE TABLE other (x int)");
            Assert.Equal(1, IdleSqliteConnections(server));
        }

        read.Parameters[0].Value = 2;
        Assert.Equal("two", await read.ExecuteScalarAsync());
        Assert.Equal(1, IdleSqliteConnections(server));
    }

    [Fact]
    public async Task Temp_objects_pin_their_client_and_never_shadow_another_clients_tables()
    {
        await using var server = Start();
        await using var a = await server.OpenAsync(Tenant);
        await ExecuteAsync(a, "CREATE TABLE kv (k int PRIMARY KEY, v text)");
        await ExecuteAsync(a, "INSERT INTO kv VALUES (1, 'real')");
        await ExecuteAsync(a, "CREATE TEMP TABLE kv (k int, v text)");
        await ExecuteAsync(a, "INSERT INTO temp.kv VALUES (1, 'shadow')");
        Assert.Equal(0, IdleSqliteConnections(server));

        await using var b = await server.OpenAsync(Tenant);
        Assert.Equal("real", await ScalarAsync(b, "SELECT v FROM kv WHERE k = 1"));
        Assert.Equal(0L, await ScalarAsync(b, "SELECT count(*) FROM temp.sqlite_schema WHERE name = 'kv'"));
        // The client that made it still has it: its connection stayed its own.
        Assert.Equal("shadow", await ScalarAsync(a, "SELECT v FROM temp.kv WHERE k = 1"));
    }

    [Fact]
    public async Task A_pragma_setting_pins_its_client_and_the_next_client_has_the_default()
    {
        await using var server = Start();
        await using var a = await server.OpenAsync(Tenant);
        await ExecuteAsync(a, "PRAGMA recursive_triggers = 1");
        Assert.Equal(0, IdleSqliteConnections(server));
        await using var b = await server.OpenAsync(Tenant);
        Assert.Equal(0L, Convert.ToInt64(await ScalarAsync(b, "PRAGMA recursive_triggers")));
        Assert.Equal(1L, Convert.ToInt64(await ScalarAsync(a, "PRAGMA recursive_triggers")));
    }

    [Fact]
    public async Task The_catalog_rows_about_one_client_are_never_read_by_the_next()
    {
        await using var server = Start();
        await using var a = await server.OpenAsync(Tenant, "Application Name=alice-secret");
        Assert.Equal("alice-secret", await ScalarAsync(a, "SELECT application_name FROM pg_stat_activity"));
        Assert.Equal(1, IdleSqliteConnections(server));

        await using var b = await server.OpenAsync(Tenant, "Application Name=bob");
        // Straight at the TEMP table, past the catalog's refresh: the rows about alice are gone.
        Assert.Equal(0L, await ScalarAsync(b, "SELECT count(*) FROM temp.\"pg_stat_activity\" WHERE application_name = 'alice-secret'"));
        Assert.Equal(0L, await ScalarAsync(b, "SELECT count(*) FROM temp.\"pg_settings\" WHERE setting = 'alice-secret'"));
        Assert.Equal("bob", await ScalarAsync(b, "SELECT application_name FROM pg_stat_activity"));
        Assert.Equal("u", await ScalarAsync(b, "SELECT current_user"));
    }

    [Fact]
    public async Task A_client_that_writes_the_catalogs_temp_tables_keeps_its_connection()
    {
        await using var server = Start();
        await using var a = await server.OpenAsync(Tenant);
        Assert.Equal("u", await ScalarAsync(a, "SELECT usename FROM pg_stat_activity"));
        Assert.Equal(1, IdleSqliteConnections(server));
        await ExecuteAsync(a, "INSERT INTO temp.\"pg_stat_activity\" (usename) VALUES ('forged')");
        Assert.Equal(0, IdleSqliteConnections(server));

        await using var b = await server.OpenAsync(Tenant);
        Assert.Equal(0L, await ScalarAsync(b, "SELECT count(*) FROM temp.sqlite_schema WHERE name = 'pg_stat_activity'"));
        Assert.Equal(0L, await ScalarAsync(b, "SELECT count(*) FROM pg_stat_activity WHERE usename = 'forged'"));
    }

    [Fact]
    public async Task An_open_transaction_pins_its_client_and_stays_invisible_until_it_commits()
    {
        // On files (WAL): an in-memory tenant's readers wait for an open write transaction.
        using var data = TempDirectory.ForDatabases();
        await using var server = ExhaustionServer.Start(Lending, Engine.TenantDbEngine.Open(data.Path, new Engine.EngineOptions { ScramIterations = 4096 }));
        await using var a = await server.OpenAsync(Tenant);
        await ExecuteAsync(a, "CREATE TABLE t (x int)");
        await ExecuteAsync(a, "BEGIN");
        await ExecuteAsync(a, "INSERT INTO t VALUES (1)");
        Assert.Equal(0, IdleSqliteConnections(server));

        await using var b = await server.OpenAsync(Tenant);
        Assert.Equal(0L, await ScalarAsync(b, "SELECT count(*) FROM t"));
        await ExecuteAsync(a, "COMMIT");
        Assert.Equal(1L, await ScalarAsync(b, "SELECT count(*) FROM t"));
    }

    [Fact]
    public async Task Currval_and_lastval_follow_the_client_not_the_sqlite_connection()
    {
        await using var server = Start();
        await using var a = await server.OpenAsync(Tenant);
        await ExecuteAsync(a, "CREATE SEQUENCE s");
        Assert.Equal(1L, await ScalarAsync(a, "SELECT nextval('s')"));
        await using (var b = await server.OpenAsync(Tenant))
        {
            Assert.Equal(2L, await ScalarAsync(b, "SELECT nextval('s')"));
        }
        Assert.Equal(1L, await ScalarAsync(a, "SELECT currval('s')"));
        Assert.Equal(1L, await ScalarAsync(a, "SELECT lastval()"));
        await using var c = await server.OpenAsync(Tenant);
        var error = await Assert.ThrowsAsync<PostgresException>(() => ScalarAsync(c, "SELECT lastval()"));
        Assert.Equal("55000", error.SqlState);
    }

    [Fact]
    public async Task A_canceled_statement_leaves_nothing_behind_for_the_next_client()
    {
        await using var server = Start();
        await using var a = await server.OpenAsync(Tenant);
        await using var endless = new NpgsqlCommand("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c", a);
        var running = endless.ExecuteScalarAsync();
        await Eventually.TrueAsync(() => server.Server.Scheduler.Running == 1, TimeSpan.FromSeconds(20), () => "the statement did not start");
        endless.Cancel();
        Assert.Equal("57014", SqlStateOf(await Assert.ThrowsAnyAsync<Exception>(() => running)));
        Assert.Equal(1, IdleSqliteConnections(server));

        await using var b = await server.OpenAsync(Tenant);
        Assert.Equal(3L, await ScalarAsync(b, "SELECT count(*) FROM (SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3)"));
        Assert.Equal(1, await ScalarAsync(a, "SELECT 1"));
    }
}
