using Microsoft.Extensions.Logging;
using Orleans;
using TenantDb.Cluster.Grains;
using TenantDb.Cluster.Hosting;

namespace TenantDb.Cluster.Placement;

/// <summary>
/// A node that joins (or ends its drain) pulls its share of the active tenants: it asks every other node for its count,
/// and each node above the average moves its excess (the tenants with the fewest connections first) to
/// the new node. Only the joining node decides, from one snapshot, so the moves cannot overshoot the way
/// independent donors could; new tenants spread by random placement anyway.
/// </summary>
internal static class NewNodeRebalancing
{
    public static async Task<int> PullShareAsync(IGrainFactory grains, string self, ILogger log)
    {
        var nodes = (await ClusterNodes.ListAsync(grains).ConfigureAwait(false)).Where(n => !n.Draining).ToList();
        if (nodes.Count < 2 || nodes.FirstOrDefault(n => n.Silo == self) is not { } me)
        {
            log.LogInformation("{Nodes} nodes accepting tenants: asked for 0 tenants to move here", nodes.Count);
            return 0;
        }
        var average = nodes.Sum(n => n.Tenants) / nodes.Count;
        var wanted = average - me.Tenants;
        var pulled = 0;
        foreach (var donor in nodes.Where(n => n.Silo != self && n.Tenants > average).OrderByDescending(n => n.Tenants))
        {
            if (pulled >= wanted) break;
            var take = Math.Min(wanted - pulled, donor.Tenants - average);
            pulled += await grains.GetGrain<INodeGrain>(donor.Silo).ShedAsync(take, self).ConfigureAwait(false);
        }
        log.LogInformation("{Nodes} nodes accepting tenants own {Tenants}: asked for {Pulled} tenants to move here", nodes.Count, nodes.Sum(n => n.Tenants), pulled);
        return pulled;
    }
}
