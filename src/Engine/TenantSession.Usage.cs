using TenantDb.Engine.Usage;

namespace TenantDb.Engine;

public sealed partial class TenantSession
{
    // Fuel the last procedure call used, read back from its instance's limits.
    private long _callFuelUsed;

    // The sandbox limit (fuel, time, call stack) that stopped the last procedure call, if one did.
    private string? _callLimit;

    /// <summary>The tenant's usage counters, shared by all its sessions.</summary>
    internal UsageCounters UsageCounters => _store.Usage;

    /// <summary>
    /// Adds bytes a network front end received from and sent to this session's client to the tenant's
    /// usage (the wire server calls this; an embedding application may too).
    /// </summary>
    public void RecordNetworkBytes(long received, long sent)
    {
        _store.Usage.Add(UsageFigure.BytesIn, Math.Max(0, received));
        _store.Usage.Add(UsageFigure.BytesOut, Math.Max(0, sent));
    }
}
