namespace TenantDb.Engine.Usage;

/// <summary>
/// The usage of one statement execution, counted in its reader and added to the tenant's counters once,
/// when the execution ends. The engine's own statements are not counted, and the CPU time of a
/// procedure's statements is part of its call's.
/// </summary>
internal struct StatementUsage
{
    private UsageCounters? _counters;
    private long _cpuStart;
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
            _counters = session.UsageCounters,
            _cpuStart = timed ? ThreadCpuClock.NowMicroseconds() : -1,
            _thread = timed ? Environment.CurrentManagedThreadId : 0,
        };
    }

    /// <summary>Adds the execution to the tenant's counters; later calls do nothing.</summary>
    public void Finish(long rowsWritten, bool failed)
    {
        UsageCounters? counters = _counters;
        if (counters is null)
        {
            return;
        }

        _counters = null;
        counters.Add(UsageFigure.Statements, 1);
        counters.Add(UsageFigure.RowsRead, Rows);
        counters.Add(UsageFigure.RowsWritten, Math.Max(0, rowsWritten));
        if (failed)
        {
            counters.Add(UsageFigure.Errors, 1);
        }

        // A reader finished on another thread (an asynchronous client) has no meaningful thread CPU delta.
        if (_cpuStart >= 0 && _thread == Environment.CurrentManagedThreadId)
        {
            counters.Add(UsageFigure.CpuMicroseconds, ThreadCpuClock.NowMicroseconds() - _cpuStart);
        }
    }
}
