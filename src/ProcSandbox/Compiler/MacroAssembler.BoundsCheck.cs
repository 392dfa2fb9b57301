using Iced.Intel;
using TenantDb.ProcSandbox.Runtime;
using TenantDb.ProcSandbox.Runtime.Native;

namespace TenantDb.ProcSandbox.Compiler;

/// <summary>
/// SAFETY-CRITICAL: the only code that turns a wasm address into a machine address.
/// end = zero-extended i32 address + offset + access size, computed in 64 bits in r11 (it cannot
/// overflow: at most 2^32 + 2^32 + 8); the access traps unless end &lt;= current memory size in
/// bytes. The returned operand is [r14 + r11 - size] = memory base + address + offset.
/// </summary>
internal sealed partial class MacroAssembler
{
    /// <summary>Bounds check of a constant address; returns the checked operand.</summary>
    public MemoryOperand CheckedAccess(uint constantAddress, uint offset, int size)
    {
        LoadIntConst(Register.R11, constantAddress + (ulong)offset + (ulong)size, is64: true);
        return CheckEnd(size);
    }

    /// <summary>Bounds check of the address in r11d (zero-extended into r11 by a 32-bit move); returns the checked operand.</summary>
    public MemoryOperand CheckedAccessOfR11(uint offset, int size)
    {
        ulong extra = (ulong)offset + (ulong)size;
        if (extra <= int.MaxValue)
        {
            _asm.EmitImm(Code.Add_rm64_imm8, Code.Add_rm64_imm32, Register.R11, (int)extra);
        }
        else
        {
            _asm.Emit(Code.Mov_r64_imm64, Register.R10, (long)extra);
            _asm.Emit(Code.Add_rm64_r64, Register.R11, Register.R10);
        }
        return CheckEnd(size);
    }

    private MemoryOperand CheckEnd(int size)
    {
        _asm.Emit(Code.Cmp_r64_rm64, Register.R11, X64.Ptr(X64.Context, VmContextLayout.MemorySize));
        JumpIf(Condition.GtU, TrapLabel(TrapKind.MemoryOutOfBounds));
        return new MemoryOperand(X64.MemoryBase, Register.R11, 1, -size, 1);
    }
}
