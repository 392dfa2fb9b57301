using X86Instruction = Iced.Intel.Instruction;
using Iced.Intel;
using System.Runtime.Intrinsics.X86;
using TenantDb.ProcSandbox.Runtime;
using static Iced.Intel.AssemblerRegisters;

namespace TenantDb.ProcSandbox.Compiler;

/// <summary>i32 and i64 arithmetic, bitwise, shift, comparison and bit-counting instructions.</summary>
internal sealed partial class FunctionCompiler
{
    /// <summary>Encodings of a two-operand ALU instruction: reg, r/m and reg, imm32 forms at both widths.</summary>
    private readonly record struct Alu(Code Rm32, Code Rm64, Code Imm32, Code Imm64, bool Commutative);

    private static readonly Alu s_add = new(Code.Add_r32_rm32, Code.Add_r64_rm64, Code.Add_rm32_imm32, Code.Add_rm64_imm32, true);
    private static readonly Alu s_sub = new(Code.Sub_r32_rm32, Code.Sub_r64_rm64, Code.Sub_rm32_imm32, Code.Sub_rm64_imm32, false);
    private static readonly Alu s_and = new(Code.And_r32_rm32, Code.And_r64_rm64, Code.And_rm32_imm32, Code.And_rm64_imm32, true);
    private static readonly Alu s_or = new(Code.Or_r32_rm32, Code.Or_r64_rm64, Code.Or_rm32_imm32, Code.Or_rm64_imm32, true);
    private static readonly Alu s_xor = new(Code.Xor_r32_rm32, Code.Xor_r64_rm64, Code.Xor_rm32_imm32, Code.Xor_rm64_imm32, true);
    private static readonly Alu s_cmp = new(Code.Cmp_r32_rm32, Code.Cmp_r64_rm64, Code.Cmp_rm32_imm32, Code.Cmp_rm64_imm32, false);

    private bool TryVisitInteger(Opcode op)
    {
        switch (op)
        {
            case Opcode.I32Eqz: Eqz(false); return true;
            case Opcode.I64Eqz: Eqz(true); return true;
            case Opcode.I32Eq: Compare(false, Code.Sete_rm8); return true;
            case Opcode.I32Ne: Compare(false, Code.Setne_rm8); return true;
            case Opcode.I32LtS: Compare(false, Code.Setl_rm8); return true;
            case Opcode.I32LtU: Compare(false, Code.Setb_rm8); return true;
            case Opcode.I32GtS: Compare(false, Code.Setg_rm8); return true;
            case Opcode.I32GtU: Compare(false, Code.Seta_rm8); return true;
            case Opcode.I32LeS: Compare(false, Code.Setle_rm8); return true;
            case Opcode.I32LeU: Compare(false, Code.Setbe_rm8); return true;
            case Opcode.I32GeS: Compare(false, Code.Setge_rm8); return true;
            case Opcode.I32GeU: Compare(false, Code.Setae_rm8); return true;
            case Opcode.I64Eq: Compare(true, Code.Sete_rm8); return true;
            case Opcode.I64Ne: Compare(true, Code.Setne_rm8); return true;
            case Opcode.I64LtS: Compare(true, Code.Setl_rm8); return true;
            case Opcode.I64LtU: Compare(true, Code.Setb_rm8); return true;
            case Opcode.I64GtS: Compare(true, Code.Setg_rm8); return true;
            case Opcode.I64GtU: Compare(true, Code.Seta_rm8); return true;
            case Opcode.I64LeS: Compare(true, Code.Setle_rm8); return true;
            case Opcode.I64LeU: Compare(true, Code.Setbe_rm8); return true;
            case Opcode.I64GeS: Compare(true, Code.Setge_rm8); return true;
            case Opcode.I64GeU: Compare(true, Code.Setae_rm8); return true;

            case Opcode.I32Clz: CountBits(false, BitCount.Leading); return true;
            case Opcode.I32Ctz: CountBits(false, BitCount.Trailing); return true;
            case Opcode.I32Popcnt: CountBits(false, BitCount.Population); return true;
            case Opcode.I64Clz: CountBits(true, BitCount.Leading); return true;
            case Opcode.I64Ctz: CountBits(true, BitCount.Trailing); return true;
            case Opcode.I64Popcnt: CountBits(true, BitCount.Population); return true;

            case Opcode.I32Add: Binary(false, s_add); return true;
            case Opcode.I32Sub: Binary(false, s_sub); return true;
            case Opcode.I32Mul: Multiply(false); return true;
            case Opcode.I32DivS: Divide(false, signed: true, remainder: false); return true;
            case Opcode.I32DivU: Divide(false, signed: false, remainder: false); return true;
            case Opcode.I32RemS: Divide(false, signed: true, remainder: true); return true;
            case Opcode.I32RemU: Divide(false, signed: false, remainder: true); return true;
            case Opcode.I32And: Binary(false, s_and); return true;
            case Opcode.I32Or: Binary(false, s_or); return true;
            case Opcode.I32Xor: Binary(false, s_xor); return true;
            case Opcode.I32Shl: Shift(false, Code.Shl_rm32_CL, Code.Shl_rm32_imm8); return true;
            case Opcode.I32ShrS: Shift(false, Code.Sar_rm32_CL, Code.Sar_rm32_imm8); return true;
            case Opcode.I32ShrU: Shift(false, Code.Shr_rm32_CL, Code.Shr_rm32_imm8); return true;
            case Opcode.I32Rotl: Shift(false, Code.Rol_rm32_CL, Code.Rol_rm32_imm8); return true;
            case Opcode.I32Rotr: Shift(false, Code.Ror_rm32_CL, Code.Ror_rm32_imm8); return true;

            case Opcode.I64Add: Binary(true, s_add); return true;
            case Opcode.I64Sub: Binary(true, s_sub); return true;
            case Opcode.I64Mul: Multiply(true); return true;
            case Opcode.I64DivS: Divide(true, signed: true, remainder: false); return true;
            case Opcode.I64DivU: Divide(true, signed: false, remainder: false); return true;
            case Opcode.I64RemS: Divide(true, signed: true, remainder: true); return true;
            case Opcode.I64RemU: Divide(true, signed: false, remainder: true); return true;
            case Opcode.I64And: Binary(true, s_and); return true;
            case Opcode.I64Or: Binary(true, s_or); return true;
            case Opcode.I64Xor: Binary(true, s_xor); return true;
            case Opcode.I64Shl: Shift(true, Code.Shl_rm64_CL, Code.Shl_rm64_imm8); return true;
            case Opcode.I64ShrS: Shift(true, Code.Sar_rm64_CL, Code.Sar_rm64_imm8); return true;
            case Opcode.I64ShrU: Shift(true, Code.Shr_rm64_CL, Code.Shr_rm64_imm8); return true;
            case Opcode.I64Rotl: Shift(true, Code.Rol_rm64_CL, Code.Rol_rm64_imm8); return true;
            case Opcode.I64Rotr: Shift(true, Code.Ror_rm64_CL, Code.Ror_rm64_imm8); return true;

            case Opcode.I32Extend8S: Extend(ValType.I32, Code.Movsx_r32_rm8); return true;
            case Opcode.I32Extend16S: Extend(ValType.I32, Code.Movsx_r32_rm16); return true;
            case Opcode.I64Extend8S: Extend(ValType.I64, Code.Movsx_r64_rm8); return true;
            case Opcode.I64Extend16S: Extend(ValType.I64, Code.Movsx_r64_rm16); return true;
            case Opcode.I64Extend32S: Extend(ValType.I64, Code.Movsxd_r64_rm32); return true;
            default: return false;
        }
    }

