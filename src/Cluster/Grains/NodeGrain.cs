using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Concurrency;
using Orleans.Runtime;
using TenantDb.Cluster.Hosting;
using TenantDb.Cluster.Ownership;
using TenantDb.Cluster.Placement;

namespace TenantDb.Cluster.Grains;

/// <summary>
/// The control grain of the node it lives on. Moves are tenant grain migrations: the tenant deactivates
/// here (its connections close, its fence is released) and activates on the node placement picks.
/// Reentrant: a drain waiting for its moves must not block status calls.
/// </summary>
[NodePlacement, Reentrant]
internal sealed class NodeGrain(TenantOwnership ownership, NodeIdentity node, DrainingNodes draining, ILocalSiloDetails silo, ILogger<NodeGrain> log)
    : Grain, INodeGrain
{
    // Moves in flight at once: each closes connections and opens a file on the target.
    private const int MoveParallelism = 8;

    public Task<NodeStatus> GetStatusAsync() => Task.FromResult(new NodeStatus(
        silo.SiloAddress.ToParsableString(), node.WireEndpoint, ownership.Count, ownership.ConnectionCount, draining.Contains(silo.SiloAddress)));

    public Task<string[]> GetTenantsAsync() => Task.FromResult(ownership.Tenants.Order(StringComparer.Ordinal).ToArray());

    public Task MarkDrainingAsync(string silo)
    {
        draining.Add(SiloAddress.FromParsableString(silo));
        return Task.CompletedTask;
    }

    public Task UnmarkDrainingAsync(string silo)
    {
        draining.Remove(SiloAddress.FromParsableString(silo));
        return Task.CompletedTask;
    }

    public Task<int> UndrainAsync()
    {
        draining.Remove(silo.SiloAddress);
        return NewNodeRebalancing.PullShareAsync(GrainFactory, silo.SiloAddress.ToParsableString(), log);
    }

    public async Task<int> DrainAsync(TimeSpan timeout)
    {
        draining.Add(silo.SiloAddress);
        var deadline = DateTime.UtcNow + timeout;
        var requested = new HashSet<string>(StringComparer.Ordinal);
        // Asking again is harmless; a tenant that activated here just before the drain began, or whose
        // move failed, is asked again on the next round.
        while (ownership.Count > 0 && DateTime.UtcNow < deadline)
        {
            var left = ownership.Tenants;
            requested.UnionWith(left);
            await MoveAsync(left, toSilo: null).ConfigureAwait(true);
            for (var i = 0; i < 20 && ownership.Count > 0; i++) await Task.Delay(100).ConfigureAwait(true);
        }
        return requested.Count;
    }

    public Task<int> ShedAsync(int count, string toSilo) =>
        MoveAsync([.. ownership.TenantsByConnections().Take(count)], toSilo);

    private async Task<int> MoveAsync(IReadOnlyCollection<string> tenants, string? toSilo)
    {
        var moved = 0;
        foreach (var batch in tenants.Chunk(MoveParallelism))
        {
            await Task.WhenAll(batch.Select(t => GrainFactory.GetGrain<ITenantGrain>(t).MoveAsync(toSilo))).ConfigureAwait(true);
            moved += batch.Length;
        }
        return moved;
    }
}
