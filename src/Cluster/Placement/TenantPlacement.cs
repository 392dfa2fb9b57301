using Orleans;
using Orleans.Placement;
using Orleans.Runtime;

namespace TenantDb.Cluster.Placement;

/// <summary>Where tenant grains activate: see <see cref="TenantPlacementDirector"/>.</summary>
[Serializable, GenerateSerializer, Immutable, Alias("TenantDb.Cluster.TenantPlacement")]
public sealed class TenantPlacement : PlacementStrategy
{
    internal static readonly TenantPlacement Instance = new();
}

/// <summary>Places a grain class with <see cref="TenantPlacement"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class TenantPlacementAttribute() : PlacementAttribute(TenantPlacement.Instance);
