using System.Net;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using TenantDb.Engine;
using TenantDb.Engine.Procedures;
using TenantDb.Wire.Hosting;
using TenantDb.Wire.Server;
using TenantDb.TestKit;

namespace TenantDb.Wire.Tests.Procedures;

/// <summary>
/// Over the wire, with Npgsql: a CALL is one transaction even when a trigger rolls SQLite's
/// transaction back, a real CancelRequest or the call's time limit stops the procedure's SQL and
/// nothing of the call commits, and trigger raises in plain statements leave the client's
/// transaction in PostgreSQL's aborted state.
/// </summary>
public sealed class CallAtomicityWireTests : IAsyncLifetime
{
    private const string Endless = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c";

    private readonly ManualResetEventSlim _stalling = new();
    private readonly TenantDbEngine _engine;
    private PgServer? _server;
    private int _port;
    private int _tenants;

    public CallAtomicityWireTests()
    {
        _engine = TenantDbEngine.OpenInMemory(new EngineOptions
        {
            StatementTimeout = TimeSpan.FromMinutes(2),
            ProcedureLimits = new ProcedureLimits { Timeout = TimeSpan.FromMinutes(2) },
            ProcedureLog = (_, _, line) => { if (line == "stalling") _stalling.Set(); },
        });
    }

    public Task InitializeAsync()
    {
        var settings = new ServerSettings { ListenAddress = IPAddress.Loopback, Port = 0, DataDirectory = Path.GetTempPath(), CreateDemoTenant = false };
        _server = new PgServer(settings, _engine, NullLoggerFactory.Instance);
        _port = _server.Start().Port;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        _engine.Dispose();
        _stalling.Dispose();
    }

    [Fact]
    public void Raise_rollback_inside_a_call_fails_it_and_no_write_of_the_procedure_commits()
    {
        using var c = Open(NewTenant());
        c.Execute("CREATE PROCEDURE p() AS '" + Sequence("INSERT INTO t VALUES (1)", "INSERT INTO to_rollback VALUES (1)", "INSERT INTO t VALUES (2)") + "'");

        var e = Assert.Throws<PostgresException>(() => c.Execute("CALL p()"));
        Assert.StartsWith("23", e.SqlState, StringComparison.Ordinal);
        Assert.Equal(0L, c.ExecuteScalar<long>("SELECT count(*) FROM t"));

        // Inside the client's transaction block: the block is aborted, as in PostgreSQL.
        Exec(c, "BEGIN");
        c.Execute("INSERT INTO t VALUES (100)");
        Assert.Throws<PostgresException>(() => c.Execute("CALL p()"));
        var aborted = Assert.Throws<PostgresException>(() => c.ExecuteScalar<long>("SELECT count(*) FROM t"));
        Assert.Equal("25P02", aborted.SqlState);
        Exec(c, "COMMIT");
        Assert.Equal(0L, c.ExecuteScalar<long>("SELECT count(*) FROM t"));
    }

    [Theory]
    [InlineData("to_rollback")]
    [InlineData("to_abort")]
    [InlineData("to_fail")]
    public void Trigger_raises_in_plain_statements_abort_the_client_transaction(string table)
    {
        using var c = Open(NewTenant());
        Exec(c, "BEGIN");
        c.Execute("INSERT INTO t VALUES (1)");
        Assert.Throws<PostgresException>(() => c.Execute($"INSERT INTO {table} VALUES (1), (2), (3)"));
        Assert.Equal("25P02", Assert.Throws<PostgresException>(() => c.Execute("INSERT INTO t VALUES (2)")).SqlState);
        Exec(c, "COMMIT"); // answered ROLLBACK, as PostgreSQL does for an aborted block
        Assert.Equal(0L, c.ExecuteScalar<long>("SELECT count(*) FROM t"));
        Assert.Equal(0L, c.ExecuteScalar<long>($"SELECT count(*) FROM {table}"));
    }

