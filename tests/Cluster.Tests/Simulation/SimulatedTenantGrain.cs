using Orleans;
using Orleans.Runtime;
using TenantDb.Cluster.Placement;

namespace TenantDb.Cluster.Tests.Simulation;

/// <summary>A tenant grain without a database: placed exactly like the real one (TenantDb's placement director), it only says where it lives.</summary>
[Alias("TenantDb.Cluster.Tests.ISimulatedTenantGrain")]
public interface ISimulatedTenantGrain : IGrainWithStringKey
{
    [Alias("Where")]
    Task<string> WhereAsync();
}

[TenantPlacement]
internal sealed class SimulatedTenantGrain(ILocalSiloDetails silo) : Grain, ISimulatedTenantGrain
{
    public Task<string> WhereAsync() => Task.FromResult(silo.SiloAddress.ToParsableString());
}
