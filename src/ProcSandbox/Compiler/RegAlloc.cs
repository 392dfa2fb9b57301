using Iced.Intel;

namespace TenantDb.ProcSandbox.Compiler;

/// <summary>
/// The register allocator's free sets: bitsets of allocatable general registers and xmm0..xmm14 by
/// number. When a class is exhausted, <see cref="CodeGenContext"/> spills the oldest value holding one.
/// </summary>
internal sealed class RegAlloc
{
    private const uint AllGprs = (1u << 0) | (1u << 1) | (1u << 2) | (1u << 6) | (1u << 7)
        | (1u << 8) | (1u << 9) | (1u << 12) | (1u << 13);
    private const uint AllXmms = 0x7FFF;

    private uint _gprs = AllGprs;
    private uint _xmms = AllXmms;
    private uint _freeGprs = AllGprs;
    private uint _freeXmms = AllXmms;

    /// <summary>All registers free, except those the body's pinned locals and memory limit hold (never handed out, and freeing them does nothing).</summary>
    public void Reset(Frame frame)
    {
        _gprs = AllGprs;
        _xmms = AllXmms;
        if (frame.MemoryLimit != Register.None) _gprs &= ~(1u << X64.Number(frame.MemoryLimit));
        for (int i = 0; i < frame.PinnedCount; i++)
        {
            var r = frame.Pinned(i).Register;
            if (X64.IsXmm(r)) _xmms &= ~(1u << X64.Number(r));
            else _gprs &= ~(1u << X64.Number(r));
        }
        Reset();
    }

    /// <summary>All registers of the current body free (at block ends, where every value is in memory).</summary>
    public void Reset()
    {
        _freeGprs = _gprs;
        _freeXmms = _xmms;
    }

    public bool IsFree(Register r) => X64.IsXmm(r)
        ? (_freeXmms & (1u << X64.Number(r))) != 0
        : (_freeGprs & (1u << X64.Number(r))) != 0;

    public Register TryTakeGpr()
    {
        foreach (var r in X64.AllocatableGprs)
        {
            uint bit = 1u << X64.Number(r);
            if ((_freeGprs & bit) != 0)
            {
                _freeGprs &= ~bit;
                return r;
            }
        }
        return Register.None;
    }

    public Register TryTakeXmm()
    {
        if (_freeXmms == 0) return Register.None;
        int n = System.Numerics.BitOperations.TrailingZeroCount(_freeXmms);
        _freeXmms &= ~(1u << n);
        return Register.XMM0 + n;
    }

    public void Take(Register r)
    {
        if (X64.IsXmm(r)) _freeXmms &= ~(1u << X64.Number(r));
        else _freeGprs &= ~(1u << X64.Number(r));
    }

    public void Free(Register r)
    {
        if (X64.IsXmm(r)) _freeXmms |= (1u << X64.Number(r)) & _xmms;
        else _freeGprs |= (1u << X64.Number(r)) & _gprs;
    }
}
