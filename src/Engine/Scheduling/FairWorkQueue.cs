namespace TenantDb.Engine.Scheduling;

/// <summary>
/// The scheduler's queue: first-in-first-out inside a lane (tenant), round-robin across lanes. A lane
/// with work waits in a ring of ready lanes; each dequeue takes one item from the lane at the front
/// and, if that lane has more, puts it at the back. So when k lanes have work, an item at the front of
/// its lane is dequeued within k dequeues, however much the other lanes have queued. Not thread-safe:
/// <see cref="WorkScheduler"/> calls it under its lock (tests call it directly). Allocation-free: the
/// lists are linked through the items and lanes themselves.
/// </summary>
internal sealed class FairWorkQueue
{
    private TenantLane? _firstReady;
    private TenantLane? _lastReady;

    /// <summary>Items queued over all lanes.</summary>
    public int Count { get; private set; }

    /// <summary>Lanes that have work queued.</summary>
    public int ReadyLanes { get; private set; }

    /// <summary>Appends <paramref name="work"/> to its lane's queue (and the lane to the ready ring if it was empty).</summary>
    public void Enqueue(TenantLane lane, ScheduledWork work)
    {
        work.Next = null;
        if (lane.Tail is { } tail) tail.Next = work;
        else lane.Head = work;
        lane.Tail = work;
        lane.Queued++;
        Count++;
        if (!lane.IsReady) AppendReady(lane);
    }

    /// <summary>
    /// Puts <paramref name="work"/> at the front of its lane's queue, ahead of the lane's other items (the
    /// lane keeps its place in the ring, so other tenants lose nothing): for work the tenant's other work
    /// waits for, such as a connection holding the tenant's write lock.
    /// </summary>
    public void EnqueueFirst(TenantLane lane, ScheduledWork work)
    {
        work.Next = lane.Head;
        lane.Head = work;
        lane.Tail ??= work;
        lane.Queued++;
        Count++;
        if (!lane.IsReady) AppendReady(lane);
    }

    /// <summary>Takes the next item in round-robin order; false when nothing is queued.</summary>
    public bool TryDequeue(out ScheduledWork work, out TenantLane lane)
    {
        if (_firstReady is not { } first)
        {
            work = null!;
            lane = null!;
            return false;
        }
        _firstReady = first.NextReady;
        if (_firstReady is null) _lastReady = null;
        first.NextReady = null;
        first.IsReady = false;
        ReadyLanes--;

        var item = first.Head!;
        first.Head = item.Next;
        if (first.Head is null) first.Tail = null;
        item.Next = null;
        first.Queued--;
        Count--;
        // The lane goes to the back of the ring, behind every other lane that has work.
        if (first.Head is not null) AppendReady(first);
        work = item;
        lane = first;
        return true;
    }

    private void AppendReady(TenantLane lane)
    {
        lane.IsReady = true;
        lane.NextReady = null;
        if (_lastReady is { } last) last.NextReady = lane;
        else _firstReady = lane;
        _lastReady = lane;
        ReadyLanes++;
    }
}
