using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TenantDb.Engine.Errors;
using TenantDb.Engine.Procedures;
using TenantDb.TestKit;

namespace TenantDb.Engine.Tests.Procedures;

/// <summary>
/// A call is one transaction even when a trigger's RAISE(ROLLBACK) makes SQLite end that transaction
/// in the middle of the call: the call fails as a whole and none of its later statements commits on
/// its own in autocommit.
/// </summary>
public sealed class CallAtomicityTests : IDisposable
{
    private const string Setup = """
        CREATE TABLE t(v INTEGER);
        CREATE TABLE to_rollback(x);
        CREATE TRIGGER r BEFORE INSERT ON to_rollback BEGIN SELECT RAISE(ROLLBACK, 'rolled back by trigger'); END;
        CREATE TABLE to_abort(x);
        CREATE TRIGGER a BEFORE INSERT ON to_abort BEGIN SELECT RAISE(ABORT, 'aborted by trigger'); END;
        CREATE TABLE to_fail(x);
        CREATE TRIGGER f BEFORE INSERT ON to_fail WHEN new.x = 2 BEGIN SELECT RAISE(FAIL, 'failed by trigger'); END
        """;

    private readonly TenantDbEngine _engine = TenantDbEngine.OpenInMemory(new EngineOptions
    {
        ProcedureLimits = new ProcedureLimits { Timeout = TimeSpan.FromSeconds(30) },
    });

    private int _tenants;

    public void Dispose() => _engine.Dispose();

    /// <summary>One statement of a procedure: what it runs and what it does to the call.</summary>
    public enum Op
    {
        InsertT,
        RaiseRollback,
        RaiseAbort,
        RaiseFail,
    }

    private static string Sql(Op op) => op switch
    {
        Op.InsertT => "INSERT INTO t VALUES (1)",
        Op.RaiseRollback => "INSERT INTO to_rollback VALUES (1)",
        Op.RaiseAbort => "INSERT INTO to_abort VALUES (1)",
        _ => "INSERT INTO to_fail VALUES (1), (2), (3)",
    };

    [Fact]
    public void Raise_rollback_fails_the_call_and_no_later_write_commits()
    {
        using var session = NewTenant();
        Create(session, "p", [Op.InsertT, Op.RaiseRollback, Op.InsertT]);

        var e = Assert.Throws<TenantDbException>(() => session.CallProcedure("p", [], NoRows.Instance));

        Assert.Equal(TenantDbErrorKind.Constraint, e.Kind);
        Assert.Contains("rolled back by trigger", e.Message, StringComparison.Ordinal);
        Assert.False(session.InTransaction);
        Assert.Equal(0, Count(session, "SELECT count(*) FROM t"));
    }

    [Fact]
    public void Raise_rollback_inside_a_client_transaction_ends_it_and_the_error_says_so()
    {
        using var session = NewTenant();
        Create(session, "p", [Op.InsertT, Op.RaiseRollback, Op.InsertT]);
        session.Begin();
        Run(session, "INSERT INTO t VALUES (100)");

        var e = Assert.Throws<TenantDbException>(() => session.CallProcedure("p", [], NoRows.Instance));

        Assert.Contains("enclosing transaction was rolled back", e.Message, StringComparison.Ordinal);
        Assert.False(session.InTransaction);
        Assert.Equal(0, Count(session, "SELECT count(*) FROM t"));
    }

    [Fact]
    public void Raise_abort_and_fail_leave_the_call_transaction_open_for_the_procedure_to_go_on()
    {
        using var session = NewTenant();
        Create(session, "p", [Op.InsertT, Op.RaiseAbort, Op.RaiseFail, Op.InsertT]);

        session.CallProcedure("p", [], NoRows.Instance);

        Assert.Equal(2, Count(session, "SELECT count(*) FROM t"));
        Assert.Equal(0, Count(session, "SELECT count(*) FROM to_abort"));
        // RAISE(FAIL) keeps the rows its statement wrote before the failing one, as SQLite documents.
        Assert.Equal(1, Count(session, "SELECT count(*) FROM to_fail"));
    }

    /// <summary>
    /// Any sequence of writes and trigger raises, in its own transaction or inside the client's:
    /// with a RAISE(ROLLBACK) anywhere the call fails and nothing of it (nor of the enclosing
    /// transaction) remains; without one the call commits every write it made.
    /// </summary>
    [Property(MaxTest = 40)]
    public Property A_call_is_all_or_nothing(Op[] ops, bool insideClientTransaction)
    {
        ops ??= [];
        using var session = NewTenant();
        Create(session, "p", ops);
        if (insideClientTransaction)
        {
            session.Begin();
            Run(session, "INSERT INTO t VALUES (100)");
        }

        bool rollsBack = ops.Contains(Op.RaiseRollback);
        int writes = ops.Count(o => o == Op.InsertT);
        bool failed = false;
        try
        {
            session.CallProcedure("p", [], NoRows.Instance);
        }
        catch (TenantDbException)
        {
            failed = true;
        }

        bool stillInTransaction = session.InTransaction;
        if (session.InTransaction) session.Commit();
        long rows = Count(session, "SELECT count(*) FROM t WHERE v = 1");
        long clientRows = Count(session, "SELECT count(*) FROM t WHERE v = 100");
        return (failed == rollsBack).Label("the call fails exactly when a statement rolls its transaction back")
            .And((rows == (rollsBack ? 0 : writes)).Label($"rows of the call: {rows}"))
            .And((stillInTransaction == (insideClientTransaction && !rollsBack)).Label("client transaction state"))
            .And((clientRows == (insideClientTransaction && !rollsBack ? 1 : 0)).Label($"rows of the client: {clientRows}"));
    }

    private TenantSession NewTenant()
    {
        string name = "atom" + Interlocked.Increment(ref _tenants);
        _engine.CreateTenant(name);
        var session = _engine.OpenSession(name);
        foreach (string sql in Setup.Split(";\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            Run(session, sql);
        }
        return session;
    }

    private static void Create(TenantSession session, string name, IEnumerable<Op> ops) =>
        session.CreateProcedure(name, [], [], Encoding.UTF8.GetBytes(StatementSequenceWat.Build(ops.Select(Sql).Select(StatementSequenceWat.Step.Exec))));

    private static void Run(TenantSession session, string sql)
    {
        using var s = session.Prepare(sql);
        s.ExecuteNonQuery();
    }

    private static long Count(TenantSession session, string sql)
    {
        using var s = session.Prepare(sql);
        using var r = s.ExecuteReader();
        Assert.True(r.Read());
        return r.GetInt64(0);
    }
}
