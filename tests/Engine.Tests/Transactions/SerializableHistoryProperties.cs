using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TenantDb.Engine;
using TenantDb.Engine.Errors;
using TenantDb.TestKit;

namespace TenantDb.Engine.Tests.Transactions;

/// <summary>
/// A model check of the transaction semantics: several sessions of one tenant run random transactions
/// (reads and read-modify-writes of a few keys, then COMMIT or ROLLBACK) in a random interleaving. The
/// committed ones must be equivalent to running them one after the other in commit order: every value
/// a writer read is the value that serial order gives at its commit, every value a read-only
/// transaction read is the state after the commits before its snapshot, and the store ends equal to
/// the serial result. The only failures allowed are 40001 (stale snapshot) and 55P03 (the write lock
/// is taken; the lock timeout is zero, so a blocked writer fails at once instead of waiting for a
/// session that this single-threaded schedule would only run later).
/// </summary>
public sealed class SerializableHistoryProperties : IDisposable
{
    private const int Keys = 3;

    private readonly TempDirectory _directory = TempDirectory.ForDatabases();
    private readonly TenantDbEngine _engine;
    private int _case;

    public SerializableHistoryProperties()
    {
        _engine = TenantDbEngine.Open(_directory.Path, new EngineOptions { BusyTimeout = TimeSpan.Zero });
    }

    public void Dispose()
    {
        _engine.Dispose();
        _directory.Dispose();
    }

    [Property(MaxTest = 60)]
    public Property Committed_transactions_equal_their_serial_execution_in_commit_order() =>
        Prop.ForAll(Schedules(), schedule =>
        {
            string tenant = "h" + Interlocked.Increment(ref _case);
            _engine.CreateTenant(tenant);
            try
            {
                return Check(tenant, schedule.Sessions, schedule.Steps);
            }
            finally
            {
                _engine.DropTenant(tenant);
            }
        });

    private Property Check(string tenant, int sessionCount, Step[] steps)
    {
        using (TenantSession setup = _engine.OpenSession(tenant))
        {
            Exec(setup, "CREATE TABLE kv (k INTEGER PRIMARY KEY, v INTEGER NOT NULL)");
            Exec(setup, "INSERT INTO kv VALUES (0, 0), (1, 0), (2, 0)");
        }

        var sessions = new TenantSession[sessionCount];
        var open = new Transaction?[sessionCount];
        var committed = new List<Transaction>();
        // states[i]: the store after the first i committed writers, in commit order.
        var states = new List<long[]> { new long[Keys] };
        long delta = 0;
        try
        {
            for (int i = 0; i < sessionCount; i++)
            {
                sessions[i] = _engine.OpenSession(tenant);
            }

            foreach (Step step in steps)
            {
                TenantSession session = sessions[step.Session];
                Transaction? transaction = open[step.Session];
                try
                {
                    switch (step.Kind)
                    {
                        case StepKind.Read:
                            transaction ??= Start(session, open, step.Session);
                            transaction.SnapshotCommits ??= states.Count - 1;
                            transaction.Operations.Add(new Operation(step.Key, Read(session, step.Key), IsWrite: false));
                            break;
                        case StepKind.Write:
                            transaction ??= Start(session, open, step.Session);
                            transaction.SnapshotCommits ??= states.Count - 1;
                            long add = ++delta;
                            Add(session, step.Key, add);
                            transaction.Operations.Add(new Operation(step.Key, add, IsWrite: true));
                            break;
                        case StepKind.Commit when transaction is not null:
                            session.Commit();
                            open[step.Session] = null;
                            committed.Add(transaction);
                            if (transaction.Writes)
                            {
                                transaction.CommitIndex = states.Count - 1;
                                states.Add(Apply(states[^1], transaction));
                            }

                            break;
                        case StepKind.Rollback when transaction is not null:
                            session.Rollback();
                            open[step.Session] = null;
                            break;
                    }
                }
                catch (TenantDbException e) when (e.SqlState is "40001" or "55P03")
                {
                    // The transaction is aborted, as a PostgreSQL client would see it: roll back and forget it.
                    session.Rollback();
                    open[step.Session] = null;
                    if (session.HoldsWriteLock)
                    {
                        return false.Label($"session {step.Session} still holds the write lock after rolling back a failed transaction");
                    }
                }
            }

            for (int i = 0; i < sessionCount; i++)
            {
                sessions[i].Rollback();
                if (sessions[i].HoldsWriteLock)
                {
                    return false.Label($"session {i} holds the write lock with no transaction open");
                }
            }

            string? problem = CheckReads(committed, states);
            if (problem is not null)
            {
                return false.Label(problem);
            }

            long[] final = ReadAll(sessions[0]);
            return final.SequenceEqual(states[^1])
                .Label($"store [{string.Join(", ", final)}] but serial order gives [{string.Join(", ", states[^1])}]");
        }
        finally
        {
            foreach (TenantSession? session in sessions)
            {
                session?.Dispose();
            }
        }
    }

