using Iced.Intel;
using TenantDb.ProcSandbox.Binary;
using TenantDb.ProcSandbox.Runtime.Native;

namespace TenantDb.ProcSandbox.Compiler;

/// <summary>Linear-memory loads and stores (at operands checked by the bounds check), memory.size, memory.grow and globals.</summary>
internal sealed partial class MacroAssembler
{
    /// <summary>The load instruction of <paramref name="op"/> into <paramref name="reg"/> (64-bit name or xmm).</summary>
    public void WasmLoad(Opcode op, Register reg, MemoryOperand m)
    {
        (Code code, bool wide) = op switch
        {
            Opcode.I32Load => (Code.Mov_r32_rm32, false),
            Opcode.I64Load => (Code.Mov_r64_rm64, true),
            Opcode.F32Load => (Code.Movss_xmm_xmmm32, false),
            Opcode.F64Load => (Code.Movsd_xmm_xmmm64, false),
            Opcode.I32Load8S => (Code.Movsx_r32_rm8, false),
            Opcode.I32Load8U => (Code.Movzx_r32_rm8, false),
            Opcode.I32Load16S => (Code.Movsx_r32_rm16, false),
            Opcode.I32Load16U => (Code.Movzx_r32_rm16, false),
            Opcode.I64Load8S => (Code.Movsx_r64_rm8, true),
            Opcode.I64Load8U => (Code.Movzx_r32_rm8, false),
            Opcode.I64Load16S => (Code.Movsx_r64_rm16, true),
            Opcode.I64Load16U => (Code.Movzx_r32_rm16, false),
            Opcode.I64Load32S => (Code.Movsxd_r64_rm32, true),
            _ => (Code.Mov_r32_rm32, false), // i64.load32_u: a 32-bit load zero-extends
        };
        _asm.Emit(code, X64.IsXmm(reg) ? reg : X64.Sized(reg, wide), m);
    }

    /// <summary>The store of <paramref name="size"/> bytes (float when <paramref name="reg"/> is xmm) from <paramref name="reg"/>.</summary>
    public void WasmStore(int size, MemoryOperand m, Register reg)
    {
        if (X64.IsXmm(reg))
        {
            _asm.Emit(size == 8 ? Code.Movsd_xmmm64_xmm : Code.Movss_xmmm32_xmm, m, reg);
            return;
        }
        switch (size)
        {
            case 1: _asm.Emit(Code.Mov_rm8_r8, m, X64.R8(reg)); break;
            case 2: _asm.Emit(Code.Mov_rm16_r16, m, X64.R16(reg)); break;
            case 4: _asm.Emit(Code.Mov_rm32_r32, m, X64.R32(reg)); break;
            default: _asm.Emit(Code.Mov_rm64_r64, m, reg); break;
        }
    }

    /// <summary>Stores an integer constant of <paramref name="size"/> bytes (wide 64-bit ones through r10).</summary>
    public void WasmStoreConst(int size, MemoryOperand m, ulong bits)
    {
        switch (size)
        {
            case 1: _asm.Emit(Code.Mov_rm8_imm8, m, (byte)bits); break;
            case 2: _asm.Emit(Code.Mov_rm16_imm16, m, (ushort)bits); break;
            case 4: _asm.Emit(Code.Mov_rm32_imm32, m, (uint)bits); break;
            default:
                if ((long)bits == (int)(long)bits)
                {
                    _asm.Emit(Code.Mov_rm64_imm32, m, (int)(long)bits);
                }
                else
                {
                    _asm.Emit(Code.Mov_r64_imm64, Register.R10, (long)bits);
                    _asm.Emit(Code.Mov_rm64_r64, m, Register.R10);
                }
                break;
        }
    }

    /// <summary>reg = memory size in 64 KiB pages.</summary>
    public void MemorySize(Register reg)
    {
        _asm.Emit(Code.Mov_r64_rm64, reg, X64.Mem(X64.Context, VmContextLayout.MemorySize));
        _asm.Emit(Code.Shr_rm64_imm8, reg, 16);
    }

    /// <summary>
    /// Calls the C# memory.grow trampoline (System V) with the delta from <paramref name="delta"/>;
    /// the result is in eax. r12 keeps the old rsp across the call (callee-saved; every value is spilled).
    /// </summary>
    public void MemoryGrow(MemoryOperand delta)
    {
        _asm.Emit(Code.Mov_r32_rm32, Register.ESI, delta);
        _asm.Emit(Code.Mov_rm64_r64, Register.RDI, Register.R15);
        _asm.Emit(Code.Mov_rm64_r64, Register.R12, Register.RSP);
        _asm.Emit(Code.And_rm64_imm8, Register.RSP, -16);
        _asm.Emit(Code.Call_rm64, X64.Ptr(X64.Context, VmContextLayout.MemoryGrowFn));
        FlowSerial++;
        _asm.Emit(Code.Mov_rm64_r64, Register.RSP, Register.R12);
    }

    /// <summary>The cell of an imported global: its pointer, read from the context at <paramref name="pointerOffset"/>, is loaded into r10.</summary>
    public MemoryOperand ImportedGlobalCell(int pointerOffset)
    {
        _asm.Emit(Code.Mov_r64_rm64, Register.R10, X64.Ptr(X64.Context, pointerOffset));
        return X64.Mem(Register.R10, 0);
    }
}
