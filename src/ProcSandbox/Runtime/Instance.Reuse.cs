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
/// <see cref="Lease"/>, bumped (and the stop flag cleared) under the context lock when the instance
/// is reset, and <see cref="RequestStop(long)"/> only stops the rental it names.
/// </summary>
public sealed unsafe partial class Instance
{
    private bool _exposed;
    private long _lease;

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
            if (_lease == lease && context != 0) Volatile.Write(ref *(int*)(context + VmContextLayout.StopFlag), 1);
        }
    }

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
            _lease++;
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
        if (_exposed || IsDisposed || IsFreed || ActiveChain is not null) return false;
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
