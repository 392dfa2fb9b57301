using System.Collections.Concurrent;
using Orleans.Runtime;

namespace TenantDb.Cluster.Placement;

/// <summary>
/// The nodes this node knows to be draining: tenant placement avoids them, and this node refuses to
/// take tenants while it is in the set itself. A drain tells every active node, and so does an undrain;
/// a node that joins later does not learn of earlier drains (a drained node is about to stop, or to
/// be undrained).
/// </summary>
internal sealed class DrainingNodes
{
    private readonly ConcurrentDictionary<SiloAddress, byte> _silos = new();

    public bool Contains(SiloAddress silo) => _silos.ContainsKey(silo);

    public void Add(SiloAddress silo) => _silos.TryAdd(silo, 0);

    public void Remove(SiloAddress silo) => _silos.TryRemove(silo, out _);
}
