using TenantDb.Engine.Errors;
using TenantDb.Engine.Tenants;
using TenantDb.Engine.Usage;

namespace TenantDb.Engine;

public sealed partial class TenantDbEngine
{
    private UsageLedger? _usageLedger;
    private Timer? _usageTimer;
    private readonly Lock _usageFlushLock = new();

    /// <summary>
    /// The usage of <paramref name="tenant"/> since it was created: calls, fuel, CPU time, rows, bytes,
    /// errors and its storage size. What this engine counted is included even before it is written to
    /// the catalog.
    /// </summary>
    /// <exception cref="TenantDbException">UnknownTenant.</exception>
    public TenantUsage GetUsage(string tenant)
    {
        TenantStore store = GetStore(tenant);
        long[] totals = (long[])PersistedUsage(store).Clone();
        for (int i = 0; i < totals.Length; i++)
        {
            totals[i] += store.Usage.Pending((UsageFigure)i);
        }

        return new TenantUsage(tenant, totals, StorageBytes(store));
    }

    /// <summary>Adds the usage counted so far to the totals in the catalog (also done periodically and at Dispose).</summary>
    public void FlushUsage()
    {
        lock (_usageFlushLock)
        {
            // Null once the engine stopped accounting: a timer callback that was already on its way ends here.
            if (_usageLedger is not { } ledger)
            {
                return;
            }

            Span<long> taken = stackalloc long[UsageCounters.Count];
            foreach (TenantStore store in _tenants.Values)
            {
                if (!store.Usage.TakeAll(taken))
                {
                    continue;
                }

                try
                {
                    store.Usage.Persisted = ledger.Add(store.Name, taken);
                }
                catch (Microsoft.Data.Sqlite.SqliteException)
                {
                    // The catalog is busy (another process writing): keep the amounts for the next flush.
                    store.Usage.Return(taken);
                }
            }
        }
    }

    private void StartUsageAccounting()
    {
        _usageLedger = new UsageLedger(_locator.RegistryConnectionString);
        TimeSpan interval = _options.UsageFlushInterval;
        if (interval > TimeSpan.Zero)
        {
            _usageTimer = new Timer(_ => FlushUsage(), null, interval, interval);
        }
    }

    private void StopUsageAccounting()
    {
        _usageTimer?.Dispose();
        FlushUsage();
        lock (_usageFlushLock)
        {
            _usageLedger?.Dispose();
            _usageLedger = null;
        }
    }

    private long[] PersistedUsage(TenantStore store)
    {
        if (store.Usage.Persisted is { } known)
        {
            return known;
        }

        lock (_usageFlushLock)
        {
            ObjectDisposedException.ThrowIf(_usageLedger is null, this);
            return store.Usage.Persisted ??= _usageLedger.Load(store.Name);
        }
    }

    // The database file and its write-ahead log, as the quota counts them.
    private static long StorageBytes(TenantStore store) =>
        store.Quota.DatabaseFile is { } file ? FileLength(file) + FileLength(store.Quota.WalFile!) : 0;

    private static long FileLength(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? info.Length : 0;
    }
}
