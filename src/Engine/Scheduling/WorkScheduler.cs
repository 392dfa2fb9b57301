namespace TenantDb.Engine.Scheduling;

/// <summary>
/// Runs engine (SQLite) work on a bounded set of dedicated worker threads, so the number of threads
/// does not grow with the number of connections: connections do their network work asynchronously
/// and hand each batch of engine work to this scheduler, which runs at most <see cref="Workers"/>
/// batches at once. When nothing is queued and the budget has room, a batch runs at once on the
/// caller's thread; otherwise it waits for one of the worker threads. Work is queued per tenant (<see cref="TenantLane"/>) and taken round-robin across tenants
/// (<see cref="FairWorkQueue"/>), so a tenant with a thousand queued batches delays another tenant's
/// batch by at most one batch per busy tenant.
/// </summary>
/// <remarks>
/// A SQLite connection may be used from any thread as long as no two threads use it at once (SQLite's
/// multi-thread and serialized modes; Microsoft.Data.Sqlite's bundled library is serialized), and a
/// session's batches never overlap because its connection awaits one before it schedules the next.
/// Work that must block a worker (a synchronous wait for a tenant's write lock) announces it with
/// <see cref="EnterBlocking"/>: while it blocks, the scheduler may start a stand-in thread so that
/// the session holding the lock can still run, up to <see cref="MaxThreads"/>; stand-ins end once
/// the blocked workers are back.
/// </remarks>
public sealed class WorkScheduler : IDisposable
{
    [ThreadStatic]
    private static WorkScheduler? t_current;

    private readonly Lock _lock = new();
    private readonly FairWorkQueue _queue = new();
    private readonly Dictionary<string, TenantLane> _lanes = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _wake = new(0);
    private readonly string _threadName;
    private int _threads;
    private int _blocked;
    private int _idle;
    private int _running;
    private int _nextThreadNumber;
    private bool _stopping;

