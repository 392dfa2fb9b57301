using X86Instruction = Iced.Intel.Instruction;
using Iced.Intel;
using TenantDb.ProcSandbox.Runtime;
using static Iced.Intel.AssemblerRegisters;

namespace TenantDb.ProcSandbox.Compiler;

/// <summary>Conversions: wrap/extend, trapping float-to-int truncation, int-to-float, demote/promote, reinterpret.</summary>
internal sealed partial class FunctionCompiler
{
    private bool TryVisitConversion(Opcode op)
    {
        switch (op)
        {
            case Opcode.I32WrapI64: Retype(ValType.I32, Code.Mov_r32_rm32); return true;
            case Opcode.I64ExtendI32S: Retype(ValType.I64, Code.Movsxd_r64_rm32); return true;
            case Opcode.I64ExtendI32U: Retype(ValType.I64, Code.Mov_r32_rm32); return true;

            case Opcode.I32TruncF32S: Truncate(false, ValType.I32, signed: true); return true;
            case Opcode.I32TruncF32U: Truncate(false, ValType.I32, signed: false); return true;
            case Opcode.I32TruncF64S: Truncate(true, ValType.I32, signed: true); return true;
            case Opcode.I32TruncF64U: Truncate(true, ValType.I32, signed: false); return true;
            case Opcode.I64TruncF32S: Truncate(false, ValType.I64, signed: true); return true;
            case Opcode.I64TruncF32U: Truncate(false, ValType.I64, signed: false); return true;
            case Opcode.I64TruncF64S: Truncate(true, ValType.I64, signed: true); return true;
            case Opcode.I64TruncF64U: Truncate(true, ValType.I64, signed: false); return true;

            case Opcode.F32ConvertI32S: ConvertInt(ValType.F32, fromI64: false, signed: true); return true;
            case Opcode.F32ConvertI32U: ConvertInt(ValType.F32, fromI64: false, signed: false); return true;
            case Opcode.F32ConvertI64S: ConvertInt(ValType.F32, fromI64: true, signed: true); return true;
            case Opcode.F32ConvertI64U: ConvertInt(ValType.F32, fromI64: true, signed: false); return true;
            case Opcode.F64ConvertI32S: ConvertInt(ValType.F64, fromI64: false, signed: true); return true;
            case Opcode.F64ConvertI32U: ConvertInt(ValType.F64, fromI64: false, signed: false); return true;
            case Opcode.F64ConvertI64S: ConvertInt(ValType.F64, fromI64: true, signed: true); return true;
            case Opcode.F64ConvertI64U: ConvertInt(ValType.F64, fromI64: true, signed: false); return true;

            case Opcode.F32DemoteF64: FloatUnaryRetype(ValType.F32, Code.Cvtsd2ss_xmm_xmmm64); return true;
            case Opcode.F64PromoteF32: FloatUnaryRetype(ValType.F64, Code.Cvtss2sd_xmm_xmmm32); return true;

            case Opcode.I32ReinterpretF32: Reinterpret(ValType.I32, Code.Movd_rm32_xmm); return true;
            case Opcode.I64ReinterpretF64: Reinterpret(ValType.I64, Code.Movq_rm64_xmm); return true;
            case Opcode.F32ReinterpretI32: Reinterpret(ValType.F32, Code.Movd_xmm_rm32); return true;
            case Opcode.F64ReinterpretI64: Reinterpret(ValType.F64, Code.Movq_xmm_rm64); return true;
            default: return false;
        }
    }

    /// <summary>Integer width changes done with one move in place (wrap, extend).</summary>
    private void Retype(ValType to, Code code)
    {
        var reg = PopToRegister(out _);
        var dst = code == Code.Movsxd_r64_rm32 ? reg : X64.R32(reg);
        Emit(X86Instruction.Create(code, dst, X64.R32(reg)));
        PushRegister(to, reg);
    }

    private void FloatUnaryRetype(ValType to, Code code)
    {
        var reg = PopToRegister(out _);
        Emit(X86Instruction.Create(code, reg, reg));
        PushRegister(to, reg);
    }

    private void Reinterpret(ValType to, Code code)
    {
        var entry = Pop(out int position);
        var src = ToRegister(entry, position);
        var dst = AllocFor(to);
        bool toFloat = X64.IsFloat(to);
        bool is64 = X64.Is64(to);
        Emit(toFloat
            ? X86Instruction.Create(code, dst, X64.Sized(src, is64))
            : X86Instruction.Create(code, X64.Sized(dst, is64), src));
        _regs.Free(src);
        PushRegister(to, dst);
    }

