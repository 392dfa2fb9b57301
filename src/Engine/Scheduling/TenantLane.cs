namespace TenantDb.Engine.Scheduling;

/// <summary>
/// One tenant's queue of work in a <see cref="WorkScheduler"/>. Every connection of a tenant uses the
/// same lane, so the scheduler's round-robin is over tenants, not connections: a tenant with many busy
/// connections gets no more turns than a tenant with one. Taken with <see cref="WorkScheduler.AcquireLane"/>
/// and given back with <see cref="WorkScheduler.ReleaseLane"/>.
/// </summary>
public sealed class TenantLane
{
    internal TenantLane(string tenant) => Tenant = tenant;

    /// <summary>The tenant this lane serves.</summary>
    public string Tenant { get; }

    // Fields below are owned by FairWorkQueue (and the reference count by WorkScheduler), under the scheduler's lock.
    internal ScheduledWork? Head { get; set; }
    internal ScheduledWork? Tail { get; set; }
    internal int Queued { get; set; }
    internal TenantLane? NextReady { get; set; }
    internal bool IsReady { get; set; }
    internal int References { get; set; }
}