    /// <summary>
    /// Creates a scheduler with <paramref name="workers"/> threads (started on first use), and room for
    /// as many stand-ins again while workers block.
    /// </summary>
    public WorkScheduler(int workers, string threadName = "tenantdb-worker")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        Workers = workers;
        MaxThreads = workers * 2;
        _threadName = threadName;
    }

    /// <summary>Worker threads that run work at once when none blocks.</summary>
    public int Workers { get; }

    /// <summary>Most threads the scheduler ever has, stand-ins for blocked workers included.</summary>
    public int MaxThreads { get; }

    /// <summary>Worker threads alive now.</summary>
    public int Threads
    {
        get
        {
            lock (_lock) return _threads;
        }
    }

    /// <summary>Batches waiting for a worker now.</summary>
    public int Queued
    {
        get
        {
            lock (_lock) return _queue.Count;
        }
    }

    /// <summary>Batches running now, on workers or inline on their callers' threads.</summary>
    public int Running
    {
        get
        {
            lock (_lock) return _running;
        }
    }

    /// <summary>Tenants with a lane now (each has a connection that holds it).</summary>
    public int Lanes
    {
        get
        {
            lock (_lock) return _lanes.Count;
        }
    }

    /// <summary>The lane of <paramref name="tenant"/>, shared by all its connections; give it back with <see cref="ReleaseLane"/>.</summary>
    public TenantLane AcquireLane(string tenant)
    {
        lock (_lock)
        {
            if (!_lanes.TryGetValue(tenant, out var lane))
            {
                lane = new TenantLane(tenant);
                _lanes.Add(tenant, lane);
            }
            lane.References++;
            return lane;
        }
    }

    /// <summary>Gives back a lane from <see cref="AcquireLane"/>; the last holder's release forgets it.</summary>
    public void ReleaseLane(TenantLane lane)
    {
        lock (_lock)
        {
            lane.References--;
            // Work in the queue belongs to a connection that holds the lane, so an unreferenced lane is empty.
            if (lane.References == 0) _lanes.Remove(lane.Tenant);
        }
    }

    /// <summary>
    /// Queues <paramref name="work"/> on <paramref name="lane"/>; the task completes when it has run on a
    /// worker (with its exception, if it threw). After <see cref="Dispose"/> the work runs on the caller's thread.
    /// </summary>
    public ValueTask RunAsync(TenantLane lane, ScheduledWork work) => RunAsync(lane, work, first: false);

    /// <summary>
    /// As <see cref="RunAsync(TenantLane, ScheduledWork)"/>; with <paramref name="first"/> the work goes
    /// ahead of the lane's other queued work (see <see cref="FairWorkQueue.EnqueueFirst"/>): a connection
    /// that holds its tenant's write lock must not wait behind the very writers that wait for it.
    /// </summary>
    public ValueTask RunAsync(TenantLane lane, ScheduledWork work, bool first)
    {
        var token = work.Prepare();
        bool onCaller;
        bool inline = false;
        lock (_lock)
        {
            onCaller = _stopping;
            if (!onCaller)
            {
                // Nothing is waiting and the budget has room: run on the caller's thread. Handing the work
                // to a worker and the answer back costs two thread switches, more than a point query, and
                // queued work keeps its turn because this happens only when the queue is empty.
                if (_queue.Count == 0 && HasRoomLocked() && t_current is null)
                {
                    _running++;
                    inline = true;
                }
                else
                {
                    if (first) _queue.EnqueueFirst(lane, work);
                    else _queue.Enqueue(lane, work);
                    if (HasRoomLocked()) WakeWorkerLocked();
                }
            }
        }
        if (onCaller) work.Run();
        else if (inline) RunInline(work);
        return new ValueTask(work, token);
    }

    /// <summary>Runs <paramref name="function"/> on a worker of <paramref name="lane"/> (allocates: for rare work such as opening a session).</summary>
    public async ValueTask<T> RunAsync<T>(TenantLane lane, Func<T> function)
    {
        var work = new FunctionWork<T>(function);
        await RunAsync(lane, work).ConfigureAwait(false);
        return work.Result!;
    }

    /// <summary>
    /// Announces that the calling thread is about to block (for example for a tenant's write lock). On a
    /// worker of a scheduler, that scheduler may start a stand-in until the returned region is disposed;
    /// on any other thread this does nothing.
    /// </summary>
    public static BlockingRegion EnterBlocking()
    {
        if (t_current is not { } scheduler) return default;
        scheduler.EnterBlockingCore();
        return new BlockingRegion(scheduler);
    }

    /// <summary>Lets queued work finish, then ends the worker threads; later work runs on its caller's thread.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_stopping) return;
            _stopping = true;
            _wake.Release(_idle + 1);
            _idle = 0;
        }
    }

    private void EnterBlockingCore()
    {
        lock (_lock)
        {
            _blocked++;
            if (_queue.Count > 0 && HasRoomLocked()) WakeWorkerLocked();
        }
    }

    internal void ExitBlocking()
    {
        lock (_lock) _blocked--;
    }

    private void StartThreadLocked()
    {
        _threads++;
        var thread = new Thread(WorkerLoop)
        {
            IsBackground = true,
            Name = $"{_threadName}-{++_nextThreadNumber}",
        };
        // The thread must not keep the async-locals of whoever happened to start it; each item brings its own.
        using (ExecutionContext.SuppressFlow()) thread.Start();
    }

    private void WorkerLoop()
    {
        t_current = this;
        while (true)
        {
            ScheduledWork? work = null;
            lock (_lock)
            {
                // A stand-in whose blocked worker is back, or any worker once stopping with nothing left, ends here.
                if (_threads - _blocked > Workers || (_stopping && _queue.Count == 0))
                {
                    _threads--;
                    // Idle workers may have found no room before this turn ended.
                    if (_queue.Count > 0 && HasRoomLocked()) WakeWorkerLocked();
                    return;
                }
                if (HasRoomLocked() && _queue.TryDequeue(out var next, out _))
                {
                    work = next;
                    _running++;
                }
                else _idle++;
            }
            if (work is null)
            {
                _wake.Wait();
                continue;
            }
            work.Run();
            lock (_lock) _running--;
        }
    }

    /// <summary>Runs <paramref name="work"/> on the calling thread, counted as one of the workers' turns.</summary>
    private void RunInline(ScheduledWork work)
    {
        // Blocking inside the work (EnterBlocking) then lets a stand-in take this turn, as on a worker.
        t_current = this;
        try
        {
            work.Run();
        }
        finally
        {
            t_current = null;
            lock (_lock)
            {
                _running--;
                if (_queue.Count > 0) WakeWorkerLocked();
            }
        }
    }

    // Another batch may start: fewer than Workers run without blocking, and fewer than MaxThreads run
    // at all, so clients that block their batches (a slow reader of a large result) cannot hold more
    // threads than that, whether workers or callers.
    private bool HasRoomLocked() => _running - _blocked < Workers && _running < MaxThreads;

    // A worker for queued work: an idle one, else a new one while there are fewer than the budget.
    private void WakeWorkerLocked()
    {
        if (_idle > 0)
        {
            _idle--;
            _wake.Release();
        }
        else if (_threads - _blocked < Workers && _threads < MaxThreads)
        {
            StartThreadLocked();
        }
    }

    /// <summary>Disposing it ends a blocking region begun by <see cref="EnterBlocking"/>.</summary>
    public readonly struct BlockingRegion : IDisposable
    {
        private readonly WorkScheduler? _scheduler;

        internal BlockingRegion(WorkScheduler scheduler) => _scheduler = scheduler;

        /// <summary>Ends the region.</summary>
        public void Dispose() => _scheduler?.ExitBlocking();
    }

    private sealed class FunctionWork<T>(Func<T> function) : ScheduledWork
    {
        public T? Result { get; private set; }

        protected override void Execute() => Result = function();
    }
}
