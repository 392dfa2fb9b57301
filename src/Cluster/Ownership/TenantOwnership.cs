using System.Collections.Concurrent;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using TenantDb.Engine;
using TenantDb.Engine.Errors;

namespace TenantDb.Cluster.Ownership;

/// <summary>
/// The tenants this node owns now: for each, its fence and the client sockets served here. A tenant
/// grain activation acquires its tenant here and releases it when it deactivates (drain, shutdown,
/// rebalancing); releasing closes the tenant's connections on this node (their transactions roll back)
/// so that the file lock goes with the ownership.
/// </summary>
public sealed class TenantOwnership
{
    private readonly ConcurrentDictionary<string, OwnedTenant> _owned = new(StringComparer.Ordinal);
    private readonly Func<string, TenantDbEngine?> _engineFor;
    private readonly ILogger _log;

    /// <param name="engineFor">The engine that knows a tenant (re-reading the catalog for new ones), or null.</param>
    /// <param name="log">Ownership changes are logged at Information.</param>
    public TenantOwnership(Func<string, TenantDbEngine?> engineFor, ILogger log)
    {
        _engineFor = engineFor;
        _log = log;
    }

    /// <summary>Tenants owned by this node now.</summary>
    public int Count => _owned.Count;

    /// <summary>Names of the tenants owned by this node now.</summary>
    public IReadOnlyCollection<string> Tenants => [.. _owned.Keys];

    /// <summary>Client connections served for owned tenants now.</summary>
    public int ConnectionCount => _owned.Values.Sum(o => o.Connections);

    /// <summary>Owned tenants, those with the fewest connections first (the cheapest to move).</summary>
    public IEnumerable<string> TenantsByConnections() =>
        _owned.Select(o => (o.Key, o.Value.Connections)).OrderBy(o => o.Connections).ThenBy(o => o.Key, StringComparer.Ordinal).Select(o => o.Key);

    /// <summary>True when this node owns <paramref name="tenant"/> (its grain is active here and holds the fence).</summary>
    public bool Owns(string tenant) => _owned.ContainsKey(tenant);

    /// <summary>The engine that serves <paramref name="tenant"/> on this node, or null when the tenant does not exist.</summary>
    public TenantDbEngine? EngineFor(string tenant) => _engineFor(tenant);

    /// <summary>True when the tenant exists (in this node's catalog view).</summary>
    public bool Exists(string tenant) => _engineFor(tenant) is not null;

    /// <summary>Takes ownership of <paramref name="tenant"/>: acquires its fence.</summary>
    /// <exception cref="TenantDbException">UnknownTenant, or Busy when another node still holds the file.</exception>
    public void Acquire(string tenant)
    {
        if (_owned.ContainsKey(tenant)) return;
        var engine = _engineFor(tenant) ?? throw new TenantDbException(TenantDbErrorKind.UnknownTenant, $"tenant \"{tenant}\" does not exist");
        var fence = TenantFence.Acquire(engine, tenant);
        if (!_owned.TryAdd(tenant, new OwnedTenant(fence)))
        {
            fence.Dispose();
            return;
        }
        _log.LogInformation("owning tenant {Tenant}", tenant);
    }

    /// <summary>Gives up <paramref name="tenant"/>: closes its connections on this node, then its fence.</summary>
    public void Release(string tenant)
    {
        if (!_owned.TryRemove(tenant, out var owned)) return;
        var closed = owned.CloseConnections();
        owned.Fence.Dispose();
        _log.LogInformation("released tenant {Tenant} ({Connections} connections closed)", tenant, closed);
    }

    /// <summary>
    /// Records that <paramref name="socket"/> serves <paramref name="tenant"/> here, so a release closes
    /// it; false when the tenant is not (or no longer) owned here. Dispose the result when the socket closes.
    /// </summary>
    public bool TryTrack(string tenant, Socket socket, out IDisposable registration)
    {
        registration = NoRegistration.Instance;
        if (!_owned.TryGetValue(tenant, out var owned)) return false;
        registration = owned.Track(socket);
        // A release that ran between the lookup and Track has already closed the others; close this one too.
        if (_owned.TryGetValue(tenant, out var current) && ReferenceEquals(current, owned)) return true;
        registration.Dispose();
        return false;
    }

    /// <summary>Releases every tenant (node shutdown).</summary>
    public void ReleaseAll()
    {
        foreach (var tenant in _owned.Keys) Release(tenant);
    }

    private sealed class NoRegistration : IDisposable
    {
        public static readonly NoRegistration Instance = new();

        public void Dispose()
        {
        }
    }
}
