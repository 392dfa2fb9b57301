using System.Collections.Concurrent;

namespace TenantDb.Engine.Procedures;

/// <summary>
/// The resolved procedures of one tenant, shared by its sessions. Each entry carries the catalog stamp
/// it was resolved under, and a lookup names the stamp the caller reads now: an entry of another stamp
/// is never returned. Every change to the procedure catalog or the tenant's limits writes a new random
/// stamp in the same transaction as the change (in this process or another one working on the same
/// files), so no invalidation message is needed and an uncommitted or rolled-back change is never
/// mistaken for the committed state.
/// </summary>
internal sealed class ProcedureHandleCache
{
    /// <summary>Procedures kept per tenant; past it the cache starts again empty (each entry is a few hundred bytes).</summary>
    private const int MaxEntries = 512;

    private readonly ConcurrentDictionary<string, ProcedureHandle> _handles = new(StringComparer.Ordinal);

    /// <summary>The handle of <paramref name="name"/> resolved under <paramref name="stamp"/>, if kept.</summary>
    public bool TryGet(string name, long stamp, out ProcedureHandle handle) =>
        _handles.TryGetValue(name, out handle!) && handle.Stamp == stamp;

    /// <summary>Keeps <paramref name="handle"/> (resolved under a stamp) for later lookups.</summary>
    public void Store(ProcedureHandle handle)
    {
        if (handle.Stamp is null) return;
        if (_handles.Count >= MaxEntries) _handles.Clear();
        _handles[handle.Name] = handle;
    }
}
