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
internal struct StatementUsage
{
    private TenantSession? _session;
    private long _cpuStart;
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

        bool timed = !session.Guard.InCall;
        return new StatementUsage
        {
            _session = session,
            _started = Stopwatch.GetTimestamp(),
            _cpuStart = timed ? ThreadCpuClock.NowMicroseconds() : -1,
            _thread = timed ? Environment.CurrentManagedThreadId : 0,
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

        // A reader finished on another thread (an asynchronous client) has no meaningful thread CPU delta.
        if (_cpuStart >= 0 && _thread == Environment.CurrentManagedThreadId)
        {
            counters.Add(UsageFigure.CpuMicroseconds, ThreadCpuClock.NowMicroseconds() - _cpuStart);
        }

        TimeSpan elapsed = Stopwatch.GetElapsedTime(_started);
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
