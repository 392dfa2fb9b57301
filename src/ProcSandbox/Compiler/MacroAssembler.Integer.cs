using Iced.Intel;
using System.Runtime.Intrinsics.X86;
using TenantDb.ProcSandbox.Runtime;

namespace TenantDb.ProcSandbox.Compiler;

/// <summary>Integer arithmetic, comparisons, shifts, division and bit counts.</summary>
internal sealed partial class MacroAssembler
{
    /// <summary>Encodings of a two-operand ALU instruction: reg, r/m and reg, imm32 forms at both widths.</summary>
    private readonly record struct AluCodes(Code Rm32, Code Rm64, Code Imm32, Code Imm64);

    private static AluCodes CodesOf(AluOp op) => op switch
    {
        AluOp.Add => new(Code.Add_r32_rm32, Code.Add_r64_rm64, Code.Add_rm32_imm32, Code.Add_rm64_imm32),
        AluOp.Sub => new(Code.Sub_r32_rm32, Code.Sub_r64_rm64, Code.Sub_rm32_imm32, Code.Sub_rm64_imm32),
        AluOp.Mul => new(Code.Imul_r32_rm32, Code.Imul_r64_rm64, Code.Imul_r32_rm32_imm32, Code.Imul_r64_rm64_imm32),
        AluOp.And => new(Code.And_r32_rm32, Code.And_r64_rm64, Code.And_rm32_imm32, Code.And_rm64_imm32),
        AluOp.Or => new(Code.Or_r32_rm32, Code.Or_r64_rm64, Code.Or_rm32_imm32, Code.Or_rm64_imm32),
        AluOp.Xor => new(Code.Xor_r32_rm32, Code.Xor_r64_rm64, Code.Xor_rm32_imm32, Code.Xor_rm64_imm32),
        _ => new(Code.Cmp_r32_rm32, Code.Cmp_r64_rm64, Code.Cmp_rm32_imm32, Code.Cmp_rm64_imm32),
    };

    /// <summary>dst = dst op imm (sign-extended; the 8-bit immediate form when the value fits one).</summary>
    public void Alu(AluOp op, bool is64, Register dst, int imm)
    {
        var codes = CodesOf(op);
        var d = X64.Sized(dst, is64);
        var code = is64 ? codes.Imm64 : codes.Imm32;
        if (imm == (sbyte)imm) code = Imm8Form(code);
        if (op == AluOp.Mul) _asm.Emit(code, d, d, imm);
        else _asm.Emit(code, d, imm);
    }

    /// <summary>dst = src * imm in one three-operand <c>imul</c>, leaving src as it is (no copy of src into dst first).</summary>
    public void MultiplyByConstant(bool is64, Register dst, Register src, int imm)
    {
        var code = is64 ? Code.Imul_r64_rm64_imm32 : Code.Imul_r32_rm32_imm32;
        if (imm == (sbyte)imm) code = Imm8Form(code);
        _asm.Emit(code, X64.Sized(dst, is64), X64.Sized(src, is64), imm);
    }

    /// <summary>The sign-extended 8-bit immediate form of an ALU instruction's 32-bit immediate form.</summary>
    private static Code Imm8Form(Code imm32Form) => imm32Form switch
    {
        Code.Add_rm32_imm32 => Code.Add_rm32_imm8,
        Code.Add_rm64_imm32 => Code.Add_rm64_imm8,
        Code.Sub_rm32_imm32 => Code.Sub_rm32_imm8,
        Code.Sub_rm64_imm32 => Code.Sub_rm64_imm8,
        Code.Imul_r32_rm32_imm32 => Code.Imul_r32_rm32_imm8,
        Code.Imul_r64_rm64_imm32 => Code.Imul_r64_rm64_imm8,
        Code.And_rm32_imm32 => Code.And_rm32_imm8,
        Code.And_rm64_imm32 => Code.And_rm64_imm8,
        Code.Or_rm32_imm32 => Code.Or_rm32_imm8,
        Code.Or_rm64_imm32 => Code.Or_rm64_imm8,
        Code.Xor_rm32_imm32 => Code.Xor_rm32_imm8,
        Code.Xor_rm64_imm32 => Code.Xor_rm64_imm8,
        Code.Cmp_rm32_imm32 => Code.Cmp_rm32_imm8,
        Code.Cmp_rm64_imm32 => Code.Cmp_rm64_imm8,
        _ => imm32Form,
    };

