using X86Instruction = Iced.Intel.Instruction;
using Iced.Intel;
using System.Runtime.Intrinsics.X86;
using TenantDb.ProcSandbox.Runtime;
using static Iced.Intel.AssemblerRegisters;

namespace TenantDb.ProcSandbox.Compiler;

/// <summary>f32 and f64 arithmetic and comparisons with exact WebAssembly semantics (SSE2 + SSE4.1).</summary>
internal sealed partial class FunctionCompiler
{
    private bool TryVisitFloat(Opcode op)
    {
        switch (op)
        {
            case Opcode.F32Eq: FloatCompare(false, FloatCondition.Eq); return true;
            case Opcode.F32Ne: FloatCompare(false, FloatCondition.Ne); return true;
            case Opcode.F32Lt: FloatCompare(false, FloatCondition.Lt); return true;
            case Opcode.F32Gt: FloatCompare(false, FloatCondition.Gt); return true;
            case Opcode.F32Le: FloatCompare(false, FloatCondition.Le); return true;
            case Opcode.F32Ge: FloatCompare(false, FloatCondition.Ge); return true;
            case Opcode.F64Eq: FloatCompare(true, FloatCondition.Eq); return true;
            case Opcode.F64Ne: FloatCompare(true, FloatCondition.Ne); return true;
            case Opcode.F64Lt: FloatCompare(true, FloatCondition.Lt); return true;
            case Opcode.F64Gt: FloatCompare(true, FloatCondition.Gt); return true;
            case Opcode.F64Le: FloatCompare(true, FloatCondition.Le); return true;
            case Opcode.F64Ge: FloatCompare(true, FloatCondition.Ge); return true;

            case Opcode.F32Abs: SignBits(false, SignOp.Abs); return true;
            case Opcode.F32Neg: SignBits(false, SignOp.Neg); return true;
            case Opcode.F32Ceil: Round(false, 2); return true;
            case Opcode.F32Floor: Round(false, 1); return true;
            case Opcode.F32Trunc: Round(false, 3); return true;
            case Opcode.F32Nearest: Round(false, 0); return true;
            case Opcode.F32Sqrt: FloatUnary(Code.Sqrtss_xmm_xmmm32); return true;
            case Opcode.F32Add: FloatBinary(Code.Addss_xmm_xmmm32, true); return true;
            case Opcode.F32Sub: FloatBinary(Code.Subss_xmm_xmmm32, false); return true;
            case Opcode.F32Mul: FloatBinary(Code.Mulss_xmm_xmmm32, true); return true;
            case Opcode.F32Div: FloatBinary(Code.Divss_xmm_xmmm32, false); return true;
            case Opcode.F32Min: MinMax(false, isMin: true); return true;
            case Opcode.F32Max: MinMax(false, isMin: false); return true;
            case Opcode.F32Copysign: SignBits(false, SignOp.CopySign); return true;

            case Opcode.F64Abs: SignBits(true, SignOp.Abs); return true;
            case Opcode.F64Neg: SignBits(true, SignOp.Neg); return true;
            case Opcode.F64Ceil: Round(true, 2); return true;
            case Opcode.F64Floor: Round(true, 1); return true;
            case Opcode.F64Trunc: Round(true, 3); return true;
            case Opcode.F64Nearest: Round(true, 0); return true;
            case Opcode.F64Sqrt: FloatUnary(Code.Sqrtsd_xmm_xmmm64); return true;
            case Opcode.F64Add: FloatBinary(Code.Addsd_xmm_xmmm64, true); return true;
            case Opcode.F64Sub: FloatBinary(Code.Subsd_xmm_xmmm64, false); return true;
            case Opcode.F64Mul: FloatBinary(Code.Mulsd_xmm_xmmm64, true); return true;
            case Opcode.F64Div: FloatBinary(Code.Divsd_xmm_xmmm64, false); return true;
            case Opcode.F64Min: MinMax(true, isMin: true); return true;
            case Opcode.F64Max: MinMax(true, isMin: false); return true;
            case Opcode.F64Copysign: SignBits(true, SignOp.CopySign); return true;
            default: return false;
        }
    }

    /// <summary>Applies an SSE r, r/m instruction with the popped <paramref name="source"/> as second operand; releases it.</summary>
    private void ApplySse(Code code, Register dst, in StackEntry source, int position)
    {
        switch (source.Kind)
        {
            case EntryKind.Register:
                Emit(X86Instruction.Create(code, dst, source.Reg));
                _regs.Free(source.Reg);
                break;
            case EntryKind.Const:
                LoadFloatConst(X64.XmmScratch, source.Bits, X64.Is64(source.Type));
                Emit(X86Instruction.Create(code, dst, X64.XmmScratch));
                break;
            default:
                Emit(X86Instruction.Create(code, dst, MemOf(source, position)));
                break;
        }
    }

