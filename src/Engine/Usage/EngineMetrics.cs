using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace TenantDb.Engine.Usage;

/// <summary>
/// The engine's instruments on the process's one TenantDb <see cref="Meter"/>. Without a listener
/// (no exporter configured) recording costs a check of <see cref="Instrument.Enabled"/>. A tenant label
/// is added only for tenants on <see cref="EngineOptions.MetricsTenantLabels"/>, so the number of
/// series stays bounded by that list whatever tenants do.
/// </summary>
internal static class EngineMetrics
{
    public static readonly Counter<long> Statements = TenantDbMeter.Meter.CreateCounter<long>("tenantdb.statements", "{statement}", "SQL statements executed");
    public static readonly Counter<long> Errors = TenantDbMeter.Meter.CreateCounter<long>("tenantdb.errors", "{error}", "Statements and calls that failed, by error kind (limit trips are the kinds ProcedureLimit, TooBig, Timeout and QuotaExceeded)");
    public static readonly Histogram<double> StatementDuration = TenantDbMeter.Meter.CreateHistogram<double>("tenantdb.statement.duration", "s", "Time from a statement's start to its last row");
    public static readonly Counter<long> RowsRead = TenantDbMeter.Meter.CreateCounter<long>("tenantdb.rows.read", "{row}", "Rows returned by statements");
    public static readonly Counter<long> RowsWritten = TenantDbMeter.Meter.CreateCounter<long>("tenantdb.rows.written", "{row}", "Rows inserted, updated or deleted");
    public static readonly Counter<long> Calls = TenantDbMeter.Meter.CreateCounter<long>("tenantdb.procedure.calls", "{call}", "Stored-procedure calls");
    public static readonly Counter<long> Fuel = TenantDbMeter.Meter.CreateCounter<long>("tenantdb.procedure.fuel", "{fuel}", "Fuel used by procedure calls");
    public static readonly Histogram<double> CallDuration = TenantDbMeter.Meter.CreateHistogram<double>("tenantdb.procedure.duration", "s", "Duration of procedure calls");

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
}