    /// <summary>dst = dst op src.</summary>
    public void Alu(AluOp op, bool is64, Register dst, Register src)
    {
        var codes = CodesOf(op);
        _asm.Emit(is64 ? codes.Rm64 : codes.Rm32, X64.Sized(dst, is64), X64.Sized(src, is64));
    }

    /// <summary>dst = dst op [m].</summary>
    public void Alu(AluOp op, bool is64, Register dst, MemoryOperand src)
    {
        var codes = CodesOf(op);
        _asm.Emit(is64 ? codes.Rm64 : codes.Rm32, X64.Sized(dst, is64), src);
    }

    public void SignExtend(SignExtension kind, Register reg)
    {
        var (code, src, is64) = kind switch
        {
            SignExtension.I32From8 => (Code.Movsx_r32_rm8, X64.R8(reg), false),
            SignExtension.I32From16 => (Code.Movsx_r32_rm16, X64.R16(reg), false),
            SignExtension.I64From8 => (Code.Movsx_r64_rm8, X64.R8(reg), true),
            SignExtension.I64From16 => (Code.Movsx_r64_rm16, X64.R16(reg), true),
            _ => (Code.Movsxd_r64_rm32, X64.R32(reg), true),
        };
        _asm.Emit(code, X64.Sized(reg, is64), src);
    }

    /// <summary>Zero-extends the low 32 bits of <paramref name="reg"/> into the whole register (i32.wrap, i64.extend_u).</summary>
    public void ZeroExtend32(Register reg) => Move32(X64.R32(reg), X64.R32(reg));

    private static (Code ByCl, Code ByImm) ShiftCodes(ShiftOp op, bool is64) => (op, is64) switch
    {
        (ShiftOp.Shl, false) => (Code.Shl_rm32_CL, Code.Shl_rm32_imm8),
        (ShiftOp.ShrS, false) => (Code.Sar_rm32_CL, Code.Sar_rm32_imm8),
        (ShiftOp.ShrU, false) => (Code.Shr_rm32_CL, Code.Shr_rm32_imm8),
        (ShiftOp.Rotl, false) => (Code.Rol_rm32_CL, Code.Rol_rm32_imm8),
        (ShiftOp.Rotr, false) => (Code.Ror_rm32_CL, Code.Ror_rm32_imm8),
        (ShiftOp.Shl, true) => (Code.Shl_rm64_CL, Code.Shl_rm64_imm8),
        (ShiftOp.ShrS, true) => (Code.Sar_rm64_CL, Code.Sar_rm64_imm8),
        (ShiftOp.ShrU, true) => (Code.Shr_rm64_CL, Code.Shr_rm64_imm8),
        (ShiftOp.Rotl, true) => (Code.Rol_rm64_CL, Code.Rol_rm64_imm8),
        _ => (Code.Ror_rm64_CL, Code.Ror_rm64_imm8),
    };

    /// <summary>Shift by a constant count (already masked to the width).</summary>
    public void Shift(ShiftOp op, bool is64, Register reg, int count) =>
        _asm.Emit(ShiftCodes(op, is64).ByImm, X64.Sized(reg, is64), count);

    /// <summary>Shift by the count in cl.</summary>
    public void ShiftByCl(ShiftOp op, bool is64, Register reg) =>
        _asm.Emit(ShiftCodes(op, is64).ByCl, X64.Sized(reg, is64), Register.CL);

