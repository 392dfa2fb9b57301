using System.Diagnostics;
using TenantDb.Engine;
using TenantDb.Engine.Errors;

namespace TenantDb.Engine.Usage;

/// <summary>
/// The usage of one statement execution, counted in its reader and added once, when the execution
/// ends, to the tenant's counters, the engine's metrics and (past the threshold) the slow log. The
/// engine's own statements are not counted, and the CPU time of a procedure's statements is part of
/// its call's.
/// </summary>
/// <remarks>
/// A statement's CPU time is its elapsed time on the monotonic clock, from the start of its execution to
/// its end on the thread that started it. Reading the thread's CPU clock instead costs a system call
/// (<c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c> has no vDSO path), about 1-3 µs in a virtual machine,
/// twice per statement: more than a whole prepared point query in SQLite. The statement runs
/// synchronously on its thread, so the two differ only by the time the thread was preempted.
/// </remarks>
internal struct StatementUsage
{
    private TenantSession? _session;
    private long _started;
    private int _thread;

    /// <summary>Rows returned so far.</summary>
    public long Rows;

    public static StatementUsage Start(TenantSession session)
    {
        if (session.Guard.Trusted)
        {
            return default;
        }

        return new StatementUsage
        {
            _session = session,
            _started = Stopwatch.GetTimestamp(),

            // A procedure's statements are part of its call's CPU time.
            _thread = session.Guard.InCall ? 0 : Environment.CurrentManagedThreadId,
        };
    }

    /// <summary>Adds the execution to the tenant's counters and the metrics; later calls do nothing.</summary>
    public void Finish(long rowsWritten, TenantDbErrorKind? error, TenantStatement statement)
    {
        TenantSession? session = _session;
        if (session is null)
        {
            return;
        }

        _session = null;
        rowsWritten = Math.Max(0, rowsWritten);
        UsageCounters counters = session.UsageCounters;
        counters.Add(UsageFigure.Statements, 1);
        counters.Add(UsageFigure.RowsRead, Rows);
        counters.Add(UsageFigure.RowsWritten, rowsWritten);
        if (error is not null)
        {
            counters.Add(UsageFigure.Errors, 1);
        }

        TimeSpan elapsed = Stopwatch.GetElapsedTime(_started);

        // A reader finished on another thread (an asynchronous client) waited in between: not CPU time.
        if (_thread == Environment.CurrentManagedThreadId)
        {
            counters.Add(UsageFigure.CpuMicroseconds, (long)elapsed.TotalMicroseconds);
        }
        if (EngineMetrics.Statements.Enabled || EngineMetrics.StatementDuration.Enabled)
        {
            var tags = EngineMetrics.Tags(session);
            EngineMetrics.Statements.Add(1, tags);
            EngineMetrics.StatementDuration.Record(elapsed.TotalSeconds, tags);
            EngineMetrics.RowsRead.Add(Rows, tags);
            EngineMetrics.RowsWritten.Add(rowsWritten, tags);
            if (error is { } kind)
            {
                if (EngineMetrics.StatementLimit(kind) is { } limit)
                {
                    EngineMetrics.LimitTrip(tags, limit);
                }

                tags.Add("kind", kind.ToString());
                EngineMetrics.Errors.Add(1, tags);
            }
        }

        EngineOptions options = session.Options;
        if (options.SlowLog is { } slowLog && options.SlowThreshold > TimeSpan.Zero && elapsed >= options.SlowThreshold)
        {
            slowLog(new SlowOperation(session.Tenant, IsCall: false, elapsed, Rows, Fuel: 0, SlowOperation.Truncate(statement.Sql)));
        }
    }
}
