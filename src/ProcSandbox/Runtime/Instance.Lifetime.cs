using System.Diagnostics;
using System.Runtime.InteropServices;
using TenantDb.ProcSandbox.Runtime.Native;

namespace TenantDb.ProcSandbox.Runtime;

/// <summary>
/// SAFETY-CRITICAL. When the native context may be freed, and who may still write into it.
///
/// The context is reference counted: the owner's reference (dropped by <see cref="Dispose"/>),
/// one per instance that imported something of this one (a global's cell lives in the context),
/// and one per running call. It is freed when the count reaches zero, deterministically; the
/// finalizer only frees what an undisposed instance left.
///
/// Writes from other threads (<see cref="RequestStop()"/>, the deadline timer) take
/// <see cref="_contextLock"/>, the lock under which <see cref="Free"/> retires the context, so
/// they can never write into freed memory (the thread of a running call holds a reference, so it
/// reads and writes its own stop flag without that lock); a late deadline callback re-checks its deadline under
/// the chain's lock, so it cannot stop a later call.
/// </summary>
public sealed unsafe partial class Instance
{
    private readonly Lock _contextLock = new();
    private int _references = 1;
    private int _disposed;
    private CallChain? _chain;
    private CallChain? _activeChain;
    private Timer? _deadlineTimer;
    private long _deadlineTimestamp = long.MaxValue;

    private bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>Whether the native context is gone.</summary>
    internal bool IsFreed => Volatile.Read(ref _context) == 0;

    /// <summary>The context of a running instance (callers guarantee it runs, so it is not freed).</summary>
    internal nint ContextForChain => _context;

    /// <summary>The chain this instance currently runs in, if any (claimed and released by <see cref="CallChain"/> under its lock).</summary>
    internal CallChain? ActiveChain => Volatile.Read(ref _activeChain);

    /// <summary>Makes <paramref name="chain"/> the active one unless another is; returns the one that was active (null if none).</summary>
    internal CallChain? TryClaim(CallChain chain) => Interlocked.CompareExchange(ref _activeChain, chain, null);

    internal void Unclaim() => Volatile.Write(ref _activeChain, null);

    /// <summary>
    /// Asks the running call (or the next one, if none runs) to stop at its next function entry or
    /// loop iteration with <see cref="TrapKind.DeadlineExceeded"/>. When this instance runs inside
    /// another instance's call, that whole call stops. Safe from any thread, also during and after disposal.
    /// </summary>
    public void RequestStop()
    {
        _faulted = true;
        if (ActiveChain is { } chain && chain.Stop(this)) return;
        SetStopFlag(1);
    }

    /// <summary>Writes the context's stop flag unless the context is already freed.</summary>
    internal void SetStopFlag(int value)
    {
        lock (_contextLock)
        {
            nint context = _context;
            if (context != 0) Volatile.Write(ref *(int*)(context + VmContextLayout.StopFlag), value);
        }
    }

    /// <summary>
    /// Whether a stop was requested before the call that is starting. Only for a thread that holds
    /// a reference (a running call, see <see cref="Run"/>): the context cannot be freed before that
    /// reference is released, so unlike writes from other threads this needs no lock.
    /// </summary>
    internal bool StopFlagSetWhileRunning
    {
        get
        {
            Debug.Assert(Volatile.Read(ref _references) > 0 && _context != 0);
            return Volatile.Read(ref *(int*)(_context + VmContextLayout.StopFlag)) != 0;
        }
    }

    /// <summary>Writes the stop flag from a thread that holds a reference (see <see cref="StopFlagSetWhileRunning"/>).</summary>
    internal void SetStopFlagWhileRunning(int value)
    {
        Debug.Assert(Volatile.Read(ref _references) > 0 && _context != 0);
        Volatile.Write(ref *(int*)(_context + VmContextLayout.StopFlag), value);
    }

    private void ArmDeadline(TimeSpan timeout)
    {
        _deadlineTimer ??= new Timer(static state => ((Instance)state!).OnDeadlineTimer(), this, Timeout.Infinite, Timeout.Infinite);
        Volatile.Write(ref _deadlineTimestamp, Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency));
        _deadlineTimer.Change(timeout, Timeout.InfiniteTimeSpan);
    }

    private void DisarmDeadline()
    {
        _chain!.ClearDeadline(ref _deadlineTimestamp);
        try
        {
            _deadlineTimer!.Change(Timeout.Infinite, Timeout.Infinite);
        }
        catch (ObjectDisposedException)
        {
            // Disposed while the call ran; the deadline above is cleared, which is all that matters.
        }
    }

    /// <summary>Timer callback: stops the running call if its deadline has really passed (the timer may be late or early).</summary>
    private void OnDeadlineTimer()
    {
        if (_chain is not { } chain) return;
        long remaining = chain.StopIfPast(ref _deadlineTimestamp);
        if (remaining <= 0) return;
        try
        {
            _deadlineTimer?.Change(TimeSpan.FromSeconds((double)remaining / Stopwatch.Frequency) + TimeSpan.FromMilliseconds(1), Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // The instance was disposed: no call left to stop.
        }
    }

    /// <summary>Takes a reference (for a call or an importer); false once the context is gone.</summary>
    internal bool TryAcquire() => ReferenceCount.TryAcquire(ref _references);

    /// <summary>Drops a reference; the last one frees the context and everything the instance holds.</summary>
    internal void Release()
    {
        int count = Interlocked.Decrement(ref _references);
        if (count == 0) Free(disposing: true);
        else if (count < 0) throw new InvalidOperationException("instance released more often than acquired");
    }

    /// <summary>
    /// Gives up the owner's reference: the context, memory and table are released now, or, while
    /// a call still runs or another instance still uses an export, as soon as that ends.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        Release();
    }

    /// <summary>Frees native state if <see cref="Dispose"/> was never called.</summary>
    ~Instance() => Free(disposing: false);

    private void Free(bool disposing)
    {
        nint context;
        lock (_contextLock)
        {
            context = _context;
            if (context == 0) return;
            _context = 0;
        }
        _deadlineTimer?.Dispose();
        // Always stop the memory from writing its size into the context we are about to free.
        _memory?.Detach(context);
        if (disposing)
        {
            // From the finalizer these objects may be finalized already: only a deterministic release hands them on.
            _memory?.Release();
            _table?.Release();
            foreach (var exporter in _importedFrom) exporter.Release();
            GC.SuppressFinalize(this);
        }
        if (_self.IsAllocated) _self.Free();
        NativeMemory.Free((void*)context);
    }
}
