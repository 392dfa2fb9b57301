using System.Diagnostics;
using TenantDb.Engine.Errors;

namespace TenantDb.Engine.Usage;

/// <summary>
/// The usage of one procedure call: one call, its fuel and its CPU time (its statements' included),
/// added to the tenant's counters, the engine's metrics and (past the threshold) the slow log.
/// </summary>
internal readonly struct CallUsage
{
    private readonly TenantSession _session;
    private readonly long _cpuStart;
    private readonly long _started;

    private CallUsage(TenantSession session)
    {
        _session = session;
        _cpuStart = ThreadCpuClock.NowMicroseconds();
        _started = Stopwatch.GetTimestamp();
    }

    public static CallUsage Start(TenantSession session) => new(session);

    /// <summary>Adds the call; <paramref name="limit"/> names the limit that stopped it, if one did.</summary>
    public void Finish(string procedure, long fuelUsed, long rowsEmitted, TenantDbErrorKind? error, string? limit)
    {
        UsageCounters counters = _session.UsageCounters;
        counters.Add(UsageFigure.Calls, 1);
        counters.Add(UsageFigure.Fuel, fuelUsed);
        counters.Add(UsageFigure.CpuMicroseconds, ThreadCpuClock.NowMicroseconds() - _cpuStart);
        if (error is not null)
        {
            counters.Add(UsageFigure.Errors, 1);
        }

        TimeSpan elapsed = Stopwatch.GetElapsedTime(_started);
        if (EngineMetrics.Calls.Enabled || EngineMetrics.CallDuration.Enabled)
        {
            var tags = EngineMetrics.Tags(_session);
            EngineMetrics.Calls.Add(1, tags);
            EngineMetrics.Fuel.Add(fuelUsed, tags);
            EngineMetrics.RowsEmitted.Add(rowsEmitted, tags);
            EngineMetrics.CallDuration.Record(elapsed.TotalSeconds, tags);
            if (error is { } kind)
            {
                // A call's own limits, or a limit its statements hit (the tenant's quota, a size).
                if ((limit ?? EngineMetrics.StatementLimit(kind)) is { } tripped)
                {
                    EngineMetrics.LimitTrip(tags, tripped);
                }

                tags.Add("kind", kind.ToString());
                EngineMetrics.Errors.Add(1, tags);
            }
        }

        EngineOptions options = _session.Options;
        if (options.SlowLog is { } slowLog && options.SlowThreshold > TimeSpan.Zero && elapsed >= options.SlowThreshold)
        {
            slowLog(new SlowOperation(_session.Tenant, IsCall: true, elapsed, rowsEmitted, fuelUsed, procedure));
        }
    }
}
