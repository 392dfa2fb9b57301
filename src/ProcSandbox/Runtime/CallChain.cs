using System.Diagnostics;

namespace TenantDb.ProcSandbox.Runtime;

/// <summary>
/// SAFETY-CRITICAL. The instances taking part in the outermost call running on a thread: the
/// outermost instance, then every instance entered from inside it (imports, table entries of other
/// instances, host callbacks), innermost last. A stop request or deadline of any of them stops
/// every context in the chain, so a loop in a callee cannot outlive the caller's limits; a context
/// that leaves the chain gets its stop flag back to clear, so the stop does not leak into its own
/// later calls. Reused by its outermost instance from call to call; locked because stop requests
/// come from other threads.
/// </summary>
internal sealed class CallChain(Instance outermost)
{
    [ThreadStatic]
    private static CallChain? t_current;

    private readonly Lock _lock = new();
    private readonly List<Instance> _entered = [];
    private bool _active;
    private bool _stopped;

    /// <summary>The chain running on this thread, if generated code runs (or a host function it called).</summary>
    public static CallChain? Current => t_current;

    /// <summary>The instance whose code called into the host most recently.</summary>
    public Instance Innermost => _entered[^1];

    /// <summary>Starts the outermost call; a stop requested before it applies to it.</summary>
    public void BeginOutermost()
    {
        lock (_lock)
        {
            // The chain is reused from call to call: active means this instance runs on another thread now.
            if (_active) throw new InvalidOperationException("the instance is already running a call on another thread");
            Claim(outermost);
            _active = true;
            _stopped = outermost.StopFlagSetWhileRunning;
            _entered.Add(outermost);
        }
        t_current = this;
    }

    /// <summary>
    /// Makes this chain the one <paramref name="instance"/> runs in. An instance (and so its
    /// context, whose trap-exit state a second thread would overwrite) runs in one chain at a time:
    /// a call from another thread while it runs is refused before anything is written.
    /// </summary>
    private void Claim(Instance instance)
    {
        var current = instance.TryClaim(this);
        if (current is not null && current != this)
            throw new InvalidOperationException("the instance is already running a call on another thread");
    }

    /// <summary>Ends the outermost call: a stop request applies to the call it interrupted, not to later ones.</summary>
    public void EndOutermost()
    {
        t_current = null;
        lock (_lock)
        {
            foreach (var instance in _entered) instance.Unclaim();
            _entered.Clear();
            _active = false;
            _stopped = false;
            outermost.SetStopFlagWhileRunning(0);
        }
    }

    /// <summary>A nested call enters <paramref name="instance"/>; a stop already requested reaches it at once.</summary>
    public void Enter(Instance instance)
    {
        lock (_lock)
        {
            Claim(instance);
            _entered.Add(instance);
            if (_stopped) instance.SetStopFlagWhileRunning(1);
        }
    }

    /// <summary>The nested call into <paramref name="instance"/> returned (or trapped).</summary>
    public void Leave(Instance instance)
    {
        lock (_lock)
        {
            _entered.RemoveAt(_entered.Count - 1);
            if (_entered.Contains(instance)) return; // still running further out: keeps its flag
            instance.Unclaim();
            instance.SetStopFlagWhileRunning(0);
        }
    }

    /// <summary>Stops the whole chain if <paramref name="requester"/> runs in it; false when it does not (any more).</summary>
    public bool Stop(Instance requester)
    {
        lock (_lock)
        {
            if (!_active || !_entered.Contains(requester)) return false;
            StopLocked();
            return true;
        }
    }

    /// <summary>
    /// Stops the call <paramref name="instance"/> runs in (or marks it for its next call) if it is
    /// still rented under <paramref name="lease"/>; checked and written under this chain's lock,
    /// which <see cref="RenewLease"/> takes too, so a stop cannot land in the next rental.
    /// </summary>
    public void StopRental(Instance instance, long lease)
    {
        lock (_lock)
        {
            if (!instance.IsLeaseLocked(lease)) return;
            instance.MarkFaulted();
            if (_active && _entered.Contains(instance)) StopLocked();
            else instance.SetStopFlag(1);
        }
    }

    /// <summary>A pooled <paramref name="instance"/> (the outermost of this chain) starts a new rental.</summary>
    public void RenewLease(Instance instance)
    {
        lock (_lock) instance.RenewLeaseLocked();
    }

    /// <summary>Stops the chain if the outermost call's <paramref name="deadline"/> has passed; else returns the Stopwatch ticks left (0 when nothing runs).</summary>
    public long StopIfPast(ref long deadline)
    {
        lock (_lock)
        {
            long due = Volatile.Read(ref deadline);
            if (!_active || due == long.MaxValue) return 0;
            long left = due - Stopwatch.GetTimestamp();
            if (left > 0) return left;
            StopLocked();
            return 0;
        }
    }

    /// <summary>Clears the deadline under the lock the timer callback checks it under.</summary>
    public void ClearDeadline(ref long deadline)
    {
        lock (_lock) Volatile.Write(ref deadline, long.MaxValue);
    }

    private void StopLocked()
    {
        _stopped = true;
        foreach (var instance in _entered) instance.SetStopFlag(1);
    }
}