    /// <summary>Applies <paramref name="alu"/> with <paramref name="dst"/> as destination and <paramref name="source"/> (popped) as second operand; releases the source.</summary>
    private void ApplyAlu(Alu alu, bool is64, Register dst, in StackEntry source, int position)
    {
        var d = X64.Sized(dst, is64);
        switch (source.Kind)
        {
            case EntryKind.Const when source.IsImm32:
                Emit(X86Instruction.Create(is64 ? alu.Imm64 : alu.Imm32, d, (int)(long)source.Bits));
                break;
            case EntryKind.Const:
                LoadIntConst(Register.R11, source.Bits, is64);
                Emit(X86Instruction.Create(is64 ? alu.Rm64 : alu.Rm32, d, X64.Sized(Register.R11, is64)));
                break;
            case EntryKind.Register:
                Emit(X86Instruction.Create(is64 ? alu.Rm64 : alu.Rm32, d, X64.Sized(source.Reg, is64)));
                _regs.Free(source.Reg);
                break;
            default:
                Emit(X86Instruction.Create(is64 ? alu.Rm64 : alu.Rm32, d, MemOf(source, position)));
                break;
        }
    }

    private void Binary(bool is64, Alu alu)
    {
        var b = Pop(out int pb);
        var a = Pop(out int pa);
        if (alu.Commutative && a.Kind != EntryKind.Register && b.Kind == EntryKind.Register)
        {
            (a, b) = (b, a);
            (pa, pb) = (pb, pa);
        }
        var dst = ToRegister(a, pa);
        ApplyAlu(alu, is64, dst, b, pb);
        PushRegister(is64 ? ValType.I64 : ValType.I32, dst);
    }

