using Orleans;
using Orleans.Runtime;
using TenantDb.Cluster.Grains;

namespace TenantDb.Cluster.Hosting;

/// <summary>
/// The node-level admin operations, from any member or admin client of the cluster: list the nodes,
/// drain one (`tenantdb node list`, `tenantdb node drain`).
/// </summary>
public static class ClusterNodes
{
    /// <summary>The active nodes, ordered by their public endpoint.</summary>
    public static async Task<IReadOnlyList<NodeStatus>> ListAsync(IGrainFactory grains)
    {
        var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).ConfigureAwait(false);
        var statuses = await Task.WhenAll(hosts.Keys.Select(s => grains.GetGrain<INodeGrain>(s.ToParsableString()).GetStatusAsync())).ConfigureAwait(false);
        return [.. statuses.OrderBy(s => s.WireEndpoint, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Drains the node whose public endpoint ("address:port") or silo address is <paramref name="node"/>:
    /// every node stops placing tenants there, then its tenants move (their connections there close).
    /// Returns the node's status afterwards (no tenants, unless some did not move within <paramref name="timeout"/>).
    /// </summary>
    /// <exception cref="ArgumentException">No active node has that address.</exception>
    public static async Task<(int Moved, NodeStatus After)> DrainAsync(IGrainFactory grains, string node, TimeSpan timeout)
    {
        var nodes = await ListAsync(grains).ConfigureAwait(false);
        var target = nodes.FirstOrDefault(n => n.WireEndpoint == node || n.Silo == node)
            ?? throw new ArgumentException($"no active node \"{node}\"; nodes: {string.Join(", ", nodes.Select(n => n.WireEndpoint))}");
        await Task.WhenAll(nodes.Select(n => grains.GetGrain<INodeGrain>(n.Silo).MarkDrainingAsync(target.Silo))).ConfigureAwait(false);
        var drained = grains.GetGrain<INodeGrain>(target.Silo);
        var moved = await drained.DrainAsync(timeout).ConfigureAwait(false);
        return (moved, await drained.GetStatusAsync().ConfigureAwait(false));
    }
}
