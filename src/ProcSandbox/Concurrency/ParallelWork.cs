using System.Runtime.ExceptionServices;

namespace TenantDb.ProcSandbox.Concurrency;

/// <summary>
/// Runs numbered items of independent work (chunks of functions to compile, address ranges of code to
/// verify) on a bounded number of threads, the calling thread being one of them. Items are claimed in
/// increasing order; each thread keeps one worker object (created on its first item) for all the items
/// it runs. The outcome does not depend on the number of threads or on timing: when items fail, the
/// error of the lowest-numbered failing item is rethrown (items above a failed one are skipped, items
/// below it were already claimed and always finish). Helper threads come from the thread pool; the
/// caller never waits for one that has not started, so a starved pool only makes the work serial.
/// </summary>
internal sealed class ParallelWork<TWorker> where TWorker : class
{
    private readonly int _count;
    private readonly Func<TWorker> _createWorker;
    private readonly Action<TWorker, int> _run;
    private readonly object _gate = new();
    private readonly List<TWorker> _workers = [];
    private readonly int _callerThread = Environment.CurrentManagedThreadId;
    private int _nextItem = -1;
    private int _finished;
    private int _failedItem = int.MaxValue;
    private Exception? _error;
    private long _helperAllocatedBytes;

    private ParallelWork(int count, Func<TWorker> createWorker, Action<TWorker, int> run)
    {
        _count = count;
        _createWorker = createWorker;
        _run = run;
    }

    /// <summary>Every worker created, in no particular order (including one whose item failed, so that its resources can be released).</summary>
    public List<TWorker> Workers => _workers;

    /// <summary>
    /// What the helper threads allocated while running items (the caller's own allocations show in its
    /// thread's counter; compile-memory budgets add both).
    /// </summary>
    public long HelperAllocatedBytes => Interlocked.Read(ref _helperAllocatedBytes);

    /// <summary>
    /// Runs <paramref name="run"/> for items 0 to <paramref name="count"/> - 1 on at most <paramref name="threads"/>
    /// threads and waits for all of them. Failures are kept, not thrown: release the workers' resources, then
    /// call <see cref="ThrowIfFailed"/>.
    /// </summary>
    public static ParallelWork<TWorker> Run(int count, int threads, Func<TWorker> createWorker, Action<TWorker, int> run)
    {
        var work = new ParallelWork<TWorker>(count, createWorker, run);
        int helpers = Math.Min(threads, count) - 1;
        for (int i = 0; i < helpers; i++) ThreadPool.UnsafeQueueUserWorkItem(static w => w.Work(), work, preferLocal: false);
        work.Work();
        lock (work._gate)
        {
            while (Volatile.Read(ref work._finished) < count) Monitor.Wait(work._gate);
        }
        return work;
    }

    /// <summary>Rethrows the exception of the lowest-numbered item that failed, if any.</summary>
    public void ThrowIfFailed()
    {
        if (_error is not null) ExceptionDispatchInfo.Throw(_error);
    }

    private void Work()
    {
        bool helper = Environment.CurrentManagedThreadId != _callerThread;
        TWorker? worker = null;
        int item;
        while ((item = Interlocked.Increment(ref _nextItem)) < _count)
        {
            long allocatedBefore = helper ? GC.GetAllocatedBytesForCurrentThread() : 0;
            if (item < Volatile.Read(ref _failedItem))
            {
                try
                {
                    if (worker is null)
                    {
                        worker = _createWorker();
                        lock (_gate) _workers.Add(worker);
                    }
                    _run(worker, item);
                }
                catch (Exception error)
                {
                    // A worker that failed mid-item may hold half-written state: items after this one are
                    // skipped anyway, but one below it still unclaimed would get a fresh worker.
                    worker = null;
                    lock (_gate)
                    {
                        if (item < _failedItem)
                        {
                            _failedItem = item;
                            _error = error;
                        }
                    }
                }
            }
            // Counted before the item is reported finished, so the caller reads the total once all are.
            if (helper) Interlocked.Add(ref _helperAllocatedBytes, GC.GetAllocatedBytesForCurrentThread() - allocatedBefore);
            if (Interlocked.Increment(ref _finished) == _count)
            {
                lock (_gate) Monitor.PulseAll(_gate);
            }
        }
    }
}
