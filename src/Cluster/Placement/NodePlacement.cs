using Orleans;
using Orleans.Placement;
using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace TenantDb.Cluster.Placement;

/// <summary>
/// Pins a grain keyed by a node's silo address (<see cref="SiloAddress.ToParsableString"/>) to that
/// node: the per-node control grain. A key naming no live node fails the call.
/// </summary>
[Serializable, GenerateSerializer, Immutable, Alias("TenantDb.Cluster.NodePlacement")]
public sealed class NodePlacement : PlacementStrategy
{
    internal static readonly NodePlacement Instance = new();
}

/// <summary>Places a grain class with <see cref="NodePlacement"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class NodePlacementAttribute() : PlacementAttribute(NodePlacement.Instance);

internal sealed class NodePlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var key = target.GrainIdentity.Key.ToString();
        var silo = SiloAddress.FromParsableString(key);
        return context.GetCompatibleSilos(target).Contains(silo)
            ? Task.FromResult(silo)
            : throw new InvalidOperationException($"node {key} is not an active member of the cluster");
    }
}
