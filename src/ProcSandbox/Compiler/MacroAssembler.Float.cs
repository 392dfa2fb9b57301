using Iced.Intel;
using System.Runtime.Intrinsics.X86;
using TenantDb.ProcSandbox.Runtime;

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
    public void Float(FloatOp op, bool is64, Register dst, Register src) => _asm.Emit(FloatCode(op, is64), dst, src);

    /// <summary>dst = dst op [m].</summary>
    public void Float(FloatOp op, bool is64, Register dst, MemoryOperand src) => _asm.Emit(FloatCode(op, is64), dst, src);

    public void Sqrt(bool is64, Register reg) =>
        _asm.Emit(is64 ? Code.Sqrtsd_xmm_xmmm64 : Code.Sqrtss_xmm_xmmm32, reg, reg);

    /// <summary>Rounds in place; <paramref name="mode"/> is roundss's immediate (0 nearest, 1 floor, 2 ceil, 3 trunc).</summary>
    public void Round(bool is64, Register reg, int mode)
    {
        if (!Sse41.IsSupported) throw new WasmNotSupportedException("float rounding needs a CPU with SSE4.1");
        _asm.Emit(is64 ? Code.Roundsd_xmm_xmmm64_imm8 : Code.Roundss_xmm_xmmm32_imm8, reg, reg, mode);
    }

    /// <summary>Compares two floats for <paramref name="condition"/>; <see cref="SetIf(FloatCondition, Register)"/> then reads the flags.</summary>
    public void FloatCompare(bool is64, FloatCondition condition, Register a, Register b)
    {
        var ucomis = is64 ? Code.Ucomisd_xmm_xmmm64 : Code.Ucomiss_xmm_xmmm32;
        // Unordered sets ZF, PF and CF: "above" conditions are false for NaN without a parity check.
        switch (condition)
        {
            case FloatCondition.Lt: _asm.Emit(ucomis, b, a); break;
            case FloatCondition.Le: _asm.Emit(ucomis, b, a); break;
            default: _asm.Emit(ucomis, a, b); break;
        }
    }

    /// <summary>dst (a general register) = the float comparison's result as i32: false for NaN operands except for ne. Uses r11.</summary>
    public void SetIf(FloatCondition condition, Register dst)
    {
        var d8 = X64.R8(dst);
        switch (condition)
        {
            case FloatCondition.Eq:
                _asm.Emit(Code.Sete_rm8, d8);
                _asm.Emit(Code.Setnp_rm8, Register.R11L);
                _asm.Emit(Code.And_r8_rm8, d8, Register.R11L);
                break;
            case FloatCondition.Ne:
                _asm.Emit(Code.Setne_rm8, d8);
                _asm.Emit(Code.Setp_rm8, Register.R11L);
                _asm.Emit(Code.Or_r8_rm8, d8, Register.R11L);
                break;
            case FloatCondition.Lt:
            case FloatCondition.Gt:
                _asm.Emit(Code.Seta_rm8, d8);
                break;
            default:
                _asm.Emit(Code.Setae_rm8, d8);
                break;
        }
        _asm.Emit(Code.Movzx_r32_rm8, X64.R32(dst), d8);
    }

    /// <summary>a = min/max(a, b): NaN if either is NaN; -0 below +0; otherwise the SSE result.</summary>
    public void MinMax(bool is64, bool isMin, Register a, Register b)
    {
        var nan = _code.CreateLabel();
        var equal = _code.CreateLabel();
        var done = _code.CreateLabel();
        _asm.Emit(is64 ? Code.Ucomisd_xmm_xmmm64 : Code.Ucomiss_xmm_xmmm32, a, b);
        JumpIfParity(nan);
        JumpIf(Condition.Eq, equal);
        _asm.Emit(isMin
            ? (is64 ? Code.Minsd_xmm_xmmm64 : Code.Minss_xmm_xmmm32)
            : (is64 ? Code.Maxsd_xmm_xmmm64 : Code.Maxss_xmm_xmmm32), a, b);
        Jump(done);
        Bind(equal);
        // Equal values differ only for zeros: or keeps a -0 (min), and keeps a +0 (max).
        _asm.Emit(isMin ? Code.Orps_xmm_xmmm128 : Code.Andps_xmm_xmmm128, a, b);
        Jump(done);
        Bind(nan);
        _asm.Emit(is64 ? Code.Addsd_xmm_xmmm64 : Code.Addss_xmm_xmmm32, a, b);
        Bind(done);
    }

    /// <summary>abs, neg and copysign (sign taken from <paramref name="sign"/>) as bit operations on the sign bit, exact for NaNs too.</summary>
    public void SignBits(bool is64, SignOp op, Register reg, Register sign)
    {
        var g = is64 ? Register.R11 : Register.R11D;
        var movToGpr = is64 ? Code.Movq_rm64_xmm : Code.Movd_rm32_xmm;
        var movToXmm = is64 ? Code.Movq_xmm_rm64 : Code.Movd_xmm_rm32;
        _asm.Emit(movToGpr, g, reg);
        int bit = is64 ? 63 : 31;
        switch (op)
        {
            case SignOp.Abs:
                _asm.Emit(is64 ? Code.Btr_rm64_imm8 : Code.Btr_rm32_imm8, g, bit);
                break;
            case SignOp.Neg:
                _asm.Emit(is64 ? Code.Btc_rm64_imm8 : Code.Btc_rm32_imm8, g, bit);
                break;
            default:
                var g2 = is64 ? Register.R10 : Register.R10D;
                _asm.Emit(is64 ? Code.Btr_rm64_imm8 : Code.Btr_rm32_imm8, g, bit);
                _asm.Emit(movToGpr, g2, sign);
                _asm.Emit(is64 ? Code.Shr_rm64_imm8 : Code.Shr_rm32_imm8, g2, bit);
                _asm.Emit(is64 ? Code.Shl_rm64_imm8 : Code.Shl_rm32_imm8, g2, bit);
                _asm.Emit(is64 ? Code.Or_r64_rm64 : Code.Or_r32_rm32, g, g2);
                break;
        }
        _asm.Emit(movToXmm, reg, g);
    }

    /// <summary>xmm = xmm (float move of the whole register).</summary>
    public void MoveFloat(Register dst, Register src) => _asm.Emit(Code.Movaps_xmm_xmmm128, dst, src);
}
