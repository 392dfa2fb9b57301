using TenantDb.Engine.Scheduling;

namespace TenantDb.Engine.Tests.Scheduling;

/// <summary>The worker threads: work runs off the caller's thread, failures reach the awaiter, the thread count stays bounded.</summary>
public sealed class WorkSchedulerTests
{
    [Fact]
    public async Task Work_runs_on_a_named_worker_and_its_exception_reaches_the_awaiter()
    {
        using var scheduler = new WorkScheduler(2, "test-worker");
        var lane = scheduler.AcquireLane("t");
        var name = await scheduler.RunAsync(lane, () => Thread.CurrentThread.Name);
        Assert.StartsWith("test-worker-", name, StringComparison.Ordinal);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await scheduler.RunAsync<int>(lane, () => throw new InvalidOperationException("boom")));
        Assert.Equal("boom", failure.Message);
        scheduler.ReleaseLane(lane);
        Assert.Equal(0, scheduler.Lanes);
    }

    [Fact]
    public async Task A_thousand_batches_from_a_hundred_tenants_use_at_most_the_configured_workers()
    {
        using var scheduler = new WorkScheduler(3);
        var lanes = Enumerable.Range(0, 100).Select(i => scheduler.AcquireLane($"t{i}")).ToArray();
        var threads = new System.Collections.Concurrent.ConcurrentDictionary<int, bool>();
        var running = 0;
        var mostAtOnce = 0;
        var work = Enumerable.Range(0, 1000).Select(i => scheduler.RunAsync(lanes[i % lanes.Length], () =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref mostAtOnce, now);
            threads[Environment.CurrentManagedThreadId] = true;
            Thread.SpinWait(1000);
            Interlocked.Decrement(ref running);
            return i;
        }).AsTask());
        var results = await Task.WhenAll(work);

        Assert.Equal(Enumerable.Range(0, 1000), results);
        Assert.InRange(mostAtOnce, 1, 3);
        Assert.InRange(scheduler.Threads, 1, 3);
        Assert.InRange(threads.Count, 1, 3);
    }

    [Fact]
    public async Task A_worker_blocked_in_a_blocking_region_lets_a_stand_in_run_the_work_it_waits_for()
    {
        // One worker: without a stand-in, the first item would wait forever for the second.
        using var scheduler = new WorkScheduler(1);
        var lane = scheduler.AcquireLane("t");
        using var released = new ManualResetEventSlim();
        var blocked = scheduler.RunAsync(lane, () =>
        {
            using (WorkScheduler.EnterBlocking())
            {
                return released.Wait(TimeSpan.FromSeconds(30));
            }
        }).AsTask();
        var releaser = scheduler.RunAsync(lane, () =>
        {
            released.Set();
            return true;
        }).AsTask();

        Assert.True(await blocked);
        Assert.True(await releaser);
        Assert.InRange(scheduler.Threads, 1, scheduler.MaxThreads);
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
