using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace TenantDb.Cluster.Placement;

/// <summary>
/// Chooses the node a tenant activates on: never a draining node (while any other is compatible);
/// the node named by a placement hint when a move asks for one (rebalancing onto a new node);
/// otherwise a random one, which spreads new tenants evenly over the nodes without any shared count.
/// </summary>
internal sealed class TenantPlacementDirector(DrainingNodes draining) : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var compatible = context.GetCompatibleSilos(target);
        var open = compatible.Where(s => !draining.Contains(s)).ToArray();
        // Every node draining: placing somewhere beats failing every connection.
        if (open.Length == 0) open = [.. compatible];
        if (IPlacementDirector.GetPlacementHint(target.RequestContextData, open) is { } hint) return Task.FromResult(hint);
        return Task.FromResult(open[Random.Shared.Next(open.Length)]);
    }
}
