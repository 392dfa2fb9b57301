namespace TenantDb.Cluster.MapReduce;

/// <summary>
/// Bounds how many map calls run at once on one node, whatever how many coordinators send them, so a
/// job over thousands of tenants cannot take every core from the node's clients.
/// </summary>
internal sealed class NodeMapSlots(int slots) : SemaphoreSlim(slots, slots);
