using System.Text;
using TenantDb.Engine.Errors;
using TenantDb.Engine.Procedures;
using TenantDb.TestKit;

namespace TenantDb.Engine.Tests.Procedures;

/// <summary>
/// A procedure's SQL shares the call's cancel, statement timeout and time limit: an interrupted
/// statement fails the whole call and rolls it back, whatever the procedure would do next.
/// </summary>
public sealed class CallInterruptTests
{
    /// <summary>Runs until interrupted (the progress handler stops it).</summary>
    private const string Endless = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c";

    private static readonly string[] WriteStallWrite = ["INSERT INTO t VALUES (1)", Endless, "INSERT INTO t VALUES (2)"];

    [Fact]
    public async Task A_cancel_during_a_statement_fails_the_call_and_nothing_commits()
    {
        using var started = new ManualResetEventSlim();
        using var engine = TenantDbEngine.OpenInMemory(new EngineOptions
        {
            StatementTimeout = TimeSpan.FromMinutes(2),
            ProcedureLimits = new ProcedureLimits { Timeout = TimeSpan.FromMinutes(2) },
            ProcedureLog = (_, _, line) => { if (line == "before 1") started.Set(); },
        });
        using var session = NewTenant(engine, WriteStallWrite, logBefore: true);

        var call = Task.Run(() => session.CallProcedure("p", [], NoRows.Instance));
        Assert.True(started.Wait(TimeSpan.FromSeconds(30)), "the procedure never reached its long statement");
        // Cancel until the call ends: the first cancel may land just before the statement starts.
        await Eventually.RepeatUntilCompletedAsync(call, session.Interrupt, TimeSpan.FromSeconds(30), "interrupting the call");

        var e = await Assert.ThrowsAsync<TenantDbException>(() => call);
        Assert.Equal(TenantDbErrorKind.Canceled, e.Kind);
        Assert.Equal(0, Count(session));
        Assert.False(session.InTransaction);
    }

    [Fact]
    public void A_cancel_between_two_statements_stops_the_next_one_and_the_call_does_not_commit()
    {
        TenantSession? session = null;
        using var engine = TenantDbEngine.OpenInMemory(new EngineOptions
        {
            // The log line is written on the call's own thread between the two inserts: the cancel
            // lands exactly there, when no statement is running.
            ProcedureLog = (_, _, line) => { if (line == "before 1") session!.Interrupt(); },
        });
        session = NewTenant(engine, ["INSERT INTO t VALUES (1)", "INSERT INTO t VALUES (2)"], logBefore: true);
        using (session)
        {
            var e = Assert.Throws<TenantDbException>(() => session.CallProcedure("p", [], NoRows.Instance));

            Assert.Equal(TenantDbErrorKind.Canceled, e.Kind);
            Assert.Equal(0, Count(session));
        }
    }

    [Fact]
    public void The_call_time_limit_stops_the_procedures_sql_with_a_limit_error()
    {
        using var engine = TenantDbEngine.OpenInMemory(new EngineOptions
        {
            StatementTimeout = TimeSpan.FromMinutes(2),
            ProcedureLimits = new ProcedureLimits { Timeout = TimeSpan.FromMilliseconds(300) },
        });
        using var session = NewTenant(engine, WriteStallWrite);

        var e = Assert.Throws<TenantDbException>(() => session.CallProcedure("p", [], NoRows.Instance));

        Assert.Equal(TenantDbErrorKind.ProcedureLimit, e.Kind);
        Assert.Contains("time limit", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, Count(session));
    }

    [Fact]
    public void The_statement_timeout_inside_a_call_fails_the_call()
    {
        using var engine = TenantDbEngine.OpenInMemory(new EngineOptions
        {
            StatementTimeout = TimeSpan.FromMilliseconds(200),
            ProcedureLimits = new ProcedureLimits { Timeout = TimeSpan.FromMinutes(2) },
        });
        using var session = NewTenant(engine, WriteStallWrite);

        var e = Assert.Throws<TenantDbException>(() => session.CallProcedure("p", [], NoRows.Instance));

        Assert.Equal(TenantDbErrorKind.Timeout, e.Kind);
        Assert.Equal(0, Count(session));
    }

    [Fact]
    public void The_call_time_limit_stops_a_query_channel_too()
    {
        using var engine = TenantDbEngine.OpenInMemory(new EngineOptions
        {
            StatementTimeout = TimeSpan.FromMinutes(2),
            ProcedureLimits = new ProcedureLimits { Timeout = TimeSpan.FromMilliseconds(300) },
        });
        engine.CreateTenant("q");
        using var session = engine.OpenSession("q");
        session.CreateProcedure("sum", [], [new ProcedureColumn("total", ProcedureType.Int8), new ProcedureColumn("n", ProcedureType.Int8)],
            Encoding.UTF8.GetBytes(ProcedureModules.SumQuery(Endless, forwardArguments: false, readCapacity: 4096)));

        var e = Assert.Throws<TenantDbException>(() => session.CallProcedure("sum", [], NoRows.Instance));

        Assert.Equal(TenantDbErrorKind.ProcedureLimit, e.Kind);
    }

    [Fact]
    public void A_session_runs_normally_after_an_interrupted_call()
    {
        using var engine = TenantDbEngine.OpenInMemory(new EngineOptions
        {
            StatementTimeout = TimeSpan.FromMinutes(2),
            ProcedureLimits = new ProcedureLimits { Timeout = TimeSpan.FromMilliseconds(200) },
        });
        using var session = NewTenant(engine, WriteStallWrite);
        Assert.Throws<TenantDbException>(() => session.CallProcedure("p", [], NoRows.Instance));

        session.CreateProcedure("ok", [], [], Encoding.UTF8.GetBytes(StatementSequenceWat.Build([StatementSequenceWat.Step.Exec("INSERT INTO t VALUES (3)")])));
        session.CallProcedure("ok", [], NoRows.Instance);
        using (var s = session.Prepare("INSERT INTO t VALUES (4)")) s.ExecuteNonQuery();

        Assert.Equal(2, Count(session));
    }

    private static TenantSession NewTenant(TenantDbEngine engine, string[] statements, bool logBefore = false)
    {
        engine.CreateTenant("a");
        var session = engine.OpenSession("a");
        using (var s = session.Prepare("CREATE TABLE t(v INTEGER)")) s.ExecuteNonQuery();
        session.CreateProcedure("p", [], [], Encoding.UTF8.GetBytes(StatementSequenceWat.Build(Steps(statements, logBefore))));
        return session;
    }

    /// <summary>The statements as exec steps; with <paramref name="logBefore"/> each is preceded by logging "before N".</summary>
    private static IEnumerable<StatementSequenceWat.Step> Steps(string[] statements, bool logBefore)
    {
        for (int i = 0; i < statements.Length; i++)
        {
            if (logBefore) yield return StatementSequenceWat.Step.Log($"before {i}");
            yield return StatementSequenceWat.Step.Exec(statements[i]);
        }
    }

    private static long Count(TenantSession session)
    {
        using var s = session.Prepare("SELECT count(*) FROM t");
        using var r = s.ExecuteReader();
        Assert.True(r.Read());
        return r.GetInt64(0);
    }
}
