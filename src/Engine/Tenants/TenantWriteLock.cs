// CORRECTNESS-CRITICAL: every writer of a tenant passes through this lock. A lock that is never released
// stops all of the tenant's writers, so ownership changes only here, under _lock, and the owner gives it
// back whenever its SQLite write transaction is over (see TenantSession.ReleaseWriteLockIfIdle).
using TenantDb.Engine.Errors;
using TenantDb.Engine.Scheduling;

namespace TenantDb.Engine.Tenants;

/// <summary>
/// A tenant's write lock: at most one session writes at a time, and sessions that want to write wait in
/// a bounded first-in-first-out queue. Release hands the lock to the first waiter directly, so a session
/// that arrives later cannot overtake one that is waiting. Asynchronous callers wait without a thread
/// (<see cref="WaitAsync"/>); synchronous ones block (<see cref="Acquire"/>). A wait longer than the
/// timeout fails with <see cref="TenantDbErrorKind.Busy"/> (SQLSTATE 55P03); a wait that would make the
/// queue longer than its bound fails at once with <see cref="TenantDbErrorKind.WriteQueueFull"/> (53300).
/// </summary>
/// <remarks>
/// SQLite's own lock still decides who writes the file; this queue only makes sure that, inside this
/// process, the session SQLite lets write is always the one whose turn it is, so no writer sleeps in
/// SQLite's busy handler waiting for another writer of the same process.
/// </remarks>
internal sealed class TenantWriteLock
{
    private readonly Lock _lock = new();
    private readonly LinkedList<Waiter> _queue = new();
    private readonly string _tenant;
    private object? _owner;

