using Orleans;

namespace TenantDb.Cluster.Grains;

/// <summary>
/// One node's control grain, keyed by the node's silo address and pinned to that node: what it owns,
/// and the operations that move tenants off it (drain, shedding to a new node) or back (undrain).
/// </summary>
[Alias("TenantDb.Cluster.INodeGrain")]
public interface INodeGrain : IGrainWithStringKey
{
    [Alias("GetStatus")]
    Task<NodeStatus> GetStatusAsync();

    /// <summary>Names of the tenants this node owns now.</summary>
    [Alias("GetTenants")]
    Task<string[]> GetTenantsAsync();

    /// <summary>Records that node <paramref name="silo"/> is draining: this node places no tenant there any more.</summary>
    [Alias("MarkDraining")]
    Task MarkDrainingAsync(string silo);

    /// <summary>Records that node <paramref name="silo"/> is no longer draining: this node may place tenants there again.</summary>
    [Alias("UnmarkDraining")]
    Task UnmarkDrainingAsync(string silo);

    /// <summary>
    /// Ends this node's drain: it accepts tenants again and pulls its share of the active tenants, as a
    /// joining node does; returns how many it asked for. Call <see cref="UnmarkDrainingAsync"/> on every
    /// node first.
    /// </summary>
    [Alias("Undrain")]
    Task<int> UndrainAsync();

    /// <summary>
    /// Moves every tenant off this node (closing their connections here) and refuses new ones; returns
    /// how many tenants were moved. Call <see cref="MarkDrainingAsync"/> on every node first.
    /// </summary>
    [Alias("Drain")]
    Task<int> DrainAsync(TimeSpan timeout);

    /// <summary>Moves up to <paramref name="count"/> tenants, those with the fewest connections first, to node <paramref name="toSilo"/>; returns how many.</summary>
    [Alias("Shed")]
    Task<int> ShedAsync(int count, string toSilo);
}
