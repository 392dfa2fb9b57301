using Orleans;

namespace TenantDb.Cluster.MapReduce;

/// <summary>What the map procedure produced in one tenant: its rows, or why it failed there.</summary>
[GenerateSerializer, Immutable, Alias("TenantDb.Cluster.TenantMapResult")]
public sealed record TenantMapResult(
    [property: Id(0)] string Tenant,
    [property: Id(1)] string[] Columns,
    [property: Id(2)] MapValue[][] Rows,
    [property: Id(3)] string? ErrorKind,
    [property: Id(4)] string? Error)
{
    public bool Succeeded => Error is null;

    public static TenantMapResult Failed(string tenant, string kind, string message) => new(tenant, [], [], kind, message);
}
