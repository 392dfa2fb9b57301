using TenantDb.ProcSandbox.Module;
using TenantDb.ProcSandbox.Runtime.Native;

namespace TenantDb.ProcSandbox.Runtime;

/// <summary>
/// SAFETY-CRITICAL. Handing one instance to call after call (<see cref="InstancePool"/>) without any
/// call seeing what an earlier one left: before an instance is handed out again its memory is
/// zeroed and shrunk back to its declared minimum, the data segments are copied in again, every
/// global is set back to its initial value, and fuel, stack budget, stop flag and any pending host
/// error are reset. Its table needs nothing: MVP code cannot change a table, and a private table
/// holds only the module's own functions from its element segments.
///
/// Only instances nobody else can reach are reused: no import of memory, table or globals, no
/// start function, nothing exported handed out (<see cref="_exposed"/>), no other instance holding
/// a reference, no call running. Anything else is disposed instead.
///
/// A stop request aimed at one call must not reach the next renter's call: each rental has a
/// <see cref="Lease"/>, replaced (and the stop flag cleared) under the context lock when the instance
/// is reset, and <see cref="RequestStop(long)"/> only stops the rental it names. Leases come from one
/// process-wide counter, so no two rentals of any instances ever share one: a caller that pairs an
/// instance with a lease it read at another moment can at worst name no rental at all.
///
/// An instance whose call trapped or was asked to stop is never reused (<see cref="_faulted"/>): its
/// memory may hold a half-written row, and a reset proven complete for normal returns need not be
/// trusted for every way a call can be cut short.
/// </summary>
public sealed unsafe partial class Instance
{
    private static long s_lastLease;
    private bool _exposed;
    private long _lease = Interlocked.Increment(ref s_lastLease);
    private volatile bool _faulted;

    /// <summary>Identifies the current rental of a pooled instance (see <see cref="RequestStop(long)"/>).</summary>
    public long Lease => Volatile.Read(ref _lease);

    /// <summary>
    /// Like <see cref="RequestStop()"/>, but only while the instance is still rented under
    /// <paramref name="lease"/>: a late stop for a call that has ended cannot stop a later renter's call.
    /// </summary>
    public void RequestStop(long lease)
    {
        // The lease only changes under the chain's lock (once there is a chain) and the context lock,
        // and both paths below check it and write the stop under those same locks.
        if (_chain is { } chain)
        {
            chain.StopRental(this, lease);
            return;
        }
        lock (_contextLock)
        {
            nint context = _context;
            if (_lease != lease) return;
            _faulted = true;
            if (context != 0) Volatile.Write(ref *(int*)(context + VmContextLayout.StopFlag), 1);
        }
    }

    /// <summary>Marks this instance as not reusable: a call of it trapped or was asked to stop.</summary>
    internal void MarkFaulted() => _faulted = true;

    /// <summary>Whether a call trapped or a stop was requested since the instance was made or last reset.</summary>
    public bool Faulted => _faulted;

    /// <summary>Whether <paramref name="lease"/> is the current rental (read under the context lock).</summary>
    internal bool IsLeaseLocked(long lease)
    {
        lock (_contextLock) return _lease == lease;
    }

    /// <summary>Starts a new rental: a new lease and a clear stop flag, under the locks a stop request takes.</summary>
    private void RenewLease()
    {
        if (_chain is { } chain)
        {
            chain.RenewLease(this);
            return;
        }
        RenewLeaseLocked();
    }

    /// <summary>Bumps the lease and clears the stop flag under the context lock.</summary>
    internal void RenewLeaseLocked()
    {
        lock (_contextLock)
        {
            _lease = Interlocked.Increment(ref s_lastLease);
            // TryReset checked it before: a stop that landed since was for the call that already returned.
            _faulted = false;
            nint context = _context;
            if (context != 0) Volatile.Write(ref *(int*)(context + VmContextLayout.StopFlag), 0);
        }
    }

    /// <summary>Whether the module's shape lets instances of it be reset and reused.</summary>
    internal static bool IsReusable(CompiledModule compiled)
    {
        var module = compiled.Module;
        if (module.Start is not null) return false;
        foreach (var import in module.Imports)
        {
            if (import.Kind != ExternalKind.Function) return false;
        }
        return true;
    }

    /// <summary>
    /// Puts this instance back into its freshly instantiated state when its call is over; false
    /// (nothing changed) when it cannot be reused and must be disposed.
    /// </summary>
    internal bool TryReset()
    {
        if (_faulted || _exposed || IsDisposed || IsFreed || ActiveChain is not null) return false;
        // Only the owner's reference: no call runs and no other instance imported anything of ours.
        if (Volatile.Read(ref _references) != 1) return false;
        if (_memory is not null && !_memory.TryResetForReuse(_compiled.Module.Memories[0].Limits.Min)) return false;

        RenewLease();
        _pendingHostException = null;
        State = null;
        nint context = _context;
        var module = _compiled.Module;
        for (int i = 0; i < module.Globals.Count; i++)
        {
            *(ulong*)(context + _layout.DefinedGlobal(i)) = EvaluateConstant(module.Globals[i].Init);
        }
        foreach (var segment in module.Data)
        {
            // Checked to fit at instantiation; the memory is back to the same size.
            segment.Bytes.Span.CopyTo(_memory!.Span[(int)(uint)EvaluateConstant(segment.Offset)..]);
        }
        return true;
    }

    /// <summary>
    /// Whether this (idle) instance was made for <paramref name="limits"/>: its memory reservation,
    /// sized at instantiation from the memory limit, is the one a fresh instantiation would get.
    /// </summary>
    internal bool FitsLimits(InstanceLimits limits)
    {
        if (_memory is null) return true;
        var declared = _compiled.Module.Memories[0].Limits;
        uint limit = (uint)Math.Clamp(limits.MaxMemoryPages, 0, 65536);
        uint reserved = declared.Max is { } max ? Math.Min(max, limit) : limit;
        return declared.Min <= limit && _memory.ReservedPages == reserved;
    }

    /// <summary>Bytes of memory this instance keeps committed while idle: its linear memory's committed pages and its context.</summary>
    internal long RetainedBytes => (_memory?.CommittedBytes ?? 0) + _layout.Size + (_table?.Size ?? 0) * (long)VmContextLayout.TableEntrySize;

    /// <summary>Current linear memory size in bytes (0 without a memory).</summary>
    internal long MemoryBytes => _memory?.SizeBytes ?? 0;

    /// <summary>
    /// Hands a reset instance to a new renter: its limits and its state. The lease was renewed and
    /// the stop flag cleared when it came back, and only stops naming the new lease reach it.
    /// </summary>
    internal void Prepare(InstanceLimits limits, object? state)
    {
        Limits = limits;
        State = state;
        nint context = _context;
        *(long*)(context + VmContextLayout.MaxStackBytes) = limits.MaxStackBytes;
        ContextFuel.Set(context, limits.Fuel);
    }
}
