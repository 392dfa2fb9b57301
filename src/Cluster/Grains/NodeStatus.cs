using Orleans;

namespace TenantDb.Cluster.Grains;

/// <summary>A node as the admin commands list it.</summary>
[GenerateSerializer, Immutable, Alias("TenantDb.Cluster.NodeStatus")]
public sealed record NodeStatus(
    [property: Id(0)] string Silo,
    [property: Id(1)] string WireEndpoint,
    [property: Id(2)] int Tenants,
    [property: Id(3)] int Connections,
    [property: Id(4)] bool Draining);
