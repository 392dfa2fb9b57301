using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace TenantDb.Engine.Usage;

/// <summary>
/// The observable gauges of the TenantDb meter: tenants, tenants with open files, storage bytes. They
/// are read when a listener collects (a scrape), never on a query's path. A process may hold several
/// engines over one data directory (a server re-opens the catalog when another process creates a
/// tenant), so each data directory is counted once, by the engine opened last over it.
/// </summary>
internal static class EngineGauges
{
    private static readonly ConcurrentDictionary<TenantDbEngine, long> Live = new();
    private static long s_opened;

    static EngineGauges()
    {
        TenantDbMeter.Meter.CreateObservableGauge("tenantdb.tenants", () => Sum(e => e.TenantCount), "{tenant}", "Tenants the engine serves");
        TenantDbMeter.Meter.CreateObservableGauge("tenantdb.tenants.open", () => Sum(e => e.OpenTenantCount()), "{tenant}", "Tenants whose database file is open (a pooled or in-use connection)");
        TenantDbMeter.Meter.CreateObservableGauge("tenantdb.storage", () => Sum(e => e.TotalStorageBytes()), "By", "Bytes of all tenants' databases and write-ahead logs (pages for in-memory tenants)");
    }

    /// <summary>Counts <paramref name="engine"/> from now on.</summary>
    public static void Add(TenantDbEngine engine) => Live[engine] = Interlocked.Increment(ref s_opened);

    /// <summary>Stops counting <paramref name="engine"/> (disposed).</summary>
    public static void Remove(TenantDbEngine engine) => Live.TryRemove(engine, out _);

    private static long Sum(Func<TenantDbEngine, long> figure)
    {
        var newest = new Dictionary<string, (TenantDbEngine Engine, long Opened)>(StringComparer.Ordinal);
        long total = 0;
        foreach (var (engine, opened) in Live)
        {
            if (engine.DataDirectory is not { } directory)
            {
                total += figure(engine);
            }
            else if (!newest.TryGetValue(directory, out var known) || known.Opened < opened)
            {
                newest[directory] = (engine, opened);
            }
        }

        foreach (var (engine, _) in newest.Values)
        {
            total += figure(engine);
        }

        return total;
    }
}