    private void FloatBinary(Code code, bool commutative)
    {
        var b = Pop(out int pb);
        var a = Pop(out int pa);
        if (commutative && a.Kind != EntryKind.Register && b.Kind == EntryKind.Register)
        {
            (a, b) = (b, a);
            (pa, pb) = (pb, pa);
        }
        var dst = ToRegister(a, pa);
        ApplySse(code, dst, b, pb);
        PushRegister(a.Type, dst);
    }

    private void FloatUnary(Code code)
    {
        var reg = PopToRegister(out var type);
        Emit(X86Instruction.Create(code, reg, reg));
        PushRegister(type, reg);
    }

    private void Round(bool is64, int mode)
    {
        if (!Sse41.IsSupported) throw new WasmNotSupportedException("float rounding needs a CPU with SSE4.1");
        var reg = PopToRegister(out var type);
        Emit(X86Instruction.Create(is64 ? Code.Roundsd_xmm_xmmm64_imm8 : Code.Roundss_xmm_xmmm32_imm8, reg, reg, mode));
        PushRegister(type, reg);
    }

    private enum FloatCondition { Eq, Ne, Lt, Gt, Le, Ge }

    private void FloatCompare(bool is64, FloatCondition condition)
    {
        var b = Pop(out int pb);
        var a = Pop(out int pa);
        var ra = ToRegister(a, pa);
        var rb = ToRegister(b, pb);
        var ucomis = is64 ? Code.Ucomisd_xmm_xmmm64 : Code.Ucomiss_xmm_xmmm32;
        // Unordered sets ZF, PF and CF: "above" conditions are false for NaN without a parity check.
        switch (condition)
        {
            case FloatCondition.Lt: Emit(X86Instruction.Create(ucomis, rb, ra)); break;
            case FloatCondition.Le: Emit(X86Instruction.Create(ucomis, rb, ra)); break;
            default: Emit(X86Instruction.Create(ucomis, ra, rb)); break;
        }
        _regs.Free(ra);
        _regs.Free(rb);
        var dst = AllocGpr();
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
        PushRegister(ValType.I32, dst);
    }

    /// <summary>min/max: NaN if either is NaN; -0 below +0; otherwise the SSE result.</summary>
    private void MinMax(bool is64, bool isMin)
    {
        var b = Pop(out int pb);
        var a = Pop(out int pa);
        var ra = ToRegister(a, pa);
        var rb = ToRegister(b, pb);
        var nan = _asm.CreateLabel();
        var equal = _asm.CreateLabel();
        var done = _asm.CreateLabel();
        Emit(X86Instruction.Create(is64 ? Code.Ucomisd_xmm_xmmm64 : Code.Ucomiss_xmm_xmmm32, ra, rb));
        _asm.jp(nan);
        _asm.je(equal);
        Emit(X86Instruction.Create(isMin
            ? (is64 ? Code.Minsd_xmm_xmmm64 : Code.Minss_xmm_xmmm32)
            : (is64 ? Code.Maxsd_xmm_xmmm64 : Code.Maxss_xmm_xmmm32), ra, rb));
        _asm.jmp(done);
        Bind(ref equal);
        // Equal values differ only for zeros: or keeps a -0 (min), and keeps a +0 (max).
        Emit(X86Instruction.Create(isMin ? Code.Orps_xmm_xmmm128 : Code.Andps_xmm_xmmm128, ra, rb));
        _asm.jmp(done);
        Bind(ref nan);
        Emit(X86Instruction.Create(is64 ? Code.Addsd_xmm_xmmm64 : Code.Addss_xmm_xmmm32, ra, rb));
        Bind(ref done);
        _regs.Free(rb);
        PushRegister(a.Type, ra);
    }

    private enum SignOp { Abs, Neg, CopySign }

    /// <summary>abs, neg and copysign as bit operations on the sign bit (exact for NaNs too).</summary>
    private void SignBits(bool is64, SignOp op)
    {
        Register sign = Register.None;
        if (op == SignOp.CopySign) sign = PopToRegister(out _);
        var reg = PopToRegister(out var type);
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
                _regs.Free(sign);
                break;
        }
        Emit(X86Instruction.Create(movToXmm, reg, g));
        PushRegister(type, reg);
    }
}
