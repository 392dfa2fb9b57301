namespace TenantDb.Engine.Usage;

/// <summary>The usage of one procedure call: one call, its fuel and its CPU time (its statements' included).</summary>
internal readonly struct CallUsage
{
    private readonly UsageCounters _counters;
    private readonly long _cpuStart;

    private CallUsage(UsageCounters counters, long cpuStart)
    {
        _counters = counters;
        _cpuStart = cpuStart;
    }

    public static CallUsage Start(TenantSession session) => new(session.UsageCounters, ThreadCpuClock.NowMicroseconds());

    public void Finish(long fuelUsed, bool failed)
    {
        _counters.Add(UsageFigure.Calls, 1);
        _counters.Add(UsageFigure.Fuel, fuelUsed);
        _counters.Add(UsageFigure.CpuMicroseconds, ThreadCpuClock.NowMicroseconds() - _cpuStart);
        if (failed)
        {
            _counters.Add(UsageFigure.Errors, 1);
        }
    }
}
