using Iced.Intel;
using TenantDb.ProcSandbox.Runtime;
using TenantDb.ProcSandbox.Runtime.Native;
using static Iced.Intel.AssemblerRegisters;

namespace TenantDb.ProcSandbox.Compiler;

/// <summary>
/// SAFETY-CRITICAL: the only place that turns a wasm address into a machine address.
/// end = zero-extended i32 address + offset + access size, computed in 64 bits (it cannot
/// overflow: at most 2^32 + 2^32 + 8); the access traps unless end &lt;= current memory size in
/// bytes. The returned operand is [r14 + r11 - size] = memory base + address + offset.
/// </summary>
internal sealed partial class FunctionCompiler
{
    /// <summary>Pops an i32 address, emits the bounds check and returns the checked memory operand.</summary>
    private MemoryOperand PopCheckedAddress(uint offset, int size)
    {
        var address = Pop(out int position);
        ulong extra = (ulong)offset + (ulong)size;
        if (address.Kind == EntryKind.Const)
        {
            ulong end = (uint)address.Bits + extra;
            LoadIntConst(Register.R11, end, is64: true);
        }
        else
        {
            MoveI32(Register.R11D, address, position); // 32-bit move: zero-extends into r11
            Release(address);
            if (extra <= int.MaxValue)
            {
                _asm.add(r11, (int)extra);
            }
            else
            {
                _asm.mov(r10, extra);
                _asm.add(r11, r10);
            }
        }
        _asm.cmp(r11, __qword_ptr[r15 + VmContextLayout.MemorySize]);
        _asm.ja(TrapLabel(TrapKind.MemoryOutOfBounds));
        return new MemoryOperand(X64.MemoryBase, Register.R11, 1, -size, 1);
    }
}
