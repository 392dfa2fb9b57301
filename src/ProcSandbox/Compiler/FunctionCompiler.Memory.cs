using X86Instruction = Iced.Intel.Instruction;
using Iced.Intel;
using TenantDb.ProcSandbox.Runtime.Native;
using static Iced.Intel.AssemblerRegisters;

namespace TenantDb.ProcSandbox.Compiler;

/// <summary>Loads, stores, memory.size and memory.grow.</summary>
internal sealed partial class FunctionCompiler
{
    private void VisitLoad(Opcode op, uint offset)
    {
        (ValType type, int size, Code code) = op switch
        {
            Opcode.I32Load => (ValType.I32, 4, Code.Mov_r32_rm32),
            Opcode.I64Load => (ValType.I64, 8, Code.Mov_r64_rm64),
            Opcode.F32Load => (ValType.F32, 4, Code.Movss_xmm_xmmm32),
            Opcode.F64Load => (ValType.F64, 8, Code.Movsd_xmm_xmmm64),
            Opcode.I32Load8S => (ValType.I32, 1, Code.Movsx_r32_rm8),
            Opcode.I32Load8U => (ValType.I32, 1, Code.Movzx_r32_rm8),
            Opcode.I32Load16S => (ValType.I32, 2, Code.Movsx_r32_rm16),
            Opcode.I32Load16U => (ValType.I32, 2, Code.Movzx_r32_rm16),
            Opcode.I64Load8S => (ValType.I64, 1, Code.Movsx_r64_rm8),
            Opcode.I64Load8U => (ValType.I64, 1, Code.Movzx_r32_rm8),
            Opcode.I64Load16S => (ValType.I64, 2, Code.Movsx_r64_rm16),
            Opcode.I64Load16U => (ValType.I64, 2, Code.Movzx_r32_rm16),
            Opcode.I64Load32S => (ValType.I64, 4, Code.Movsxd_r64_rm32),
            _ => (ValType.I64, 4, Code.Mov_r32_rm32), // i64.load32_u: a 32-bit load zero-extends
        };
        var m = PopCheckedAddress(offset, size);
        var reg = AllocFor(type);
        bool wide = code is Code.Mov_r64_rm64 or Code.Movsx_r64_rm8 or Code.Movsx_r64_rm16 or Code.Movsxd_r64_rm32;
        var dst = X64.IsFloat(type) ? reg : X64.Sized(reg, wide);
        Emit(X86Instruction.Create(code, dst, m));
        PushRegister(type, reg);
    }

    private void VisitStore(Opcode op, uint offset)
    {
        (int size, Code regCode) = op switch
        {
            Opcode.I32Store => (4, Code.Mov_rm32_r32),
            Opcode.I64Store => (8, Code.Mov_rm64_r64),
            Opcode.F32Store => (4, Code.Movss_xmmm32_xmm),
            Opcode.F64Store => (8, Code.Movsd_xmmm64_xmm),
            Opcode.I32Store8 or Opcode.I64Store8 => (1, Code.Mov_rm8_r8),
            Opcode.I32Store16 or Opcode.I64Store16 => (2, Code.Mov_rm16_r16),
            _ => (4, Code.Mov_rm32_r32), // i64.store32
        };
        var value = Pop(out int position);
        Register reg = Register.None;
        if (value.Kind != EntryKind.Const || X64.IsFloat(value.Type)) reg = ToRegister(value, position);
        var m = PopCheckedAddress(offset, size);
        if (reg == Register.None)
        {
            ulong bits = value.Bits;
            Emit(size switch
            {
                1 => X86Instruction.Create(Code.Mov_rm8_imm8, m, (byte)bits),
                2 => X86Instruction.Create(Code.Mov_rm16_imm16, m, (ushort)bits),
                4 => X86Instruction.Create(Code.Mov_rm32_imm32, m, (uint)bits),
                _ => (long)bits == (int)(long)bits
                    ? X86Instruction.Create(Code.Mov_rm64_imm32, m, (int)(long)bits)
                    : StoreWideConstant(m, bits),
            });
            return;
        }
        var src = regCode switch
        {
            Code.Mov_rm8_r8 => X64.R8(reg),
            Code.Mov_rm16_r16 => Register.AX + (reg - Register.RAX),
            Code.Mov_rm32_r32 => X64.R32(reg),
            _ => reg,
        };
        Emit(X86Instruction.Create(regCode, m, src));
        _regs.Free(reg);
    }

    private X86Instruction StoreWideConstant(MemoryOperand m, ulong bits)
    {
        _asm.mov(r10, bits);
        return X86Instruction.Create(Code.Mov_rm64_r64, m, Register.R10);
    }

    private void VisitMemorySize()
    {
        var reg = AllocGpr();
        Emit(X86Instruction.Create(Code.Mov_r64_rm64, reg, X64.Mem(X64.Context, VmContextLayout.MemorySize)));
        Emit(X86Instruction.Create(Code.Shr_rm64_imm8, reg, 16));
        PushRegister(ValType.I32, reg);
    }

    private void VisitMemoryGrow()
    {
        SpillAll();
        var delta = Pop(out int position);
        // Calls the C# trampoline (System V): align the stack, r12 keeps the old rsp (callee-saved; free after the spill).
        Emit(X86Instruction.Create(Code.Mov_r32_rm32, Register.ESI, SlotMem(position)));
        _asm.mov(rdi, r15);
        _asm.mov(r12, rsp);
        _asm.and(rsp, -16);
        _asm.call(__qword_ptr[r15 + VmContextLayout.MemoryGrowFn]);
        _asm.mov(rsp, r12);
        _regs.Take(Register.RAX);
        PushRegister(ValType.I32, Register.RAX);
        _ = delta;
    }
}
