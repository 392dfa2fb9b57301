using X86Instruction = Iced.Intel.Instruction;
using Iced.Intel;
using System.Runtime.Intrinsics.X86;
using TenantDb.ProcSandbox.Runtime;
using static Iced.Intel.AssemblerRegisters;

namespace TenantDb.ProcSandbox.Compiler;

/// <summary>f32 and f64 arithmetic and comparisons with exact WebAssembly semantics (SSE2 + SSE4.1).</summary>
internal sealed partial class MacroAssembler
{
    private static Code FloatCode(FloatOp op, bool is64) => (op, is64) switch
    {
        (FloatOp.Add, false) => Code.Addss_xmm_xmmm32,
        (FloatOp.Sub, false) => Code.Subss_xmm_xmmm32,
        (FloatOp.Mul, false) => Code.Mulss_xmm_xmmm32,
        (FloatOp.Div, false) => Code.Divss_xmm_xmmm32,
        (FloatOp.Add, true) => Code.Addsd_xmm_xmmm64,
        (FloatOp.Sub, true) => Code.Subsd_xmm_xmmm64,
        (FloatOp.Mul, true) => Code.Mulsd_xmm_xmmm64,
        _ => Code.Divsd_xmm_xmmm64,
    };

    /// <summary>dst = dst op src.</summary>
    public void Float(FloatOp op, bool is64, Register dst, Register src) => Emit(X86Instruction.Create(FloatCode(op, is64), dst, src));

    /// <summary>dst = dst op [m].</summary>
    public void Float(FloatOp op, bool is64, Register dst, MemoryOperand src) => Emit(X86Instruction.Create(FloatCode(op, is64), dst, src));

    public void Sqrt(bool is64, Register reg) =>
        Emit(X86Instruction.Create(is64 ? Code.Sqrtsd_xmm_xmmm64 : Code.Sqrtss_xmm_xmmm32, reg, reg));

    /// <summary>Rounds in place; <paramref name="mode"/> is roundss's immediate (0 nearest, 1 floor, 2 ceil, 3 trunc).</summary>
    public void Round(bool is64, Register reg, int mode)
    {
        if (!Sse41.IsSupported) throw new WasmNotSupportedException("float rounding needs a CPU with SSE4.1");
        Emit(X86Instruction.Create(is64 ? Code.Roundsd_xmm_xmmm64_imm8 : Code.Roundss_xmm_xmmm32_imm8, reg, reg, mode));
    }

    /// <summary>Compares two floats for <paramref name="condition"/>; <see cref="SetIf(FloatCondition, Register)"/> then reads the flags.</summary>
    public void FloatCompare(bool is64, FloatCondition condition, Register a, Register b)
    {
        var ucomis = is64 ? Code.Ucomisd_xmm_xmmm64 : Code.Ucomiss_xmm_xmmm32;
        // Unordered sets ZF, PF and CF: "above" conditions are false for NaN without a parity check.
        switch (condition)
        {
            case FloatCondition.Lt: Emit(X86Instruction.Create(ucomis, b, a)); break;
            case FloatCondition.Le: Emit(X86Instruction.Create(ucomis, b, a)); break;
            default: Emit(X86Instruction.Create(ucomis, a, b)); break;
        }
    }

    /// <summary>dst (a general register) = the float comparison's result as i32: false for NaN operands except for ne. Uses r11.</summary>
    public void SetIf(FloatCondition condition, Register dst)
    {
        var d8 = X64.R8(dst);
        switch (condition)
        {
            case FloatCondition.Eq:
                Emit(X86Instruction.Create(Code.Sete_rm8, d8));
                _asm.setnp(r11b);
                Emit(X86Instruction.Create(Code.And_r8_rm8, d8, Register.R11L));
                break;
            case FloatCondition.Ne:
                Emit(X86Instruction.Create(Code.Setne_rm8, d8));
                _asm.setp(r11b);
                Emit(X86Instruction.Create(Code.Or_r8_rm8, d8, Register.R11L));
                break;
            case FloatCondition.Lt:
            case FloatCondition.Gt:
                Emit(X86Instruction.Create(Code.Seta_rm8, d8));
                break;
            default:
                Emit(X86Instruction.Create(Code.Setae_rm8, d8));
                break;
        }
        Emit(X86Instruction.Create(Code.Movzx_r32_rm8, X64.R32(dst), d8));
    }

