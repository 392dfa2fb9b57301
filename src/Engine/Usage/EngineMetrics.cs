using System.Diagnostics;
using System.Diagnostics.Metrics;
using TenantDb.Engine.Errors;

namespace TenantDb.Engine.Usage;

/// <summary>
/// The engine's instruments on the process's one TenantDb <see cref="Meter"/>. Without a listener
/// (no exporter configured) recording costs a check of <see cref="Instrument.Enabled"/>. A tenant label
/// is added only for tenants on <see cref="EngineOptions.MetricsTenantLabels"/>, so the number of
/// series stays bounded by that list whatever tenants do; every other tag takes its values from a
/// fixed set in this code (error kinds, limit names, hit or miss).
/// </summary>
internal static class EngineMetrics
{
    public static readonly Counter<long> Statements = TenantDbMeter.Meter.CreateCounter<long>("tenantdb.statements", "{statement}", "SQL statements executed");
    public static readonly Counter<long> Errors = TenantDbMeter.Meter.CreateCounter<long>("tenantdb.errors", "{error}", "Statements and calls that failed, by error kind");
    public static readonly Histogram<double> StatementDuration = TenantDbMeter.Meter.CreateHistogram<double>("tenantdb.statement.duration", "s", "Time from a statement's start to its last row");
    public static readonly Counter<long> RowsRead = TenantDbMeter.Meter.CreateCounter<long>("tenantdb.rows.read", "{row}", "Rows returned by statements");
    public static readonly Counter<long> RowsWritten = TenantDbMeter.Meter.CreateCounter<long>("tenantdb.rows.written", "{row}", "Rows inserted, updated or deleted");
    public static readonly Counter<long> Calls = TenantDbMeter.Meter.CreateCounter<long>("tenantdb.procedure.calls", "{call}", "Stored-procedure calls");
    public static readonly Counter<long> Fuel = TenantDbMeter.Meter.CreateCounter<long>("tenantdb.procedure.fuel", "{fuel}", "Fuel used by procedure calls");
    public static readonly Counter<long> RowsEmitted = TenantDbMeter.Meter.CreateCounter<long>("tenantdb.procedure.rows.emitted", "{row}", "Rows procedure calls returned to their callers");
    public static readonly Histogram<double> CallDuration = TenantDbMeter.Meter.CreateHistogram<double>("tenantdb.procedure.duration", "s", "Duration of procedure calls");
    public static readonly Counter<long> LimitTrips = TenantDbMeter.Meter.CreateCounter<long>("tenantdb.limit.trips", "{trip}", "Statements and calls stopped by a limit, by limit");
    public static readonly Histogram<double> CompileDuration = TenantDbMeter.Meter.CreateHistogram<double>("tenantdb.procedure.compile.duration", "s", "Time to compile a procedure module to machine code");
    public static readonly Counter<long> CodeCache = TenantDbMeter.Meter.CreateCounter<long>("tenantdb.procedure.code_cache", "{lookup}", "Calls that found their compiled code (result=hit) or compiled it (result=miss)");

    /// <summary>The tags of a measurement for <paramref name="session"/>'s tenant: its name if it is on the allow-list, else none.</summary>
    public static TagList Tags(TenantSession session)
    {
        var tags = default(TagList);
        if (session.Options.MetricsTenantLabels is { } allowed && allowed.Contains(session.Tenant))
        {
            tags.Add("tenant", session.Tenant);
        }

        return tags;
    }

    /// <summary>Counts a trip of <paramref name="limit"/> (a name from this code, never tenant text).</summary>
    public static void LimitTrip(TagList tags, string limit)
    {
        if (!LimitTrips.Enabled)
        {
            return;
        }

        tags.Add("limit", limit);
        LimitTrips.Add(1, tags);
    }

    /// <summary>The limit a statement error of <paramref name="kind"/> is a trip of, or null when it is none.</summary>
    public static string? StatementLimit(TenantDbErrorKind kind) => kind switch
    {
        TenantDbErrorKind.Timeout => "statement_timeout",
        TenantDbErrorKind.QuotaExceeded => "storage_quota",
        TenantDbErrorKind.TooBig => "size",
        _ => null,
    };

    /// <summary>A code-cache lookup that found compiled code.</summary>
    public static void CodeCacheHit() => CodeCache.Add(1, new KeyValuePair<string, object?>("result", "hit"));

    /// <summary>A code-cache lookup that had to compile.</summary>
    public static void CodeCacheMiss() => CodeCache.Add(1, new KeyValuePair<string, object?>("result", "miss"));
}
