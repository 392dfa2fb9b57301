using Iced.Intel;
using TenantDb.ProcSandbox.Binary;
using TenantDb.ProcSandbox.Module;

namespace TenantDb.ProcSandbox.Compiler;

/// <summary>f32 and f64 arithmetic and comparisons.</summary>
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
            case Opcode.F32Sqrt: Sqrt(false); return true;
            case Opcode.F32Add: FloatBinary(false, FloatOp.Add); return true;
            case Opcode.F32Sub: FloatBinary(false, FloatOp.Sub); return true;
            case Opcode.F32Mul: FloatBinary(false, FloatOp.Mul); return true;
            case Opcode.F32Div: FloatBinary(false, FloatOp.Div); return true;
            case Opcode.F32Min: MinMax(false, isMin: true); return true;
            case Opcode.F32Max: MinMax(false, isMin: false); return true;
            case Opcode.F32Copysign: SignBits(false, SignOp.CopySign); return true;

            case Opcode.F64Abs: SignBits(true, SignOp.Abs); return true;
            case Opcode.F64Neg: SignBits(true, SignOp.Neg); return true;
            case Opcode.F64Ceil: Round(true, 2); return true;
            case Opcode.F64Floor: Round(true, 1); return true;
            case Opcode.F64Trunc: Round(true, 3); return true;
            case Opcode.F64Nearest: Round(true, 0); return true;
            case Opcode.F64Sqrt: Sqrt(true); return true;
            case Opcode.F64Add: FloatBinary(true, FloatOp.Add); return true;
            case Opcode.F64Sub: FloatBinary(true, FloatOp.Sub); return true;
            case Opcode.F64Mul: FloatBinary(true, FloatOp.Mul); return true;
            case Opcode.F64Div: FloatBinary(true, FloatOp.Div); return true;
            case Opcode.F64Min: MinMax(true, isMin: true); return true;
            case Opcode.F64Max: MinMax(true, isMin: false); return true;
            case Opcode.F64Copysign: SignBits(true, SignOp.CopySign); return true;
            default: return false;
        }
    }

    private void FloatBinary(bool is64, FloatOp op)
    {
        var b = _ctx.Pop(out int pb);
        var a = _ctx.Pop(out int pa);
        if (op is FloatOp.Add or FloatOp.Mul && a.Kind != EntryKind.Register && b.Kind == EntryKind.Register)
        {
            (a, b) = (b, a);
            (pa, pb) = (pb, pa);
        }
        var dst = _ctx.ToRegister(a, pa);
        ApplyFloat(op, is64, dst, b, pb);
        _ctx.PushRegister(a.Type, dst);
    }

    /// <summary>dst = dst op <paramref name="b"/> (popped, at <paramref name="pb"/>); releases b.</summary>
    private void ApplyFloat(FloatOp op, bool is64, Iced.Intel.Register dst, in StackEntry b, int pb)
    {
        switch (b.Kind)
        {
            case EntryKind.Register:
                _masm.Float(op, is64, dst, b.Reg);
                _ctx.Regs.Free(b.Reg);
                break;
            case EntryKind.Const:
                _masm.LoadFloatConst(X64.XmmScratch, b.Bits, is64);
                _masm.Float(op, is64, dst, X64.XmmScratch);
                break;
            default:
                var pinned = _ctx.PinnedOf(b);
                if (pinned != Iced.Intel.Register.None) _masm.Float(op, is64, dst, pinned);
                else _masm.Float(op, is64, dst, _ctx.MemOf(b, pb));
                break;
        }
    }

    private void Sqrt(bool is64)
    {
        var reg = _ctx.PopToRegister(out var type);
        _masm.Sqrt(is64, reg);
        _ctx.PushRegister(type, reg);
    }

    private void Round(bool is64, int mode)
    {
        var reg = _ctx.PopToRegister(out var type);
        _masm.Round(is64, reg, mode);
        _ctx.PushRegister(type, reg);
    }

    private void FloatCompare(bool is64, FloatCondition condition)
    {
        var b = _ctx.Pop(out int pb);
        var a = _ctx.Pop(out int pa);
        var ra = _ctx.ToRegister(a, pa);
        var rb = _ctx.ToRegister(b, pb);
        _masm.FloatCompare(is64, condition, ra, rb);
        _ctx.Regs.Free(ra);
        _ctx.Regs.Free(rb);
        var dst = _ctx.AllocGpr(); // a spill here is a plain store: the flags survive it
        _masm.SetIf(condition, dst);
        _ctx.PushRegister(ValType.I32, dst);
    }

    private void MinMax(bool is64, bool isMin)
    {
        var b = _ctx.Pop(out int pb);
        var a = _ctx.Pop(out int pa);
        var ra = _ctx.ToRegister(a, pa);
        var rb = _ctx.ToRegister(b, pb);
        _masm.MinMax(is64, isMin, ra, rb);
        _ctx.Regs.Free(rb);
        _ctx.PushRegister(a.Type, ra);
    }

    private void SignBits(bool is64, SignOp op)
    {
        Register sign = Register.None;
        if (op == SignOp.CopySign) sign = _ctx.PopToRegister(out _);
        var reg = _ctx.PopToRegister(out var type);
        _masm.SignBits(is64, op, reg, sign);
        if (sign != Register.None) _ctx.Regs.Free(sign);
        _ctx.PushRegister(type, reg);
    }
}