    /// <summary>a = min/max(a, b): NaN if either is NaN; -0 below +0; otherwise the SSE result.</summary>
    public void MinMax(bool is64, bool isMin, Register a, Register b)
    {
        var nan = _asm.CreateLabel();
        var equal = _asm.CreateLabel();
        var done = _asm.CreateLabel();
        Emit(X86Instruction.Create(is64 ? Code.Ucomisd_xmm_xmmm64 : Code.Ucomiss_xmm_xmmm32, a, b));
        _asm.jp(nan);
        _asm.je(equal);
        Emit(X86Instruction.Create(isMin
            ? (is64 ? Code.Minsd_xmm_xmmm64 : Code.Minss_xmm_xmmm32)
            : (is64 ? Code.Maxsd_xmm_xmmm64 : Code.Maxss_xmm_xmmm32), a, b));
        _asm.jmp(done);
        Bind(ref equal);
        // Equal values differ only for zeros: or keeps a -0 (min), and keeps a +0 (max).
        Emit(X86Instruction.Create(isMin ? Code.Orps_xmm_xmmm128 : Code.Andps_xmm_xmmm128, a, b));
        _asm.jmp(done);
        Bind(ref nan);
        Emit(X86Instruction.Create(is64 ? Code.Addsd_xmm_xmmm64 : Code.Addss_xmm_xmmm32, a, b));
        Bind(ref done);
    }

    /// <summary>abs, neg and copysign (sign taken from <paramref name="sign"/>) as bit operations on the sign bit, exact for NaNs too.</summary>
    public void SignBits(bool is64, SignOp op, Register reg, Register sign)
    {
        var g = is64 ? Register.R11 : Register.R11D;
        var movToGpr = is64 ? Code.Movq_rm64_xmm : Code.Movd_rm32_xmm;
        var movToXmm = is64 ? Code.Movq_xmm_rm64 : Code.Movd_xmm_rm32;
        Emit(X86Instruction.Create(movToGpr, g, reg));
        int bit = is64 ? 63 : 31;
        switch (op)
        {
            case SignOp.Abs:
                Emit(X86Instruction.Create(is64 ? Code.Btr_rm64_imm8 : Code.Btr_rm32_imm8, g, bit));
                break;
            case SignOp.Neg:
                Emit(X86Instruction.Create(is64 ? Code.Btc_rm64_imm8 : Code.Btc_rm32_imm8, g, bit));
                break;
            default:
                var g2 = is64 ? Register.R10 : Register.R10D;
                Emit(X86Instruction.Create(is64 ? Code.Btr_rm64_imm8 : Code.Btr_rm32_imm8, g, bit));
                Emit(X86Instruction.Create(movToGpr, g2, sign));
                Emit(X86Instruction.Create(is64 ? Code.Shr_rm64_imm8 : Code.Shr_rm32_imm8, g2, bit));
                Emit(X86Instruction.Create(is64 ? Code.Shl_rm64_imm8 : Code.Shl_rm32_imm8, g2, bit));
                Emit(X86Instruction.Create(is64 ? Code.Or_r64_rm64 : Code.Or_r32_rm32, g, g2));
                break;
        }
        Emit(X86Instruction.Create(movToXmm, reg, g));
    }

    /// <summary>xmm = xmm (float move of the whole register).</summary>
    public void MoveFloat(Register dst, Register src) => Emit(X86Instruction.Create(Code.Movaps_xmm_xmmm128, dst, src));
}
