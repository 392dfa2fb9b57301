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
/// </summary>
internal sealed partial class MacroAssembler
{
    /// <summary>Bounds check of a constant address; returns the checked operand.</summary>
    public MemoryOperand CheckedAccess(uint constantAddress, uint offset, int size)
    {
        LoadIntConst(Register.R11, constantAddress + (ulong)offset + (ulong)size, is64: true);
        return CheckEnd(Register.R11, size);
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
    /// can use the end left in <paramref name="index"/> (<see cref="CheckedOperand"/>). The operand is [r14 + end + offset - reach].
    /// </summary>
    public MemoryOperand CheckedAccessOf(Register index, uint offset, int size, ulong reach)
    {
        if (reach < (ulong)offset + (ulong)size) throw new ArgumentOutOfRangeException(nameof(reach), reach, "the check must cover the access");
        ulong extra = reach;
        if (extra <= int.MaxValue)
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
    /// <paramref name="end"/> holds, already checked (offset + access size &lt;= reach; reach and offset below 2^31, so the
    /// displacement fits).
    /// </summary>
    public static MemoryOperand CheckedOperand(Register end, uint offset, ulong reach) =>
        new(X64.MemoryBase, end, 1, (long)offset - (long)reach, 1);

    /// <summary>Instructions so far whose first operand is r11 (see <see cref="X64Assembler.ScratchWrites"/>).</summary>
    public int ScratchWrites => _asm.ScratchWrites;

    /// <summary>limit = memory size in bytes, for a function that keeps it in a register (see <see cref="X64.MemoryLimit"/>).</summary>
    public void LoadMemoryLimit(Register limit) => _asm.Emit(Code.Mov_r64_rm64, limit, X64.Ptr(X64.Context, VmContextLayout.MemorySize));

    private MemoryOperand CheckEnd(Register end, int size)
    {
        CompareEnd(end);
        return new MemoryOperand(X64.MemoryBase, end, 1, -size, 1);
    }

    /// <summary>Traps unless end &lt;= memory size.</summary>
    private void CompareEnd(Register end)
    {
        // Against the register holding the memory size when the function keeps one (no memory read), else the context's field.
        if (_memoryLimit != Register.None) _asm.Emit(Code.Cmp_r64_rm64, end, _memoryLimit);
        else _asm.Emit(Code.Cmp_r64_rm64, end, X64.Ptr(X64.Context, VmContextLayout.MemorySize));
        JumpIf(Condition.GtU, TrapLabel(TrapKind.MemoryOutOfBounds));
    }
}