    /// <summary>Creates the lock of tenant <paramref name="tenant"/> (named in error messages).</summary>
    public TenantWriteLock(string tenant, int maxWaiters)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxWaiters);
        _tenant = tenant;
        MaxWaiters = maxWaiters;
    }

    /// <summary>Most sessions that may wait at once.</summary>
    public int MaxWaiters { get; }

    /// <summary>The session holding the lock, or null.</summary>
    public object? Owner => Volatile.Read(ref _owner);

    /// <summary>Sessions waiting now.</summary>
    public int Waiting
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>True when <paramref name="owner"/> holds the lock.</summary>
    public bool IsHeldBy(object owner) => ReferenceEquals(Volatile.Read(ref _owner), owner);

    /// <summary>Takes the lock when it is free and nobody waits; true when <paramref name="owner"/> holds it afterwards.</summary>
    public bool TryAcquire(object owner)
    {
        lock (_lock)
        {
            return TryAcquireLocked(owner);
        }
    }

    /// <summary>
    /// Waits in the queue for the lock; the task completes once <paramref name="owner"/> holds it (at
    /// once when it is free). Fails with <see cref="TenantDbErrorKind.Busy"/> after
    /// <paramref name="timeout"/>, with <see cref="TenantDbErrorKind.WriteQueueFull"/> when the queue is
    /// full, and with <see cref="TenantDbErrorKind.Canceled"/> when <paramref name="cancellation"/> fires first.
    /// </summary>
    public Task WaitAsync(object owner, TimeSpan timeout, CancellationToken cancellation)
    {
        Waiter waiter;
        lock (_lock)
        {
            if (TryAcquireLocked(owner))
            {
                return Task.CompletedTask;
            }

            if (timeout == TimeSpan.Zero)
            {
                return Task.FromException(LockTimeout());
            }

            if (_queue.Count >= MaxWaiters)
            {
                return Task.FromException(new TenantDbException(TenantDbErrorKind.WriteQueueFull,
                    $"too many sessions are waiting to write to tenant \"{_tenant}\" (at most {MaxWaiters} may wait)"));
            }

            waiter = new Waiter(this, owner);
            waiter.Node = _queue.AddLast(waiter);
        }

        waiter.Arm(timeout, cancellation);
        return waiter.Task;
    }

    /// <summary>Blocks until <paramref name="owner"/> holds the lock; the failures of <see cref="WaitAsync"/>.</summary>
    public void Acquire(object owner, TimeSpan timeout)
    {
        if (TryAcquire(owner))
        {
            return;
        }

        // On a scheduler's worker this lets a stand-in run the lock holder's next batch meanwhile.
        using var blocking = WorkScheduler.EnterBlocking();
        WaitAsync(owner, timeout, CancellationToken.None).GetAwaiter().GetResult();
    }

    /// <summary>
    /// Gives the lock up if <paramref name="owner"/> holds it (else does nothing) and hands it to the
    /// first session still waiting.
    /// </summary>
    public void Release(object owner)
    {
        lock (_lock)
        {
            if (!ReferenceEquals(_owner, owner))
            {
                return;
            }

            Volatile.Write(ref _owner, null);
            while (_queue.First is { } first)
            {
                _queue.RemoveFirst();
                Waiter next = first.Value;
                next.Node = null;
                Volatile.Write(ref _owner, next.Owner);
                if (next.Grant())
                {
                    return;
                }

                Volatile.Write(ref _owner, null);
            }
        }
    }

    private static TenantDbException LockTimeout() => new(TenantDbErrorKind.Busy,
        "canceling statement due to lock timeout: another transaction held the tenant's write lock for longer than the lock timeout");

    private bool TryAcquireLocked(object owner)
    {
        if (ReferenceEquals(_owner, owner))
        {
            return true;
        }

        if (_owner is not null || _queue.Count > 0)
        {
            return false;
        }

        Volatile.Write(ref _owner, owner);
        return true;
    }

    // A timeout or cancel: the waiter leaves the queue, unless Release already handed it the lock (then
    // it keeps the lock, and its session gives it back like any other).
    private void Abandon(Waiter waiter, TenantDbException reason)
    {
        lock (_lock)
        {
            if (waiter.Node is null)
            {
                return;
            }

            _queue.Remove(waiter.Node);
            waiter.Node = null;
            waiter.Fail(reason);
        }
    }

    private sealed class Waiter(TenantWriteLock owningLock, object owner)
    {
        // Continuations run on the thread pool, never inside Release (which holds the lock's monitor).
        private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private Timer? _timer;
        private CancellationTokenRegistration _cancellation;

        public object Owner { get; } = owner;

        /// <summary>The waiter's place in the queue; null once it has left it (granted, timed out or canceled).</summary>
        public LinkedListNode<Waiter>? Node { get; set; }

        public Task Task => _completion.Task;

        public void Arm(TimeSpan timeout, CancellationToken cancellation)
        {
            if (_completion.Task.IsCompleted)
            {
                return; // granted between joining the queue and arming
            }

            if (cancellation.CanBeCanceled)
            {
                _cancellation = cancellation.Register(static state =>
                {
                    var waiter = (Waiter)state!;
                    waiter.Leave(new TenantDbException(TenantDbErrorKind.Canceled, "canceling statement due to user request"));
                }, this);
            }

            if (timeout != Timeout.InfiniteTimeSpan)
            {
                var timer = new Timer(static state =>
                {
                    var waiter = (Waiter)state!;
                    waiter.Leave(LockTimeout());
                }, this, Timeout.Infinite, Timeout.Infinite);
                _timer = timer;
                timer.Change(timeout < TimeSpan.Zero ? TimeSpan.Zero : timeout, Timeout.InfiniteTimeSpan);
            }
        }

        /// <summary>Called under the lock's monitor; false when the waiter had already failed.</summary>
        public bool Grant()
        {
            Disarm();
            return _completion.TrySetResult();
        }

        /// <summary>Called under the lock's monitor.</summary>
        public void Fail(TenantDbException reason)
        {
            Disarm();
            _completion.TrySetException(reason);
        }

        private void Leave(TenantDbException reason) => owningLock.Abandon(this, reason);

        // Unregister does not wait for a callback that is running (which may be waiting for the monitor).
        private void Disarm()
        {
            _cancellation.Unregister();
            _timer?.Dispose();
        }
    }
}
