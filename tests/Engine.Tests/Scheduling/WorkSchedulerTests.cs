using TenantDb.Engine.Scheduling;

namespace TenantDb.Engine.Tests.Scheduling;

/// <summary>The worker threads: work runs off the caller's thread, failures reach the awaiter, the thread count stays bounded.</summary>
public sealed class WorkSchedulerTests
{
    [Fact]
    public async Task Work_runs_on_its_callers_thread_while_there_is_room_and_its_exception_reaches_the_awaiter()
    {
        using var scheduler = new WorkScheduler(2, "test-worker");
        var lane = scheduler.AcquireLane("t");
        var caller = Environment.CurrentManagedThreadId;
        Assert.Equal(caller, await scheduler.RunAsync(lane, () => Environment.CurrentManagedThreadId));
        Assert.Equal(0, scheduler.Threads);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await scheduler.RunAsync<int>(lane, () => throw new InvalidOperationException("boom")));
        Assert.Equal("boom", failure.Message);
        scheduler.ReleaseLane(lane);
        Assert.Equal(0, scheduler.Lanes);
    }

    [Fact]
    public async Task Work_that_finds_the_budget_taken_waits_for_a_named_worker()
    {
        using var scheduler = new WorkScheduler(1, "test-worker");
        var lane = scheduler.AcquireLane("t");
        using var started = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        // The one turn is taken by work running (without blocking) on another caller's thread.
        var holder = Task.Run(() => scheduler.RunAsync(lane, () =>
        {
            started.Set();
            return release.Wait(TimeSpan.FromSeconds(30));
        }).AsTask());
        Assert.True(started.Wait(TimeSpan.FromSeconds(30)));

        var queued = scheduler.RunAsync(lane, () => Thread.CurrentThread.Name).AsTask();
        Assert.False(queued.IsCompleted);
        Assert.Equal(1, scheduler.Queued);
        release.Set();

        Assert.True(await holder);
        Assert.StartsWith("test-worker-", await queued, StringComparison.Ordinal);
        Assert.Equal(0, scheduler.Queued);
    }

    [Fact]
    public async Task A_thousand_batches_from_a_hundred_tenants_and_eight_callers_never_run_more_than_the_configured_workers_at_once()
    {
        using var scheduler = new WorkScheduler(3);
        var lanes = Enumerable.Range(0, 100).Select(i => scheduler.AcquireLane($"t{i}")).ToArray();
        var running = 0;
        var mostAtOnce = 0;
        var callers = Enumerable.Range(0, 8).Select(c => Task.Run(async () =>
        {
            var results = new List<int>();
            var pending = Enumerable.Range(0, 125).Select(k => c * 125 + k).Select(i => scheduler.RunAsync(lanes[i % lanes.Length], () =>
            {
                var now = Interlocked.Increment(ref running);
                InterlockedMax(ref mostAtOnce, now);
                Thread.SpinWait(1000);
                Interlocked.Decrement(ref running);
                return i;
            }).AsTask()).ToList();
            foreach (var task in pending) results.Add(await task);
            return results;
        }));
        var results = (await Task.WhenAll(callers)).SelectMany(r => r).Order();

        Assert.Equal(Enumerable.Range(0, 1000), results);
        Assert.InRange(mostAtOnce, 1, 3);
        Assert.InRange(scheduler.Threads, 0, 3);
    }

    [Fact]
    public async Task A_worker_blocked_in_a_blocking_region_lets_a_stand_in_run_the_work_it_waits_for()
    {
        // One turn: without a stand-in, the first item would wait forever for the second.
        using var scheduler = new WorkScheduler(1);
        var lane = scheduler.AcquireLane("t");
        using var released = new ManualResetEventSlim();
        using var blocking = new ManualResetEventSlim();
        var blocked = Task.Run(() => scheduler.RunAsync(lane, () =>
        {
            using (WorkScheduler.EnterBlocking())
            {
                blocking.Set();
                return released.Wait(TimeSpan.FromSeconds(30));
            }
        }).AsTask());
        Assert.True(blocking.Wait(TimeSpan.FromSeconds(30)));
        var releaser = scheduler.RunAsync(lane, () =>
        {
            released.Set();
            return true;
        }).AsTask();

        Assert.True(await blocked);
        Assert.True(await releaser);
        Assert.InRange(scheduler.Threads, 0, scheduler.MaxThreads);
    }

    [Fact]
    public async Task Blocked_batches_never_hold_more_than_the_thread_bound_at_once()
    {
        using var scheduler = new WorkScheduler(1);
        var lane = scheduler.AcquireLane("t");
        using var release = new ManualResetEventSlim();
        var inside = 0;
        var mostInside = 0;
        var batches = Enumerable.Range(0, 6).Select(_ => Task.Run(() => scheduler.RunAsync(lane, () =>
        {
            using (WorkScheduler.EnterBlocking())
            {
                InterlockedMax(ref mostInside, Interlocked.Increment(ref inside));
                var waited = release.Wait(TimeSpan.FromSeconds(30));
                Interlocked.Decrement(ref inside);
                return waited;
            }
        }).AsTask())).ToArray();
        // Give every caller time to start its batch or queue it, and the stand-in time to take queued
        // work once the first batch announced it blocks (queued work is handed over, not started at
        // once); then all may go.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((scheduler.Running + scheduler.Queued < batches.Length || scheduler.Running < scheduler.MaxThreads) && DateTime.UtcNow < deadline) await Task.Delay(10);
        Assert.Equal(scheduler.MaxThreads, scheduler.Running);
        release.Set();

        Assert.All(await Task.WhenAll(batches), Assert.True);
        Assert.InRange(mostInside, 1, scheduler.MaxThreads);
    }

    private static readonly AsyncLocal<string?> Scope = new();

    [Fact]
    public async Task Work_sees_the_async_locals_of_the_caller_that_scheduled_it_and_no_one_elses()
    {
        using var scheduler = new WorkScheduler(1);
        var lane = scheduler.AcquireLane("t");
        // The first caller starts the worker thread; its async-locals must not stick to that thread.
        Scope.Value = "first";
        Assert.Equal("first", await scheduler.RunAsync(lane, () => Scope.Value));
        Scope.Value = "second";
        Assert.Equal("second", await scheduler.RunAsync(lane, () => Scope.Value));
        Scope.Value = null;
        Assert.Null(await scheduler.RunAsync(lane, () => Scope.Value));
    }

    [Fact]
    public async Task After_dispose_work_runs_on_the_callers_thread()
    {
        var scheduler = new WorkScheduler(1);
        var lane = scheduler.AcquireLane("t");
        scheduler.Dispose();
        var caller = Environment.CurrentManagedThreadId;
        Assert.Equal(caller, await scheduler.RunAsync(lane, () => Environment.CurrentManagedThreadId));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current) return;
            current = seen;
        }
    }
}
