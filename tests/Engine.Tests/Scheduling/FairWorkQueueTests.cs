using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TenantDb.Engine.Scheduling;

namespace TenantDb.Engine.Tests.Scheduling;

/// <summary>The scheduler's queue: FIFO per tenant, round-robin across tenants, nothing lost or repeated.</summary>
public sealed class FairWorkQueueTests
{
    [Fact]
    public void A_tenant_with_one_item_is_served_within_two_steps_of_a_tenant_with_a_thousand()
    {
        var queue = new FairWorkQueue();
        var busy = new TenantLane("busy");
        var quiet = new TenantLane("quiet");
        for (var i = 0; i < 1000; i++) queue.Enqueue(busy, new Item(i));
        var single = new Item(-1);
        queue.Enqueue(quiet, single);

        var steps = 0;
        while (queue.TryDequeue(out var work, out _))
        {
            steps++;
            if (ReferenceEquals(work, single)) break;
        }
        Assert.Equal(2, steps);
        Assert.Equal(999, queue.Count);
    }

    [Fact]
    public void Busy_tenants_take_turns_one_item_each()
    {
        var queue = new FairWorkQueue();
        var lanes = new[] { new TenantLane("a"), new TenantLane("b"), new TenantLane("c") };
        // a: 5 items, b: 3, c: 1, enqueued in that order.
        foreach (var (lane, count) in lanes.Zip(new[] { 5, 3, 1 }))
        {
            for (var i = 0; i < count; i++) queue.Enqueue(lane, new Item(i));
        }
        var order = new List<string>();
        while (queue.TryDequeue(out _, out var lane)) order.Add(lane.Tenant);
        Assert.Equal("a b c a b a b a a", string.Join(' ', order));
        Assert.Equal(0, queue.ReadyLanes);
    }

    /// <summary>
    /// Whatever is queued already, an item of a tenant with nothing queued is taken within one step per
    /// tenant that has work, plus its own.
    /// </summary>
    [Property(MaxTest = 200)]
    public Property A_new_tenant_waits_at_most_one_step_per_busy_tenant(byte[] backlog, byte taken)
    {
        var queue = new FairWorkQueue();
        var lanes = Enumerable.Range(0, 8).Select(i => new TenantLane($"t{i}")).ToArray();
        foreach (var b in backlog) queue.Enqueue(lanes[b % lanes.Length], new Item(b));
        // Some of the backlog is served first, so the ring is in an arbitrary state.
        for (var i = 0; i < taken % (backlog.Length + 1); i++) queue.TryDequeue(out _, out _);

        var busyTenants = queue.ReadyLanes;
        var newcomer = new Item(-1);
        queue.Enqueue(new TenantLane("new"), newcomer);
        var steps = 0;
        while (queue.TryDequeue(out var work, out _))
        {
            steps++;
            if (ReferenceEquals(work, newcomer)) break;
        }
        return (steps <= busyTenants + 1).Label($"served after {steps} steps with {busyTenants} busy tenants");
    }

    /// <summary>Every item comes out exactly once, in its tenant's order, and no tenant gets a second turn while another one waits.</summary>
    [Property(MaxTest = 200)]
    public Property Every_item_once_in_tenant_order_and_round_robin(byte[] tenantOfItem)
    {
        var queue = new FairWorkQueue();
        var lanes = Enumerable.Range(0, 5).Select(i => new TenantLane($"t{i}")).ToArray();
        var items = tenantOfItem.Select((t, i) => (Lane: lanes[t % lanes.Length], Item: new Item(i))).ToList();
        foreach (var (lane, item) in items) queue.Enqueue(lane, item);

        var remaining = lanes.ToDictionary(l => l, l => items.Count(x => x.Lane == l));
        var lastTurn = new Dictionary<TenantLane, int>();
        var lastItem = new Dictionary<TenantLane, int>();
        var seen = new HashSet<int>();
        var step = 0;
        var fair = true;
        while (queue.TryDequeue(out var work, out var lane))
        {
            var id = ((Item)work).Id;
            if (!seen.Add(id)) return false.Label($"item {id} came out twice");
            if (lastItem.TryGetValue(lane, out var previous) && previous > id) return false.Label($"{lane.Tenant}: {id} after {previous}");
            lastItem[lane] = id;
            // Since this tenant's last turn, every other tenant that still had work must have had a turn.
            if (lastTurn.TryGetValue(lane, out var since))
            {
                fair &= lanes.Where(l => l != lane && remaining[l] > 0).All(l => lastTurn.TryGetValue(l, out var t) && t > since);
            }
            lastTurn[lane] = step++;
            remaining[lane]--;
        }
        return (seen.Count == items.Count && queue.Count == 0).Label("all items out").And(fair.Label("round-robin"));
    }

    [Fact]
    public void Work_put_first_runs_before_its_tenants_earlier_work_and_takes_no_turn_from_other_tenants()
    {
        var queue = new FairWorkQueue();
        var writer = new TenantLane("writer");
        var other = new TenantLane("other");
        for (var i = 0; i < 3; i++) queue.Enqueue(writer, new Item(i));
        queue.Enqueue(other, new Item(100));
        var holder = new Item(-1);
        queue.EnqueueFirst(writer, holder);

        var order = new List<int>();
        while (queue.TryDequeue(out var work, out _)) order.Add(((Item)work).Id);
        Assert.Equal([-1, 100, 0, 1, 2], order);

        // Into an empty lane it is simply the lane's only item.
        var empty = new TenantLane("empty");
        var only = new Item(7);
        queue.EnqueueFirst(empty, only);
        Assert.True(queue.TryDequeue(out var next, out var lane));
        Assert.Same(only, next);
        Assert.Same(empty, lane);
        Assert.Equal(0, queue.Count);
    }

    private sealed class Item(int id) : ScheduledWork
    {
        public int Id => id;

        protected override void Execute()
        {
        }
    }
}
