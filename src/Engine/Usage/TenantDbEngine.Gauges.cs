using TenantDb.Engine.Tenants;

namespace TenantDb.Engine;

public sealed partial class TenantDbEngine
{
    /// <summary>The number of tenants this engine serves.</summary>
    internal int TenantCount => _tenants.Count;

    /// <summary>Tenants whose database has a connection open (pooled or in use): the tenant files held open.</summary>
    internal int OpenTenantCount()
    {
        int open = 0;
        foreach (TenantStore store in _tenants.Values)
        {
            if (store.HasOpenConnections)
            {
                open++;
            }
        }

        return open;
    }

    /// <summary>The storage of every tenant (database file and write-ahead log, or memory pages), as the quota counts it.</summary>
    internal long TotalStorageBytes()
    {
        long total = 0;
        foreach (TenantStore store in _tenants.Values)
        {
            if (!store.Dropped)
            {
                total += StorageBytes(store);
            }
        }

        return total;
    }

    /// <summary>
    /// True when the tenant catalog answers a read now: what a readiness probe asks before traffic is
    /// sent to this server. False once the engine is disposed or the catalog cannot be read.
    /// </summary>
    public bool CatalogReadable() => !_disposed && _registry.CanRead();
}
