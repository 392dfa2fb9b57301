using Iced.Intel;
using TenantDb.ProcSandbox.Module;
using TenantDb.ProcSandbox.Runtime;

namespace TenantDb.ProcSandbox.Compiler;

/// <summary>Conversions: trapping float-to-int truncation, int-to-float, demote/promote, reinterpret.</summary>
internal sealed partial class MacroAssembler
{
    /// <summary>f32.demote_f64 (<paramref name="toF64"/> false) or f64.promote_f32 in place.</summary>
    public void ConvertFloat(bool toF64, Register reg) =>
        _asm.Emit(toF64 ? Code.Cvtss2sd_xmm_xmmm32 : Code.Cvtsd2ss_xmm_xmmm64, reg, reg);

    /// <summary>Moves the bits of a value between a general register and an xmm register (reinterpret to <paramref name="to"/>).</summary>
    public void Reinterpret(ValType to, Register dst, Register src)
    {
        bool is64 = X64.Is64(to);
        if (X64.IsFloat(to)) _asm.Emit(is64 ? Code.Movq_xmm_rm64 : Code.Movd_xmm_rm32, dst, X64.Sized(src, is64));
        else _asm.Emit(is64 ? Code.Movq_rm64_xmm : Code.Movd_rm32_xmm, X64.Sized(dst, is64), src);
    }

    /// <summary>Signed integer to float straight from a frame cell <paramref name="source"/> (a local or a spilled slot).</summary>
    public void ConvertInt(bool toF64, bool fromI64, Register dst, MemoryOperand source)
    {
        var code = (toF64, fromI64) switch
        {
            (true, true) => Code.Cvtsi2sd_xmm_rm64,
            (true, false) => Code.Cvtsi2sd_xmm_rm32,
            (false, true) => Code.Cvtsi2ss_xmm_rm64,
            _ => Code.Cvtsi2ss_xmm_rm32,
        };
        // Clear the destination first: cvtsi2s* merges into the old register contents.
        _asm.Emit(Code.Xorps_xmm_xmmm128, dst, dst);
        _asm.Emit(code, dst, source);
    }

    /// <summary>Integer (<paramref name="src"/>) to float (<paramref name="dst"/>), exact rounding for unsigned 64-bit values too.</summary>
    public void ConvertInt(bool toF64, bool fromI64, bool signed, Register src, Register dst)
    {
        var cvt64 = toF64 ? Code.Cvtsi2sd_xmm_rm64 : Code.Cvtsi2ss_xmm_rm64;
        var cvt32 = toF64 ? Code.Cvtsi2sd_xmm_rm32 : Code.Cvtsi2ss_xmm_rm32;
        // Clear the destination first: cvtsi2s* merges into the old register contents.
        _asm.Emit(Code.Xorps_xmm_xmmm128, dst, dst);
        if (!fromI64 && signed)
        {
            _asm.Emit(cvt32, dst, X64.R32(src));
        }
        else if (!fromI64)
        {
            // u32 fits exactly in a non-negative i64.
            _asm.Emit(Code.Mov_r32_rm32, X64.R32(src), X64.R32(src));
            _asm.Emit(cvt64, dst, src);
        }
        else if (signed)
        {
            _asm.Emit(cvt64, dst, src);
        }
        else
        {
            // u64: below 2^63 convert directly; else halve keeping the lowest bit (sticky) and double.
            var large = _code.CreateLabel();
            var done = _code.CreateLabel();
            _asm.Emit(Code.Test_rm64_r64, src, src);
            JumpIfSign(large);
            _asm.Emit(cvt64, dst, src);
            Jump(done);
            Bind(large);
            _asm.Emit(Code.Mov_r64_rm64, Register.R11, src);
            _asm.Emit(Code.Shr_rm64_1, Register.R11, 1);
            _asm.Emit(Code.Mov_r64_rm64, Register.R10, src);
            _asm.Emit(Code.And_rm64_imm8, Register.R10, 1);
            _asm.Emit(Code.Or_rm64_r64, Register.R11, Register.R10);
            _asm.Emit(cvt64, dst, Register.R11);
            _asm.Emit(toF64 ? Code.Addsd_xmm_xmmm64 : Code.Addss_xmm_xmmm32, dst, dst);
            Bind(done);
        }
    }