    private void Multiply(bool is64)
    {
        var b = Pop(out int pb);
        var a = Pop(out int pa);
        if (a.Kind != EntryKind.Register && b.Kind == EntryKind.Register)
        {
            (a, b) = (b, a);
            (pa, pb) = (pb, pa);
        }
        var dst = ToRegister(a, pa);
        var d = X64.Sized(dst, is64);
        switch (b.Kind)
        {
            case EntryKind.Const when b.IsImm32:
                Emit(X86Instruction.Create(is64 ? Code.Imul_r64_rm64_imm32 : Code.Imul_r32_rm32_imm32, d, d, (int)(long)b.Bits));
                break;
            case EntryKind.Const:
                LoadIntConst(Register.R11, b.Bits, is64);
                Emit(X86Instruction.Create(is64 ? Code.Imul_r64_rm64 : Code.Imul_r32_rm32, d, X64.Sized(Register.R11, is64)));
                break;
            case EntryKind.Register:
                Emit(X86Instruction.Create(is64 ? Code.Imul_r64_rm64 : Code.Imul_r32_rm32, d, X64.Sized(b.Reg, is64)));
                _regs.Free(b.Reg);
                break;
            default:
                Emit(X86Instruction.Create(is64 ? Code.Imul_r64_rm64 : Code.Imul_r32_rm32, d, MemOf(b, pb)));
                break;
        }
        PushRegister(is64 ? ValType.I64 : ValType.I32, dst);
    }

    private void Compare(bool is64, Code setcc)
    {
        var b = Pop(out int pb);
        var a = Pop(out int pa);
        var dst = ToRegister(a, pa);
        ApplyAlu(s_cmp, is64, dst, b, pb);
        SetFlagResult(setcc, dst);
    }

    private void SetFlagResult(Code setcc, Register dst)
    {
        Emit(X86Instruction.Create(setcc, X64.R8(dst)));
        Emit(X86Instruction.Create(Code.Movzx_r32_rm8, X64.R32(dst), X64.R8(dst)));
        PushRegister(ValType.I32, dst);
    }

    private void Eqz(bool is64)
    {
        var a = Pop(out int pa);
        var src = ToRegister(a, pa);
        var s = X64.Sized(src, is64);
        Emit(X86Instruction.Create(is64 ? Code.Test_rm64_r64 : Code.Test_rm32_r32, s, s));
        SetFlagResult(Code.Sete_rm8, src);
    }

    private void Extend(ValType type, Code code)
    {
        var reg = PopToRegister(out _);
        bool is64 = type == ValType.I64;
        var src = code switch
        {
            Code.Movsx_r32_rm8 or Code.Movsx_r64_rm8 => X64.R8(reg),
            Code.Movsx_r32_rm16 or Code.Movsx_r64_rm16 => Register.AX + (reg - Register.RAX),
            _ => X64.R32(reg),
        };
        Emit(X86Instruction.Create(code, X64.Sized(reg, is64), src));
        PushRegister(type, reg);
    }

    private void Shift(bool is64, Code byCl, Code byImm)
    {
        var count = Pop(out int pc);
        var type = is64 ? ValType.I64 : ValType.I32;
        if (count.Kind == EntryKind.Const)
        {
            var reg = PopToRegister(out _);
            Emit(X86Instruction.Create(byImm, X64.Sized(reg, is64), (int)(count.Bits & (is64 ? 63u : 31u))));
            PushRegister(type, reg);
            return;
        }
        // The count must be in cl: free rcx first (the value may be the one holding it).
        var value = Pop(out int pv);
        if (count.Kind == EntryKind.Register && count.Reg == Register.RCX)
        {
            var dst = ToRegister(value, pv);
            Emit(X86Instruction.Create(byCl, X64.Sized(dst, is64), Register.CL));
            _regs.Free(Register.RCX);
            PushRegister(type, dst);
            return;
        }
        Evict(Register.RCX);
        if (value.Kind == EntryKind.Register && value.Reg == Register.RCX)
        {
            var moved = AllocGpr();
            _asm.mov(new AssemblerRegister64(moved), rcx);
            value = StackEntry.InRegister(value.Type, moved);
        }
        else
        {
            _regs.Take(Register.RCX);
        }
        var target = ToRegister(value, pv);
        LoadInto(Register.RCX, count, pc);
        Release(count);
        Emit(X86Instruction.Create(byCl, X64.Sized(target, is64), Register.CL));
        _regs.Free(Register.RCX);
        PushRegister(type, target);
    }

