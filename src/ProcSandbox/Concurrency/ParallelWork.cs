using System.Runtime.ExceptionServices;

namespace TenantDb.ProcSandbox.Concurrency;

/// <summary>
/// Runs numbered items of independent work (chunks of bodies to validate or functions to compile, address
/// ranges of code to verify) on a bounded number of threads, the calling thread being one of them. Items
/// are claimed in increasing order; each thread keeps one worker object (created on its first item) for
/// all the items it runs, and releases it when it leaves. The outcome does not depend on the number of
/// threads or on timing: when items fail, the error of the lowest-numbered failing item is rethrown (items
/// above a failed one are skipped, items below it were already claimed and always finish). Helper threads
/// come from the thread pool; the caller never waits for one that has not started, so a starved pool only
/// makes the work serial.
///
/// On a loaded machine a helper may be descheduled in the middle of an item, and the caller would wait for
/// it. Where items may run twice (<c>rerunStragglers</c>: each item's result is deterministic and published
/// only by the first run to finish, see <see cref="TryPublish{T}"/>), the caller runs the items still in
/// progress itself once none is left to claim, and returns as soon as every item has finished once; the
/// slower run finishes later on its own thread and discards its result.
/// </summary>
internal sealed class ParallelWork<TWorker> where TWorker : class
{
    private const int Free = 0, Running = 1, Done = 2;

    private readonly int _count;
    private readonly Func<TWorker> _createWorker;
    private readonly Action<TWorker, int> _run;
    private readonly Action<TWorker>? _releaseWorker;
    private readonly bool _rerunStragglers;
    private readonly int[] _state;
    private readonly object _gate = new();
    private readonly int _callerThread = Environment.CurrentManagedThreadId;
    private int _nextItem = -1;
    private int _finished;
    private int _failedItem = int.MaxValue;
    private Exception? _error;
    private long _helperAllocatedBytes;

    private ParallelWork(int count, Func<TWorker> createWorker, Action<TWorker, int> run, Action<TWorker>? releaseWorker, bool rerunStragglers)
    {
        _count = count;
        _createWorker = createWorker;
        _run = run;
        _releaseWorker = releaseWorker;
        _rerunStragglers = rerunStragglers;
        _state = new int[count];
    }

    /// <summary>
    /// What the helper threads allocated while running items that finished before <see cref="Run"/> returned (the
    /// caller's own allocations show in its thread's counter; compile-memory budgets add both).
    /// </summary>
    public long HelperAllocatedBytes => Interlocked.Read(ref _helperAllocatedBytes);

    /// <summary>
    /// Runs <paramref name="run"/> for items 0 to <paramref name="count"/> - 1 on at most <paramref name="threads"/>
    /// threads and waits until each has finished once. Failures are kept, not thrown: call <see cref="ThrowIfFailed"/>.
    /// </summary>
    /// <param name="count">Items to run.</param>
    /// <param name="threads">Most threads to use, the caller included.</param>
    /// <param name="createWorker">Makes a thread's worker, on its first item.</param>
    /// <param name="run">Runs one item with the thread's worker.</param>
    /// <param name="releaseWorker">Called by each thread on its worker when it leaves (or when an item failed on it).</param>
    /// <param name="rerunStragglers">Whether items may run twice (see the class comment).</param>
    public static ParallelWork<TWorker> Run(int count, int threads, Func<TWorker> createWorker, Action<TWorker, int> run, Action<TWorker>? releaseWorker = null, bool rerunStragglers = false)
    {
        var work = new ParallelWork<TWorker>(count, createWorker, run, releaseWorker, rerunStragglers);
        int helpers = Math.Min(threads, count) - 1;
        for (int i = 0; i < helpers; i++) ThreadPool.UnsafeQueueUserWorkItem(static w => w.Work(), work, preferLocal: false);
        work.Work();
        lock (work._gate)
        {
            while (Volatile.Read(ref work._finished) < count) Monitor.Wait(work._gate);
        }
        return work;
    }

    /// <summary>Stores <paramref name="result"/> in <paramref name="slot"/> unless another run of the item already did; true if stored.</summary>
    public static bool TryPublish<T>(ref T? slot, T result) where T : class => Interlocked.CompareExchange(ref slot, result, null) is null;

    /// <summary>Rethrows the exception of the lowest-numbered item that failed, if any.</summary>
    public void ThrowIfFailed()
    {
        if (_error is not null) ExceptionDispatchInfo.Throw(_error);
    }

    private void Work()
    {
        bool helper = Environment.CurrentManagedThreadId != _callerThread;
        TWorker? worker = null;
        try
        {
            int item;
            while ((item = Interlocked.Increment(ref _nextItem)) < _count)
            {
                if (Interlocked.CompareExchange(ref _state[item], Running, Free) == Free) RunItem(ref worker, item, helper);
            }
            if (helper || !_rerunStragglers) return;
            for (item = 0; item < _count; item++)
            {
                // Claimed by a helper that has not started it, or still running on one: run it here as well.
                if (Interlocked.CompareExchange(ref _state[item], Running, Free) != Done) RunItem(ref worker, item, helper);
            }
        }
        finally
        {
            if (worker is not null) _releaseWorker?.Invoke(worker);
        }
    }

    private void RunItem(ref TWorker? worker, int item, bool helper)
    {
        long allocatedBefore = helper ? GC.GetAllocatedBytesForCurrentThread() : 0;
        if (item < Volatile.Read(ref _failedItem))
        {
            try
            {
                worker ??= _createWorker();
                _run(worker, item);
            }
            catch (Exception error)
            {
                // A worker that failed mid-item may hold half-written state: release it; a later item gets a fresh one.
                if (worker is not null) _releaseWorker?.Invoke(worker);
                worker = null;
                lock (_gate)
                {
                    // A second run failing after the item finished (cancelled, or still going after the caller
                    // returned and the shared state was let go) must not change the outcome already decided.
                    if (item < _failedItem && Volatile.Read(ref _state[item]) != Done)
                    {
                        _failedItem = item;
                        _error = error;
                    }
                }
            }
        }
        // Counted before the item is reported finished, so the caller reads the total once all are.
        if (helper) Interlocked.Add(ref _helperAllocatedBytes, GC.GetAllocatedBytesForCurrentThread() - allocatedBefore);
        if (Interlocked.Exchange(ref _state[item], Done) != Done && Interlocked.Increment(ref _finished) == _count)
        {
            lock (_gate) Monitor.PulseAll(_gate);
        }
    }
}