    /// <summary>
    /// Trapping truncation of <paramref name="src"/> into <paramref name="dst"/>: NaN traps as an
    /// invalid conversion, values whose truncation does not fit trap as integer overflow. The bounds
    /// are exact for each source precision. May change <paramref name="src"/>.
    /// </summary>
    public void Truncate(bool fromF64, bool to64, bool signed, Register src, Register dst)
    {
        var ucomis = fromF64 ? Code.Ucomisd_xmm_xmmm64 : Code.Ucomiss_xmm_xmmm32;
        _asm.Emit(ucomis, src, src);
        JumpIfParity(TrapLabel(TrapKind.InvalidConversionToInteger));

        // Lower bound: below it (or at it, when exclusive) the result does not fit.
        double lower, upper;
        bool lowerInclusive;
        if (signed)
        {
            double min = to64 ? -9223372036854775808.0 : -2147483648.0;
            // With f64 sources and i32 results, -2^31 - 0.x still truncates to -2^31.
            if (!to64 && fromF64) { lower = -2147483649.0; lowerInclusive = false; }
            else { lower = min; lowerInclusive = true; }
            upper = to64 ? 9223372036854775808.0 : 2147483648.0;
        }
        else
        {
            lower = -1.0;
            lowerInclusive = false;
            upper = to64 ? 18446744073709551616.0 : 4294967296.0;
        }
        LoadBound(lower, fromF64);
        // ucomis src, bound: CF set when src < bound, ZF when equal.
        _asm.Emit(ucomis, src, X64.XmmScratch);
        if (lowerInclusive) JumpIf(Condition.LtU, TrapLabel(TrapKind.IntegerOverflow));
        else JumpIf(Condition.LeU, TrapLabel(TrapKind.IntegerOverflow));
        LoadBound(upper, fromF64);
        _asm.Emit(ucomis, src, X64.XmmScratch);
        JumpIf(Condition.GeU, TrapLabel(TrapKind.IntegerOverflow));

        var cvt64 = fromF64 ? Code.Cvttsd2si_r64_xmmm64 : Code.Cvttss2si_r64_xmmm32;
        var cvt32 = fromF64 ? Code.Cvttsd2si_r32_xmmm64 : Code.Cvttss2si_r32_xmmm32;
        if (signed && !to64)
        {
            _asm.Emit(cvt32, X64.R32(dst), src);
        }
        else if (signed || !to64)
        {
            // Signed i64, or u32 via a 64-bit conversion (the value is below 2^32).
            _asm.Emit(cvt64, dst, src);
            if (!to64) _asm.Emit(Code.Mov_r32_rm32, X64.R32(dst), X64.R32(dst));
        }
        else
        {
            // u64: values at or above 2^63 are reduced by 2^63 first, then the top bit is set again.
            var small = _code.CreateLabel();
            var done = _code.CreateLabel();
            LoadBound(9223372036854775808.0, fromF64);
            _asm.Emit(ucomis, src, X64.XmmScratch);
            JumpIf(Condition.LtU, small);
            _asm.Emit(fromF64 ? Code.Subsd_xmm_xmmm64 : Code.Subss_xmm_xmmm32, src, X64.XmmScratch);
            _asm.Emit(cvt64, dst, src);
            _asm.Emit(Code.Btc_rm64_imm8, dst, 63);
            Jump(done);
            Bind(small);
            _asm.Emit(cvt64, dst, src);
            Bind(done);
        }
    }

    private void LoadBound(double bound, bool asF64)
    {
        ulong bits = asF64 ? BitConverter.DoubleToUInt64Bits(bound) : BitConverter.SingleToUInt32Bits((float)bound);
        LoadFloatConst(X64.XmmScratch, bits, asF64);
    }
}