    private void ConvertInt(ValType to, bool fromI64, bool signed)
    {
        var src = PopToRegister(out _);
        var dst = AllocXmm();
        bool toF64 = to == ValType.F64;
        var cvt64 = toF64 ? Code.Cvtsi2sd_xmm_rm64 : Code.Cvtsi2ss_xmm_rm64;
        var cvt32 = toF64 ? Code.Cvtsi2sd_xmm_rm32 : Code.Cvtsi2ss_xmm_rm32;
        // Clear the destination first: cvtsi2s* merges into the old register contents.
        Emit(X86Instruction.Create(Code.Xorps_xmm_xmmm128, dst, dst));
        if (!fromI64 && signed)
        {
            Emit(X86Instruction.Create(cvt32, dst, X64.R32(src)));
        }
        else if (!fromI64)
        {
            // u32 fits exactly in a non-negative i64.
            Emit(X86Instruction.Create(Code.Mov_r32_rm32, X64.R32(src), X64.R32(src)));
            Emit(X86Instruction.Create(cvt64, dst, src));
        }
        else if (signed)
        {
            Emit(X86Instruction.Create(cvt64, dst, src));
        }
        else
        {
            // u64: below 2^63 convert directly; else halve keeping the lowest bit (sticky) and double.
            var large = _asm.CreateLabel();
            var done = _asm.CreateLabel();
            Emit(X86Instruction.Create(Code.Test_rm64_r64, src, src));
            _asm.js(large);
            Emit(X86Instruction.Create(cvt64, dst, src));
            _asm.jmp(done);
            Bind(ref large);
            Emit(X86Instruction.Create(Code.Mov_r64_rm64, Register.R11, src));
            _asm.shr(r11, 1);
            Emit(X86Instruction.Create(Code.Mov_r64_rm64, Register.R10, src));
            _asm.and(r10, 1);
            _asm.or(r11, r10);
            Emit(X86Instruction.Create(cvt64, dst, Register.R11));
            Emit(X86Instruction.Create(toF64 ? Code.Addsd_xmm_xmmm64 : Code.Addss_xmm_xmmm32, dst, dst));
            Bind(ref done);
        }
        _regs.Free(src);
        PushRegister(to, dst);
    }

    /// <summary>
    /// Trapping truncation: NaN traps as an invalid conversion, values whose truncation does not fit
    /// trap as integer overflow. The bounds are exact for each source precision.
    /// </summary>
    private void Truncate(bool fromF64, ValType to, bool signed)
    {
        var src = PopToRegister(out _);
        var dst = AllocGpr();
        bool to64 = to == ValType.I64;
        var ucomis = fromF64 ? Code.Ucomisd_xmm_xmmm64 : Code.Ucomiss_xmm_xmmm32;
        Emit(X86Instruction.Create(ucomis, src, src));
        _asm.jp(TrapLabel(TrapKind.InvalidConversionToInteger));

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
        Emit(X86Instruction.Create(ucomis, src, X64.XmmScratch));
        if (lowerInclusive) _asm.jb(TrapLabel(TrapKind.IntegerOverflow));
        else _asm.jbe(TrapLabel(TrapKind.IntegerOverflow));
        LoadBound(upper, fromF64);
        Emit(X86Instruction.Create(ucomis, src, X64.XmmScratch));
        _asm.jae(TrapLabel(TrapKind.IntegerOverflow));

        var cvt64 = fromF64 ? Code.Cvttsd2si_r64_xmmm64 : Code.Cvttss2si_r64_xmmm32;
        var cvt32 = fromF64 ? Code.Cvttsd2si_r32_xmmm64 : Code.Cvttss2si_r32_xmmm32;
        if (signed && !to64)
        {
            Emit(X86Instruction.Create(cvt32, X64.R32(dst), src));
        }
        else if (signed || !to64)
        {
            // Signed i64, or u32 via a 64-bit conversion (the value is below 2^32).
            Emit(X86Instruction.Create(cvt64, dst, src));
            if (!to64) Emit(X86Instruction.Create(Code.Mov_r32_rm32, X64.R32(dst), X64.R32(dst)));
        }
        else
        {
            // u64: values at or above 2^63 are reduced by 2^63 first, then the top bit is set again.
            var small = _asm.CreateLabel();
            var done = _asm.CreateLabel();
            LoadBound(9223372036854775808.0, fromF64);
            Emit(X86Instruction.Create(ucomis, src, X64.XmmScratch));
            _asm.jb(small);
            Emit(X86Instruction.Create(fromF64 ? Code.Subsd_xmm_xmmm64 : Code.Subss_xmm_xmmm32, src, X64.XmmScratch));
            Emit(X86Instruction.Create(cvt64, dst, src));
            _asm.btc(new AssemblerRegister64(dst), 63);
            _asm.jmp(done);
            Bind(ref small);
            Emit(X86Instruction.Create(cvt64, dst, src));
            Bind(ref done);
        }
        _regs.Free(src);
        PushRegister(to, dst);
    }

    private void LoadBound(double bound, bool asF64)
    {
        ulong bits = asF64 ? BitConverter.DoubleToUInt64Bits(bound) : BitConverter.SingleToUInt32Bits((float)bound);
        LoadFloatConst(X64.XmmScratch, bits, asF64);
    }
}
