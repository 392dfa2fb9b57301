using System.Collections.Concurrent;
using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TenantDb.ProcSandbox.Concurrency;

namespace TenantDb.ProcSandbox.Tests.Compiler;

/// <summary>
/// The outcome of parallel work depends on the items only: every item below the first failing one
/// runs, the error reported is the lowest failing item's, whatever the number of threads; without
/// reruns each item runs once, with them the first published result of each item is kept.
/// </summary>
public sealed class ParallelWorkTests
{
    private sealed class Worker
    {
        public bool Released;
    }

    [Property(MaxTest = 200)]
    public void The_lowest_failing_item_is_reported_and_every_item_below_it_runs(PositiveInt count, PositiveInt threads, int[] failing, bool rerun)
    {
        int n = 1 + count.Get % 64;
        var fails = failing.Select(f => Math.Abs(f % n)).ToHashSet();
        var runs = new ConcurrentBag<int>();
        var published = new string?[n];
        var work = ParallelWork<Worker>.Run(n, 1 + threads.Get % 4, () => new Worker(), (worker, item) =>
        {
            Assert.False(worker.Released);
            runs.Add(item);
            if (fails.Contains(item)) throw new InvalidOperationException(item.ToString(CultureInfo.InvariantCulture));
            ParallelWork<Worker>.TryPublish(ref published[item], item.ToString(CultureInfo.InvariantCulture));
        }, worker => worker.Released = true, rerun);
        if (!rerun) Assert.Equal(runs.Count, runs.Distinct().Count());
        int firstFailure = fails.Count == 0 ? n : fails.Min();
        for (int i = 0; i < Math.Min(firstFailure, n); i++) Assert.Equal(i.ToString(CultureInfo.InvariantCulture), published[i]);
        if (fails.Count == 0)
        {
            work.ThrowIfFailed();
            return;
        }
        var error = Assert.Throws<InvalidOperationException>(work.ThrowIfFailed);
        Assert.Equal(firstFailure.ToString(CultureInfo.InvariantCulture), error.Message);
    }

    [Fact]
    public void The_caller_finishes_an_item_a_helper_is_stuck_in()
    {
        // The helper blocks in item 0 until the caller has returned: without reruns this would never end.
        using var helperMayFinish = new ManualResetEventSlim();
        var published = new string?[2];
        int callerThread = Environment.CurrentManagedThreadId;
        using var helperStarted = new ManualResetEventSlim();
        using var helperDone = new ManualResetEventSlim();
        try
        {
            var work = ParallelWork<Worker>.Run(2, 2, () => new Worker(), (_, item) =>
        {
            if (Environment.CurrentManagedThreadId != callerThread)
            {
                helperStarted.Set();
                helperMayFinish.Wait();
                ParallelWork<Worker>.TryPublish(ref published[item], "helper");
                helperDone.Set();
                return;
            }
            // The caller waits for the helper to hold an item before taking the other, so that one item is stuck.
            if (!helperStarted.Wait(TimeSpan.FromSeconds(30))) return;
            ParallelWork<Worker>.TryPublish(ref published[item], "caller");
        }, rerunStragglers: true);
            work.ThrowIfFailed();
            Assert.True(published.All(p => p == "caller"), string.Join(", ", published));
        }
        finally
        {
            helperMayFinish.Set();
            // The events are disposed on return: let the helper leave its wait first.
            helperDone.Wait(TimeSpan.FromSeconds(30));
        }
    }

    [Fact]
    public void A_run_failing_after_its_item_finished_changes_nothing()
    {
        // The helper is stuck in item 0 until the caller has rerun it and returned; then the helper's run fails
        // (as a straggler does when the work it shared was let go): the outcome stays the caller's.
        using var helperMayFinish = new ManualResetEventSlim();
        using var helperStarted = new ManualResetEventSlim();
        int callerThread = Environment.CurrentManagedThreadId;
        ParallelWork<Worker>? work = null;
        try
        {
            work = ParallelWork<Worker>.Run(2, 2, () => new Worker(), (_, item) =>
            {
                if (Environment.CurrentManagedThreadId == callerThread)
                {
                    helperStarted.Wait(TimeSpan.FromSeconds(30));
                    return;
                }
                helperStarted.Set();
                helperMayFinish.Wait();
                GC.KeepAlive(new byte[10_000]);
                throw new InvalidOperationException("late failure");
            }, rerunStragglers: true);
            work.ThrowIfFailed();
        }
        finally
        {
            helperMayFinish.Set();
        }
        // The helper's allocation is counted after its failure is handled: wait for it (bounded), then look again.
        if (helperStarted.IsSet)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (work.HelperAllocatedBytes < 10_000 && DateTime.UtcNow < deadline) Thread.Sleep(1);
            Assert.True(work.HelperAllocatedBytes >= 10_000, "the helper never finished its run");
        }
        work.ThrowIfFailed();
    }

    [Fact]
    public void Helper_threads_report_what_they_allocated()
    {
        var perItem = new int[64];
        int callerThread = Environment.CurrentManagedThreadId;
        var work = ParallelWork<Worker>.Run(64, 2, () => new Worker(), (_, item) =>
        {
            if (Environment.CurrentManagedThreadId != callerThread) perItem[item] = 1;
            GC.KeepAlive(new byte[10_000]);
            Thread.Sleep(1);
        });
        work.ThrowIfFailed();
        Assert.True(work.HelperAllocatedBytes >= 10_000L * perItem.Sum(), $"{work.HelperAllocatedBytes} bytes for {perItem.Sum()} items on a helper");
    }
}
