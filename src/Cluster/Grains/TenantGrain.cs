using Orleans;
using TenantDb.Cluster.Hosting;
using TenantDb.Cluster.MapReduce;
using TenantDb.Cluster.Ownership;

namespace TenantDb.Cluster.Grains;

/// <summary>
/// Activation = ownership: activating takes the tenant's fence on this node (failing, so that Orleans
/// reports the error to the caller, while another node still holds the file); deactivating closes the
/// tenant's connections here and releases the fence. Kept alive while the node runs: an idle tenant
/// keeps its owner, so its clients are not moved around by activation collection.
/// </summary>
[KeepAlive]
internal sealed class TenantGrain(TenantOwnership ownership, NodeIdentity node, NodeMapSlots mapSlots) : Grain, ITenantGrain
{
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var tenant = this.GetPrimaryKeyString();
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

    public Task MoveAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
