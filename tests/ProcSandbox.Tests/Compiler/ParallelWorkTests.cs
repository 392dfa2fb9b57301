using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TenantDb.ProcSandbox.Concurrency;

namespace TenantDb.ProcSandbox.Tests.Compiler;

/// <summary>
/// The outcome of parallel work depends on the items only: every item below the first failing one
/// runs, the error reported is the lowest failing item's, whatever the number of threads.
/// </summary>
public sealed class ParallelWorkTests
{
    private sealed class Worker
    {
        public readonly List<int> Ran = [];
    }

    [Property(MaxTest = 200)]
    public void The_lowest_failing_item_is_reported_and_every_item_below_it_runs(PositiveInt count, PositiveInt threads, int[] failing)
    {
        int n = 1 + count.Get % 64;
        var fails = failing.Select(f => Math.Abs(f % n)).ToHashSet();
        var work = ParallelWork<Worker>.Run(n, 1 + threads.Get % 4, () => new Worker(), (worker, item) =>
        {
            lock (worker.Ran) worker.Ran.Add(item);
            if (fails.Contains(item)) throw new InvalidOperationException(item.ToString(System.Globalization.CultureInfo.InvariantCulture));
        });
        var ran = work.Workers.SelectMany(w => w.Ran).ToList();
        Assert.Equal(ran.Count, ran.Distinct().Count());
        int firstFailure = fails.Count == 0 ? n : fails.Min();
        for (int i = 0; i <= Math.Min(firstFailure, n - 1); i++) Assert.Contains(i, ran);
        if (fails.Count == 0)
        {
            work.ThrowIfFailed();
            return;
        }
        var error = Assert.Throws<InvalidOperationException>(work.ThrowIfFailed);
        Assert.Equal(firstFailure.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message);
    }

    [Fact]
    public void Helper_threads_report_what_they_allocated()
    {
        var work = ParallelWork<Worker>.Run(64, 2, () => new Worker(), (worker, item) =>
        {
            worker.Ran.Add(item);
            GC.KeepAlive(new byte[10_000]);
            Thread.Sleep(1);
        });
        work.ThrowIfFailed();
        int onHelpers = work.Workers.Count == 2 ? work.Workers.Min(w => w.Ran.Count) : 0;
        Assert.True(work.HelperAllocatedBytes >= 10_000L * onHelpers, $"{work.HelperAllocatedBytes} bytes for {onHelpers} items on a helper");
    }
}