    /// <summary>
    /// Division of rax by <paramref name="divisor"/> with WebAssembly's traps: by zero, and
    /// INT_MIN / -1 (which also makes idiv fault); INT_MIN rem -1 is 0. Quotient in rax,
    /// remainder in rdx.
    /// </summary>
    public void Divide(bool is64, bool signed, bool remainder, Register divisor)
    {
        var d = X64.Sized(divisor, is64);
        _asm.Emit(is64 ? Code.Test_rm64_r64 : Code.Test_rm32_r32, d, d);
        JumpIf(Condition.Eq, TrapLabel(TrapKind.IntegerDivideByZero));
        var done = _code.CreateLabel();
        if (signed)
        {
            var normal = _code.CreateLabel();
            _asm.Emit(is64 ? Code.Cmp_rm64_imm8 : Code.Cmp_rm32_imm8, d, -1);
            JumpIf(Condition.Ne, normal);
            if (remainder)
            {
                // x rem -1 = 0 (idiv would fault on INT_MIN rem -1).
                _asm.Emit(Code.Xor_rm32_r32, Register.EDX, Register.EDX);
                Jump(done);
            }
            else
            {
                // INT_MIN / -1 overflows; any other x / -1 = -x.
                if (is64)
                {
                    _asm.Emit(Code.Mov_r64_imm64, Register.R11, long.MinValue);
                    _asm.Emit(Code.Cmp_rm64_r64, Register.RAX, Register.R11);
                }
                else
                {
                    _asm.Emit(Code.Cmp_EAX_imm32, Register.EAX, int.MinValue);
                }
                JumpIf(Condition.Eq, TrapLabel(TrapKind.IntegerOverflow));
            }
            Bind(normal);
            _asm.Emit(is64 ? Code.Cqo : Code.Cdq);
            _asm.Emit(is64 ? Code.Idiv_rm64 : Code.Idiv_rm32, d);
        }
        else
        {
            _asm.Emit(Code.Xor_rm32_r32, Register.EDX, Register.EDX);
            _asm.Emit(is64 ? Code.Div_rm64 : Code.Div_rm32, d);
        }
        Bind(done);
    }

    /// <summary>clz, ctz or popcnt in place; lzcnt/tzcnt only when <paramref name="useBitCountInstructions"/> and the CPU has them.</summary>
    public void CountBits(BitCount kind, bool is64, Register reg, bool useBitCountInstructions)
    {
        var r = X64.Sized(reg, is64);
        switch (kind)
        {
            case BitCount.Leading when useBitCountInstructions && Lzcnt.IsSupported:
                _asm.Emit(is64 ? Code.Lzcnt_r64_rm64 : Code.Lzcnt_r32_rm32, r, r);
                break;
            case BitCount.Leading:
                // bsr leaves ZF set for 0: then (2w-1) ^ (w-1) = w; else (w-1) ^ index = w-1-index.
                _asm.Emit(is64 ? Code.Bsr_r64_rm64 : Code.Bsr_r32_rm32, r, r);
                _asm.Emit(Code.Mov_r32_imm32, Register.R11D, is64 ? 127 : 63);
                _asm.Emit(is64 ? Code.Cmove_r64_rm64 : Code.Cmove_r32_rm32, r, X64.Sized(Register.R11, is64));
                _asm.Emit(is64 ? Code.Xor_rm64_imm8 : Code.Xor_rm32_imm8, r, is64 ? 63 : 31);
                break;
            case BitCount.Trailing when useBitCountInstructions && Bmi1.IsSupported:
                _asm.Emit(is64 ? Code.Tzcnt_r64_rm64 : Code.Tzcnt_r32_rm32, r, r);
                break;
            case BitCount.Trailing:
                _asm.Emit(is64 ? Code.Bsf_r64_rm64 : Code.Bsf_r32_rm32, r, r);
                _asm.Emit(Code.Mov_r32_imm32, Register.R11D, is64 ? 64 : 32);
                _asm.Emit(is64 ? Code.Cmove_r64_rm64 : Code.Cmove_r32_rm32, r, X64.Sized(Register.R11, is64));
                break;
            default:
                if (!Popcnt.IsSupported) throw new WasmNotSupportedException("popcnt needs a CPU with the POPCNT instruction");
                _asm.Emit(is64 ? Code.Popcnt_r64_rm64 : Code.Popcnt_r32_rm32, r, r);
                break;
        }
    }
}
