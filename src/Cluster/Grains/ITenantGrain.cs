using Orleans;
using Orleans.Concurrency;
using TenantDb.Cluster.MapReduce;

namespace TenantDb.Cluster.Grains;

/// <summary>
/// A tenant as an Orleans grain. Its single activation lives on the node that owns the tenant's SQLite
/// file (the activation holds the file's fence); gateways ask it once per connection where to send
/// the connection, never per message.
/// </summary>
[Alias("TenantDb.Cluster.ITenantGrain")]
public interface ITenantGrain : IGrainWithStringKey
{
    /// <summary>The owner node's public PostgreSQL endpoint ("address:port").</summary>
    [Alias("GetOwnerEndpoint"), AlwaysInterleave]
    Task<string> GetOwnerEndpointAsync();

    /// <summary>
    /// Runs stored procedure <paramref name="procedure"/> in this tenant on its owner node, under the
    /// tenant's own limits, waiting for one of the node's map slots; returns the rows or the error.
    /// </summary>
    [Alias("Map")]
    Task<TenantMapResult> MapAsync(string procedure, MapValue[] arguments, CancellationToken cancellationToken);

    /// <summary>
    /// This tenant's stored procedure <paramref name="procedure"/> (signature and module), read on its
    /// owner node: how the map-reduce coordinator gets a reduce procedure. Operator-only like every
    /// grain call (only cluster clients reach grains; tenants reach nodes through the wire protocol).
    /// </summary>
    [Alias("ReadProcedureModule")]
    Task<ReduceModule> ReadProcedureModuleAsync(string procedure);

    /// <summary>
    /// Moves the tenant off its current node once this call returns: its connections there close, its
    /// fence is released, and it activates on node <paramref name="toSilo"/> (a silo address), or where
    /// placement chooses when null.
    /// </summary>
    [Alias("Move")]
    Task MoveAsync(string? toSilo);
}