    private static Transaction Start(TenantSession session, Transaction?[] open, int index)
    {
        session.Begin();
        return open[index] = new Transaction();
    }

    // Replays each committed transaction on the state serial order gives it: at its commit for a
    // writer, at its snapshot for a reader; its own earlier writes count for its later reads.
    private static string? CheckReads(List<Transaction> committed, List<long[]> states)
    {
        foreach (Transaction transaction in committed)
        {
            int at = transaction.Writes ? transaction.CommitIndex : transaction.SnapshotCommits ?? 0;
            long[] seen = (long[])states[at].Clone();
            foreach (Operation operation in transaction.Operations)
            {
                if (operation.IsWrite)
                {
                    seen[operation.Key] += operation.Value;
                }
                else if (seen[operation.Key] != operation.Value)
                {
                    return $"a transaction committed as number {at} read {operation.Value} for key {operation.Key}; serial order gives {seen[operation.Key]}";
                }
            }
        }

        return null;
    }

    private static long[] Apply(long[] before, Transaction transaction)
    {
        long[] after = (long[])before.Clone();
        foreach (Operation operation in transaction.Operations)
        {
            if (operation.IsWrite)
            {
                after[operation.Key] += operation.Value;
            }
        }

        return after;
    }

    private static long Read(TenantSession session, int key)
    {
        using TenantStatement statement = session.Prepare("SELECT v FROM kv WHERE k = ?1");
        statement.BindInt64(0, key);
        using TenantReader reader = statement.ExecuteReader();
        return reader.Read() ? reader.GetInt64(0) : throw new InvalidOperationException("key missing");
    }

    private static void Add(TenantSession session, int key, long add)
    {
        using TenantStatement statement = session.Prepare("UPDATE kv SET v = v + ?2 WHERE k = ?1");
        statement.BindInt64(0, key);
        statement.BindInt64(1, add);
        statement.ExecuteNonQuery();
    }

    private static long[] ReadAll(TenantSession session)
    {
        var values = new long[Keys];
        for (int k = 0; k < Keys; k++)
        {
            values[k] = Read(session, k);
        }

        return values;
    }

    private static void Exec(TenantSession session, string sql)
    {
        using TenantStatement statement = session.Prepare(sql);
        statement.ExecuteNonQuery();
    }

    private static Arbitrary<Schedule> Schedules()
    {
        Gen<Schedule> schedule =
            from sessions in Gen.Choose(3, 4)
            from steps in Gen.Sized(size => Gen.ArrayOf(StepFor(sessions), Math.Clamp(size, 10, 60)))
            select new Schedule(sessions, steps);
        return Arb.From(schedule);
    }

    private static Gen<Step> StepFor(int sessions) =>
        from session in Gen.Choose(0, sessions - 1)
        from kind in Gen.Frequency((4, Gen.Constant(StepKind.Read)), (3, Gen.Constant(StepKind.Write)), (2, Gen.Constant(StepKind.Commit)), (1, Gen.Constant(StepKind.Rollback)))
        from key in Gen.Choose(0, Keys - 1)
        select new Step(session, kind, key);

    public enum StepKind
    {
        Read,
        Write,
        Commit,
        Rollback,
    }

    public sealed record Step(int Session, StepKind Kind, int Key);

    public sealed record Schedule(int Sessions, Step[] Steps)
    {
        public override string ToString() =>
            $"{Sessions} sessions: " + string.Join(" ", Steps.Select(s => $"s{s.Session}:{s.Kind}{(s.Kind is StepKind.Read or StepKind.Write ? s.Key.ToString(System.Globalization.CultureInfo.InvariantCulture) : "")}"));
    }

    private sealed record Operation(int Key, long Value, bool IsWrite);

    private sealed class Transaction
    {
        public List<Operation> Operations { get; } = [];

        public int? SnapshotCommits { get; set; }

        public int CommitIndex { get; set; }

        public bool Writes => Operations.Exists(o => o.IsWrite);
    }
}
