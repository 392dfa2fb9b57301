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

    private int _keptSessions;

    /// <summary>The tenant this lane serves.</summary>
    public string Tenant { get; }

    /// <summary>Connections of the tenant that keep their engine session while idle (see <see cref="TryKeepSession"/>).</summary>
    public int KeptSessions => Volatile.Read(ref _keptSessions);

    /// <summary>
    /// Takes one of the tenant's <paramref name="max"/> places for a connection that keeps its engine
    /// session between transactions; false when they are all taken (the connection then gives its
    /// session back after each transaction). Give the place back with <see cref="ReturnKeptSession"/>.
    /// </summary>
    public bool TryKeepSession(int max)
    {
        while (true)
        {
            int kept = Volatile.Read(ref _keptSessions);
            if (kept >= max) return false;
            if (Interlocked.CompareExchange(ref _keptSessions, kept + 1, kept) == kept) return true;
        }
    }

    /// <summary>Gives back a place taken with <see cref="TryKeepSession"/>.</summary>
    public void ReturnKeptSession() => Interlocked.Decrement(ref _keptSessions);

    // Fields below are owned by FairWorkQueue (and the reference count by WorkScheduler), under the scheduler's lock.
    internal ScheduledWork? Head { get; set; }
    internal ScheduledWork? Tail { get; set; }
    internal int Queued { get; set; }
    internal TenantLane? NextReady { get; set; }
    internal bool IsReady { get; set; }
    internal int References { get; set; }
}