    [Fact]
    public async Task A_cancel_request_stops_the_procedures_statement_and_nothing_of_the_call_commits()
    {
        await using var c = Open(NewTenant());
        c.Execute("CREATE PROCEDURE stall() AS '" + Sequence("INSERT INTO t VALUES (1)", "log:stalling", Endless, "INSERT INTO t VALUES (2)") + "'");
        _stalling.Reset();

        await using var cmd = new NpgsqlCommand("CALL stall()", c);
        var call = cmd.ExecuteNonQueryAsync();
        Assert.True(_stalling.Wait(TimeSpan.FromSeconds(30)), "the procedure never reached its long statement");
        // A real CancelRequest on its own connection; repeated in case the first one lands before the statement starts.
        await Eventually.RepeatUntilCompletedAsync(call, cmd.Cancel, TimeSpan.FromSeconds(30), "cancelling CALL stall()");

        var e = await Assert.ThrowsAnyAsync<Exception>(() => call);
        var pg = e as PostgresException ?? e.InnerException as PostgresException;
        Assert.NotNull(pg);
        Assert.Equal("57014", pg.SqlState);
        Assert.Equal(0L, c.ExecuteScalar<long>("SELECT count(*) FROM t"));
    }

    [Fact]
    public void The_call_time_limit_stops_a_long_query_of_the_procedure_with_54000()
    {
        string tenant = NewTenant();
        using (var admin = _engine.OpenSession(tenant))
        {
            admin.SetProcedureLimits(new ProcedureLimits { Timeout = TimeSpan.FromMilliseconds(300) });
        }
        using var c = Open(tenant);
        c.Execute("CREATE PROCEDURE slow() AS '" + Sequence("INSERT INTO t VALUES (1)", Endless, "INSERT INTO t VALUES (2)") + "'");

        var e = Assert.Throws<PostgresException>(() => c.Execute("CALL slow()"));

        Assert.Equal("54000", e.SqlState);
        Assert.Contains("time limit", e.MessageText, StringComparison.Ordinal);
        Assert.Equal(0L, c.ExecuteScalar<long>("SELECT count(*) FROM t"));
    }

    private string NewTenant()
    {
        string name = "atomic" + Interlocked.Increment(ref _tenants);
        _engine.CreateTenant(name);
        _engine.SetPassword(name, "u", "p");
        // Set up through the engine: the wire's statement splitter does not keep a trigger body's ';' together.
        using var session = _engine.OpenSession(name);
        foreach (string sql in (string[])[
            "CREATE TABLE t(v INTEGER)",
            "CREATE TABLE to_rollback(x)",
            "CREATE TRIGGER r BEFORE INSERT ON to_rollback BEGIN SELECT RAISE(ROLLBACK, 'rolled back by trigger'); END",
            "CREATE TABLE to_abort(x)",
            "CREATE TRIGGER a BEFORE INSERT ON to_abort WHEN new.x = 2 BEGIN SELECT RAISE(ABORT, 'aborted by trigger'); END",
            "CREATE TABLE to_fail(x)",
            "CREATE TRIGGER f BEFORE INSERT ON to_fail WHEN new.x = 2 BEGIN SELECT RAISE(FAIL, 'failed by trigger'); END"])
        {
            using var statement = session.Prepare(sql);
            statement.ExecuteNonQuery();
        }
        return name;
    }

    // Not Dapper: it takes a one-word command text for the name of a stored procedure.
    private static void Exec(NpgsqlConnection c, string sql)
    {
        using var command = new NpgsqlCommand(sql, c);
        command.ExecuteNonQuery();
    }

    private NpgsqlConnection Open(string tenant)
    {
        var c = new NpgsqlConnection($"Host=127.0.0.1;Port={_port};Database={tenant};Username=u;Password=p;Pooling=false;Timeout=10;Command Timeout=120");
        c.Open();
        return c;
    }

    /// <summary>
    /// A procedure running <paramref name="steps"/> in straight-line code through exec ("log:x" logs
    /// x instead), ignoring every result and returning 0.
    /// </summary>
    private static string Sequence(params string[] steps) => StatementSequenceWat.Build(steps.Select(step =>
        step.StartsWith("log:", StringComparison.Ordinal) ? StatementSequenceWat.Step.Log(step[4..]) : StatementSequenceWat.Step.Exec(step)));
}
