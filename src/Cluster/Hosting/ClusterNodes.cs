using Orleans;
using Orleans.Runtime;
using TenantDb.Cluster.Grains;

namespace TenantDb.Cluster.Hosting;

/// <summary>
/// The node-level admin operations, from any member or admin client of the cluster: list the nodes,
/// drain one, undrain it (`tenantdb node list`, `tenantdb node drain`, `tenantdb node undrain`).
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
        var target = Find(nodes, node);
        await Task.WhenAll(nodes.Select(n => grains.GetGrain<INodeGrain>(n.Silo).MarkDrainingAsync(target.Silo))).ConfigureAwait(false);
        var drained = grains.GetGrain<INodeGrain>(target.Silo);
        var moved = await drained.DrainAsync(timeout).ConfigureAwait(false);
        return (moved, await drained.GetStatusAsync().ConfigureAwait(false));
    }

    /// <summary>
    /// Ends the drain of node <paramref name="node"/>: every node may place tenants there again, and
    /// the node pulls its share of the active tenants (as a joining node does). Returns how many
    /// tenants it asked for and its status afterwards.
    /// </summary>
    /// <exception cref="ArgumentException">No active node has that address.</exception>
    public static async Task<(int Pulled, NodeStatus After)> UndrainAsync(IGrainFactory grains, string node)
    {
        var nodes = await ListAsync(grains).ConfigureAwait(false);
        var target = Find(nodes, node);
        await Task.WhenAll(nodes.Select(n => grains.GetGrain<INodeGrain>(n.Silo).UnmarkDrainingAsync(target.Silo))).ConfigureAwait(false);
        var undrained = grains.GetGrain<INodeGrain>(target.Silo);
        var pulled = await undrained.UndrainAsync().ConfigureAwait(false);
        return (pulled, await undrained.GetStatusAsync().ConfigureAwait(false));
    }

    private static NodeStatus Find(IReadOnlyList<NodeStatus> nodes, string node) =>
        nodes.FirstOrDefault(n => n.WireEndpoint == node || n.Silo == node)
        ?? throw new ArgumentException($"no active node \"{node}\"; nodes: {string.Join(", ", nodes.Select(n => n.WireEndpoint))}");
}