    private void Divide(bool is64, bool signed, bool remainder)
    {
        var type = is64 ? ValType.I64 : ValType.I32;
        var b = Pop(out int pb);
        var a = Pop(out int pa);
        // Dividend goes to rax, rdx is clobbered; the divisor must be in another register.
        Evict(Register.RAX);
        Evict(Register.RDX);
        bool aInRax = a.Kind == EntryKind.Register && a.Reg == Register.RAX;
        bool aInRdx = a.Kind == EntryKind.Register && a.Reg == Register.RDX;
        Register divisor;
        if (b.Kind == EntryKind.Register && b.Reg != Register.RAX && b.Reg != Register.RDX)
        {
            divisor = b.Reg;
        }
        else
        {
            if (!aInRax) _regs.Take(Register.RAX);
            if (!aInRdx) _regs.Take(Register.RDX);
            divisor = AllocGpr();
            if (!aInRax) _regs.Free(Register.RAX);
            if (!aInRdx) _regs.Free(Register.RDX);
            LoadInto(divisor, b, pb);
            Release(b);
        }
        LoadInto(Register.RAX, a, pa);
        if (a.Kind == EntryKind.Register && a.Reg != Register.RAX) _regs.Free(a.Reg);
        _regs.Take(Register.RAX);
        _regs.Take(Register.RDX);
        var d = X64.Sized(divisor, is64);
        Emit(X86Instruction.Create(is64 ? Code.Test_rm64_r64 : Code.Test_rm32_r32, d, d));
        _asm.je(TrapLabel(TrapKind.IntegerDivideByZero));
        var done = _asm.CreateLabel();
        if (signed)
        {
            var normal = _asm.CreateLabel();
            Emit(X86Instruction.Create(is64 ? Code.Cmp_rm64_imm8 : Code.Cmp_rm32_imm8, d, -1));
            _asm.jne(normal);
            if (remainder)
            {
                // x rem -1 = 0 (idiv would fault on INT_MIN rem -1).
                _asm.xor(edx, edx);
                _asm.jmp(done);
            }
            else
            {
                // INT_MIN / -1 overflows; any other x / -1 = -x.
                if (is64)
                {
                    _asm.mov(r11, long.MinValue);
                    _asm.cmp(rax, r11);
                }
                else
                {
                    _asm.cmp(eax, int.MinValue);
                }
                _asm.je(TrapLabel(TrapKind.IntegerOverflow));
            }
            Bind(ref normal);
            if (is64) _asm.cqo(); else _asm.cdq();
            Emit(X86Instruction.Create(is64 ? Code.Idiv_rm64 : Code.Idiv_rm32, d));
        }
        else
        {
            _asm.xor(edx, edx);
            Emit(X86Instruction.Create(is64 ? Code.Div_rm64 : Code.Div_rm32, d));
        }
        Bind(ref done);
        _regs.Free(divisor);
        if (remainder)
        {
            _regs.Free(Register.RAX);
            PushRegister(type, Register.RDX);
        }
        else
        {
            _regs.Free(Register.RDX);
            PushRegister(type, Register.RAX);
        }
    }

    private enum BitCount { Leading, Trailing, Population }

    private void CountBits(bool is64, BitCount kind)
    {
        var reg = PopToRegister(out var type);
        var r = X64.Sized(reg, is64);
        bool fast = _mc.Options.UseBitCountInstructions;
        switch (kind)
        {
            case BitCount.Leading when fast && Lzcnt.IsSupported:
                Emit(X86Instruction.Create(is64 ? Code.Lzcnt_r64_rm64 : Code.Lzcnt_r32_rm32, r, r));
                break;
            case BitCount.Leading:
                // bsr leaves ZF set for 0: then (2w-1) ^ (w-1) = w; else (w-1) ^ index = w-1-index.
                Emit(X86Instruction.Create(is64 ? Code.Bsr_r64_rm64 : Code.Bsr_r32_rm32, r, r));
                _asm.mov(r11d, is64 ? 127 : 63);
                Emit(X86Instruction.Create(is64 ? Code.Cmove_r64_rm64 : Code.Cmove_r32_rm32, r, X64.Sized(Register.R11, is64)));
                Emit(X86Instruction.Create(is64 ? Code.Xor_rm64_imm8 : Code.Xor_rm32_imm8, r, is64 ? 63 : 31));
                break;
            case BitCount.Trailing when fast && Bmi1.IsSupported:
                Emit(X86Instruction.Create(is64 ? Code.Tzcnt_r64_rm64 : Code.Tzcnt_r32_rm32, r, r));
                break;
            case BitCount.Trailing:
                Emit(X86Instruction.Create(is64 ? Code.Bsf_r64_rm64 : Code.Bsf_r32_rm32, r, r));
                _asm.mov(r11d, is64 ? 64 : 32);
                Emit(X86Instruction.Create(is64 ? Code.Cmove_r64_rm64 : Code.Cmove_r32_rm32, r, X64.Sized(Register.R11, is64)));
                break;
            default:
                if (!Popcnt.IsSupported) throw new WasmNotSupportedException("popcnt needs a CPU with the POPCNT instruction");
                Emit(X86Instruction.Create(is64 ? Code.Popcnt_r64_rm64 : Code.Popcnt_r32_rm32, r, r));
                break;
        }
        PushRegister(type, reg);
    }
}
