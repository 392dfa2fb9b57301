using Iced.Intel;
using TenantDb.ProcSandbox.Runtime;
using TenantDb.ProcSandbox.Runtime.Native;

namespace TenantDb.ProcSandbox.Compiler;

/// <summary>
/// SAFETY-CRITICAL: the only code that turns a wasm address into a machine address.
/// end = zero-extended i32 address + offset + access size, computed in 64 bits in r11 or in the register
/// holding the address (it cannot overflow: at most 2^32 + 2^32 + 8); the access traps unless end &lt;=
/// current memory size in bytes (read from the context, or from the register a function with memory loops keeps it in:
/// the size when last loaded, which is at most the current one since a memory never shrinks while code runs). The returned operand is [r14 + end - size] = memory base + address + offset.
/// A function whose every access reaches at least W bytes past its address keeps size - W in that register instead (W &lt;= 8 and
/// at most the memory's minimum size) and compares end - W with it: an access reaching exactly W compares its address as it is.
/// </summary>
internal sealed partial class MacroAssembler
{
    /// <summary>Bounds check of a constant address; returns the checked operand.</summary>
    public MemoryOperand CheckedAccess(uint constantAddress, uint offset, int size)
    {
        // The end less the limit's slack (never negative: every access of the body reaches at least the slack).
        ulong end = constantAddress + (ulong)offset + (ulong)size;
        int slack = Slack(end);
        LoadIntConst(Register.R11, end - (ulong)slack, is64: true);
        CompareEnd(Register.R11);
        return LinearMemoryOperand(Register.R11, slack - size);
    }

    /// <summary>
    /// Bounds check of the address in <paramref name="index"/>: r11 after a 32-bit move into r11d, or a
    /// register last written by a 32-bit instruction since the last branch target or call (so its upper half
    /// is zero, as the verifier also proves). The register becomes the end; returns the checked operand.
    /// </summary>
    public MemoryOperand CheckedAccessOf(Register index, uint offset, int size) => CheckedAccessOf(index, offset, size, (ulong)offset + (ulong)size);

    /// <summary>
    /// As <see cref="CheckedAccessOf(Register, uint, int)"/>, checking <paramref name="reach"/> (&gt;= offset + size) bytes from
    /// the address instead of the access's own end, so that later accesses at offsets up to that reach from the same address
    /// can use the end left in <paramref name="index"/> (<see cref="CheckedOperand"/>). The operand is [r14 + end + offset - reach]
    /// (with a limit of the size less the slack W, <paramref name="index"/> holds the end less W and the operand adds W back).
    /// </summary>
    public MemoryOperand CheckedAccessOf(Register index, uint offset, int size, ulong reach)
    {
        if (reach < (ulong)offset + (ulong)size) throw new ArgumentOutOfRangeException(nameof(reach), reach, "the check must cover the access");
        ulong extra = reach - (ulong)Slack(reach);
        if (extra == 0)
        {
            // The address itself is compared: an access reaching exactly the limit's slack needs no addition.
        }
        else if (extra <= int.MaxValue)
        {
            _asm.EmitImm(Code.Add_rm64_imm8, Code.Add_rm64_imm32, index, (int)extra);
        }
        else
        {
            _asm.Emit(Code.Mov_r64_imm64, Register.R10, (long)extra);
            _asm.Emit(Code.Add_rm64_r64, index, Register.R10);
        }
        CompareEnd(index);
        return CheckedOperand(index, offset, reach);
    }

    /// <summary>
    /// [r14 + end + offset - reach]: an access at <paramref name="offset"/> from the address whose end (address + <paramref name="reach"/>)
    /// <paramref name="end"/> holds, less the limit's slack, already checked (offset + access size &lt;= reach; reach and offset below
    /// 2^31, so the displacement fits).
    /// </summary>
    public MemoryOperand CheckedOperand(Register end, uint offset, ulong reach) =>
        LinearMemoryOperand(end, (long)offset - (long)reach + Slack(reach));

    /// <summary>
    /// [r14 + displacement] or [r14 + index + displacement] without a check: for an access the caller proved lies wholly below
    /// the memory's minimum size (a constant address, or <paramref name="index"/> holding a masked address just computed).
    /// </summary>
    public MemoryOperand InMinimumMemory(Register index, int displacement) =>
        index == Register.None ? new(X64.MemoryBase, displacement, displacement == 0 ? 0 : 1) : LinearMemoryOperand(index, displacement);

    /// <summary>[r14 + index + displacement], without a displacement byte when it is 0.</summary>
    private static MemoryOperand LinearMemoryOperand(Register index, long displacement) =>
        new(X64.MemoryBase, index, 1, displacement, displacement == 0 ? 0 : 1);

    /// <summary>
    /// Whether an access reaching <paramref name="reach"/> bytes past its address can compare the address itself: the
    /// function keeps a limit whose slack is exactly that reach.
    /// </summary>
    public bool ComparesAddressInPlace(ulong reach) => _memoryLimit != Register.None && _limitSlack > 0 && reach == (ulong)_limitSlack;

    /// <summary>
    /// cmp index, limit; ja trap; returns [r14 + index + offset], leaving <paramref name="index"/> unchanged (a local's register):
    /// the 64-bit compare bounds the register's whole value by the memory size less the slack, whatever its upper half
    /// (which the compiler keeps zero: an i32 local's register is only written by 32-bit instructions). Only for an access
    /// whose offset + size is the slack (<see cref="ComparesAddressInPlace"/>).
    /// </summary>
    public MemoryOperand CheckedInPlace(Register index, uint offset)
    {
        CompareEnd(index);
        return LinearMemoryOperand(index, offset);
    }

    /// <summary>Instructions so far whose first operand is r11 (see <see cref="X64Assembler.ScratchWrites"/>).</summary>
    public int ScratchWrites => _asm.ScratchWrites;

    /// <summary>
    /// limit = memory size in bytes less the function's slack, for a function that keeps it in a register (see
    /// <see cref="X64.MemoryLimit"/> and <see cref="Frame.MemoryLimitSlack"/>).
    /// </summary>
    public void LoadMemoryLimit(Register limit)
    {
        _asm.Emit(Code.Mov_r64_rm64, limit, X64.Ptr(X64.Context, VmContextLayout.MemorySize));
        if (_limitSlack > 0) _asm.Emit(Code.Sub_rm64_imm8, limit, _limitSlack);
    }

    /// <summary>
    /// The slack of the comparison for an end <paramref name="reach"/> bytes past the address: the limit register's slack
    /// when the function keeps one (every access of the body reaches at least that far), else 0 (the context's size field).
    /// </summary>
    private int Slack(ulong reach)
    {
        if (_memoryLimit == Register.None) return 0;
        if (reach < (ulong)_limitSlack) throw new InvalidOperationException("an access reaches less than the memory limit's slack");
        return _limitSlack;
    }

    /// <summary>Traps unless end &lt;= memory size (less the limit's slack when compared with the limit register).</summary>
    private void CompareEnd(Register end)
    {
        // Against the register holding the memory size when the function keeps one (no memory read), else the context's field.
        if (_memoryLimit != Register.None) _asm.Emit(Code.Cmp_r64_rm64, end, _memoryLimit);
        else _asm.Emit(Code.Cmp_r64_rm64, end, X64.Ptr(X64.Context, VmContextLayout.MemorySize));
        JumpIf(Condition.GtU, TrapLabel(TrapKind.MemoryOutOfBounds));
    }
}
