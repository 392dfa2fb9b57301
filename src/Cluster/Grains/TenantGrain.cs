using Orleans;
using TenantDb.Cluster.Hosting;
using TenantDb.Cluster.MapReduce;
using Orleans.Runtime;
using Orleans.Runtime.Placement;
using TenantDb.Engine.Errors;
using TenantDb.Cluster.Ownership;
using TenantDb.Cluster.Placement;

namespace TenantDb.Cluster.Grains;

/// <summary>
/// Activation = ownership: activating takes the tenant's fence on this node (failing, so that Orleans
/// reports the error to the caller, while another node still holds the file); deactivating closes the
/// tenant's connections here and releases the fence. Kept alive while the node runs: an idle tenant
/// keeps its owner, so its clients are not moved around by activation collection.
/// </summary>
[KeepAlive, TenantPlacement]
internal sealed class TenantGrain(TenantOwnership ownership, NodeIdentity node, NodeMapSlots mapSlots, DrainingNodes draining, ILocalSiloDetails silo)
    : Grain, ITenantGrain
{
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var tenant = this.GetPrimaryKeyString();
        // Placement avoids draining nodes; this covers a placement decided before the drain was known.
        if (draining.Contains(silo.SiloAddress)) throw new InvalidOperationException($"node is draining; tenant \"{tenant}\" activates elsewhere");
        // Acquiring may wait for the busy timeout on a file another node still holds: not on the grain scheduler.
        await Task.Run(() => ownership.Acquire(tenant), cancellationToken).ConfigureAwait(true);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        ownership.Release(this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    public Task<string> GetOwnerEndpointAsync() => Task.FromResult(node.WireEndpoint);

    public async Task<TenantMapResult> MapAsync(string procedure, MapValue[] arguments, CancellationToken cancellationToken)
    {
        var tenant = this.GetPrimaryKeyString();
        await mapSlots.WaitAsync(cancellationToken).ConfigureAwait(true);
        try
        {
            var engine = ownership.EngineFor(tenant);
            if (engine is null) return TenantMapResult.Failed(tenant, "UnknownTenant", $"tenant \"{tenant}\" does not exist");
            // Engine calls are synchronous: off the grain scheduler, onto the thread pool.
            return await Task.Run(() => TenantProcedureCall.Run(engine, tenant, procedure, arguments, cancellationToken), cancellationToken).ConfigureAwait(true);
        }
        finally
        {
            mapSlots.Release();
        }
    }

    public async Task<ReduceModule> ReadProcedureModuleAsync(string procedure)
    {
        var tenant = this.GetPrimaryKeyString();
        var engine = ownership.EngineFor(tenant) ?? throw new TenantDbException(TenantDbErrorKind.UnknownTenant, $"tenant \"{tenant}\" does not exist");
        return await Task.Run(() => ReduceModule.From(engine.ReadProcedureModule(tenant, procedure))).ConfigureAwait(true);
    }

    public Task MoveAsync(string? toSilo)
    {
        // The migration places the tenant anew after this call: on the hinted node, else where the placement director chooses.
        if (toSilo is not null) RequestContext.Set(IPlacementDirector.PlacementHintKey, SiloAddress.FromParsableString(toSilo));
        this.MigrateOnIdle();
        return Task.CompletedTask;
    }
}
