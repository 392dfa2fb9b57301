using Iced.Intel;
using TenantDb.ProcSandbox.Binary;
using TenantDb.ProcSandbox.Module;

namespace TenantDb.ProcSandbox.Compiler;

/// <summary>i32 and i64 arithmetic, bitwise, shift, comparison and bit-counting instructions.</summary>
internal sealed partial class FunctionCompiler
{
    private bool TryVisitInteger(Opcode op)
    {
        if (TryGetIntegerCondition(op, out var condition, out bool is64))
        {
            if (op is Opcode.I32Eqz or Opcode.I64Eqz) Eqz(is64);
            else Compare(is64, condition);
            return true;
        }
        switch (op)
        {
            case Opcode.I32Clz: CountBits(false, BitCount.Leading); return true;
            case Opcode.I32Ctz: CountBits(false, BitCount.Trailing); return true;
            case Opcode.I32Popcnt: CountBits(false, BitCount.Population); return true;
            case Opcode.I64Clz: CountBits(true, BitCount.Leading); return true;
            case Opcode.I64Ctz: CountBits(true, BitCount.Trailing); return true;
            case Opcode.I64Popcnt: CountBits(true, BitCount.Population); return true;

            case Opcode.I32Add: Binary(false, AluOp.Add); return true;
            case Opcode.I32Sub: Binary(false, AluOp.Sub); return true;
            case Opcode.I32Mul: Binary(false, AluOp.Mul); return true;
            case Opcode.I32DivS: Divide(false, signed: true, remainder: false); return true;
            case Opcode.I32DivU: Divide(false, signed: false, remainder: false); return true;
            case Opcode.I32RemS: Divide(false, signed: true, remainder: true); return true;
            case Opcode.I32RemU: Divide(false, signed: false, remainder: true); return true;
            case Opcode.I32And: Binary(false, AluOp.And); return true;
            case Opcode.I32Or: Binary(false, AluOp.Or); return true;
            case Opcode.I32Xor: Binary(false, AluOp.Xor); return true;
            case Opcode.I32Shl: Shift(false, ShiftOp.Shl); return true;
            case Opcode.I32ShrS: Shift(false, ShiftOp.ShrS); return true;
            case Opcode.I32ShrU: Shift(false, ShiftOp.ShrU); return true;
            case Opcode.I32Rotl: Shift(false, ShiftOp.Rotl); return true;
            case Opcode.I32Rotr: Shift(false, ShiftOp.Rotr); return true;

            case Opcode.I64Add: Binary(true, AluOp.Add); return true;
            case Opcode.I64Sub: Binary(true, AluOp.Sub); return true;
            case Opcode.I64Mul: Binary(true, AluOp.Mul); return true;
            case Opcode.I64DivS: Divide(true, signed: true, remainder: false); return true;
            case Opcode.I64DivU: Divide(true, signed: false, remainder: false); return true;
            case Opcode.I64RemS: Divide(true, signed: true, remainder: true); return true;
            case Opcode.I64RemU: Divide(true, signed: false, remainder: true); return true;
            case Opcode.I64And: Binary(true, AluOp.And); return true;
            case Opcode.I64Or: Binary(true, AluOp.Or); return true;
            case Opcode.I64Xor: Binary(true, AluOp.Xor); return true;
            case Opcode.I64Shl: Shift(true, ShiftOp.Shl); return true;
            case Opcode.I64ShrS: Shift(true, ShiftOp.ShrS); return true;
            case Opcode.I64ShrU: Shift(true, ShiftOp.ShrU); return true;
            case Opcode.I64Rotl: Shift(true, ShiftOp.Rotl); return true;
            case Opcode.I64Rotr: Shift(true, ShiftOp.Rotr); return true;

            case Opcode.I32Extend8S: Extend(ValType.I32, SignExtension.I32From8); return true;
            case Opcode.I32Extend16S: Extend(ValType.I32, SignExtension.I32From16); return true;
            case Opcode.I64Extend8S: Extend(ValType.I64, SignExtension.I64From8); return true;
            case Opcode.I64Extend16S: Extend(ValType.I64, SignExtension.I64From16); return true;
            case Opcode.I64Extend32S: Extend(ValType.I64, SignExtension.I64From32); return true;
            default: return false;
        }
    }

    private static bool IsCommutative(AluOp op) => op is AluOp.Add or AluOp.Mul or AluOp.And or AluOp.Or or AluOp.Xor;

    /// <summary>Applies <paramref name="op"/> with <paramref name="dst"/> as destination and <paramref name="source"/> (popped) as second operand; releases the source.</summary>
    private void ApplyAlu(AluOp op, bool is64, Register dst, in StackEntry source, int position)
    {
        switch (source.Kind)
        {
            case EntryKind.Const when source.IsImm32:
                _masm.Alu(op, is64, dst, (int)(long)source.Bits);
                break;
            case EntryKind.Const:
                _masm.LoadIntConst(X64.Scratch, source.Bits, is64);
                _masm.Alu(op, is64, dst, X64.Scratch);
                break;
            case EntryKind.Register:
                _masm.Alu(op, is64, dst, source.Reg);
                _ctx.Regs.Free(source.Reg);
                break;
            default:
                var pinned = _ctx.PinnedOf(source);
                if (pinned != Register.None) _masm.Alu(op, is64, dst, pinned);
                else _masm.Alu(op, is64, dst, _ctx.MemOf(source, position));
                break;
        }
    }

    private void Binary(bool is64, AluOp op)
    {
        var b = _ctx.Pop(out int pb);
        var a = _ctx.Pop(out int pa);
        if (IsCommutative(op) && a.Kind != EntryKind.Register && b.Kind == EntryKind.Register)
        {
            (a, b) = (b, a);
            (pa, pb) = (pb, pa);
        }
        if (op == AluOp.Mul && a.Kind == EntryKind.Const && a.IsImm32 && _ctx.PinnedOf(b) != Register.None)
        {
            (a, b) = (b, a);
            (pa, pb) = (pb, pa);
        }
        Register dst;
        if (op == AluOp.Mul && b.Kind == EntryKind.Const && b.IsImm32 && _ctx.PinnedOf(a) is var factor && factor != Register.None)
        {
            // A local's register times a constant: imul writes the product elsewhere, no copy of the local first.
            dst = _ctx.AllocGpr();
            _masm.MultiplyByConstant(is64, dst, factor, (int)(long)b.Bits);
        }
        else
        {
            dst = _ctx.ToRegister(a, pa);
            ApplyAlu(op, is64, dst, b, pb);
        }
        if (is64) _ctx.PushRegister(ValType.I64, dst);
        else if (op == AluOp.And && b.Kind == EntryKind.Const && (uint)b.Bits < int.MaxValue) _ctx.PushMaskedI32(dst, (int)(uint)b.Bits);
        else _ctx.PushZeroExtendedI32(dst);
    }

    private void Compare(bool is64, Condition condition)
    {
        var b = _ctx.Pop(out int pb);
        var a = _ctx.Pop(out int pa);
        var dst = _ctx.ToRegister(a, pa);
        ApplyAlu(AluOp.Cmp, is64, dst, b, pb);
        _masm.SetIf(condition, dst); // ends with a 32-bit movzx: zero-extended
        _ctx.PushZeroExtendedI32(dst);
    }

    private void Eqz(bool is64)
    {
        var a = _ctx.Pop(out int pa);
        var src = _ctx.ToRegister(a, pa);
        _masm.TestZero(is64, src);
        _masm.SetIf(Condition.Eq, src);
        _ctx.PushZeroExtendedI32(src);
    }

    private void Extend(ValType type, SignExtension kind)
    {
        var reg = _ctx.PopToRegister(out _);
        _masm.SignExtend(kind, reg);
        _ctx.PushRegister(type, reg);
    }

    private void Shift(bool is64, ShiftOp op)
    {
        var count = _ctx.Pop(out int pc);
        var type = is64 ? ValType.I64 : ValType.I32;
        if (count.Kind == EntryKind.Const)
        {
            var shifted = _ctx.Pop(out int ps);
            // A 32-bit shift by an immediate keeps the upper half (as the verifier counts it): the result is
            // known zero-extended when the input was, or was just loaded into the register by a 32-bit move.
            bool zeroExtended = !is64 && (shifted.Kind != EntryKind.Register || _ctx.IsZeroExtendedHere(shifted));
            // A masked value shifted left stays bounded while no bit can be shifted out (the verifier's rule too).
            int k = (int)(count.Bits & (is64 ? 63u : 31u));
            long maximum = op == ShiftOp.Shl && _ctx.MaximumHere(shifted) is int m and >= 0 ? (long)m << k : -1;
            var reg = _ctx.ToRegister(shifted, ps);
            _masm.Shift(op, is64, reg, k);
            if (maximum is >= 0 and < int.MaxValue) _ctx.PushMaskedI32(reg, (int)maximum);
            else if (zeroExtended) _ctx.PushZeroExtendedI32(reg);
            else _ctx.PushRegister(type, reg);
            return;
        }
        // The count must be in cl: free rcx first (the value may be the one holding it).
        var value = _ctx.Pop(out int pv);
        if (count.Kind == EntryKind.Register && count.Reg == Register.RCX)
        {
            var dst = _ctx.ToRegister(value, pv);
            _masm.ShiftByCl(op, is64, dst);
            _ctx.Regs.Free(Register.RCX);
            _ctx.PushRegister(type, dst);
            return;
        }
        _ctx.Evict(Register.RCX);
        if (value.Kind == EntryKind.Register && value.Reg == Register.RCX)
        {
            var moved = _ctx.AllocGpr();
            _masm.Move64(moved, Register.RCX);
            value = StackEntry.InRegister(value.Type, moved);
        }
        else
        {
            _ctx.Regs.Take(Register.RCX);
        }
        var target = _ctx.ToRegister(value, pv);
        _ctx.LoadInto(Register.RCX, count, pc);
        _ctx.Release(count);
        _masm.ShiftByCl(op, is64, target);
        _ctx.Regs.Free(Register.RCX);
        _ctx.PushRegister(type, target);
    }

    private void Divide(bool is64, bool signed, bool remainder)
    {
        var type = is64 ? ValType.I64 : ValType.I32;
        var b = _ctx.Pop(out int pb);
        var a = _ctx.Pop(out int pa);
        // Dividend goes to rax, rdx is clobbered; the divisor must be in another register.
        _ctx.Evict(Register.RAX);
        _ctx.Evict(Register.RDX);
        bool aInRax = a.Kind == EntryKind.Register && a.Reg == Register.RAX;
        bool aInRdx = a.Kind == EntryKind.Register && a.Reg == Register.RDX;
        Register divisor;
        if (b.Kind == EntryKind.Register && b.Reg != Register.RAX && b.Reg != Register.RDX)
        {
            divisor = b.Reg;
        }
        else
        {
            if (!aInRax) _ctx.Regs.Take(Register.RAX);
            if (!aInRdx) _ctx.Regs.Take(Register.RDX);
            divisor = _ctx.Regs.TryTakeGpr();
            if (divisor == Register.None && a.Kind == EntryKind.Register && !aInRax && !aInRdx)
            {
                // Only three value registers (five pinned locals and the memory limit) and the dividend holds the last
                // one: park it in r11 (scratch; it goes to rax below) and let its register take the divisor.
                _masm.Move64(Register.R11, a.Reg);
                divisor = a.Reg;
                a = StackEntry.InRegister(a.Type, Register.R11);
            }
            else if (divisor == Register.None)
            {
                divisor = _ctx.AllocGpr();
            }
            if (!aInRax) _ctx.Regs.Free(Register.RAX);
            if (!aInRdx) _ctx.Regs.Free(Register.RDX);
            _ctx.LoadInto(divisor, b, pb);
            _ctx.Release(b);
        }
        _ctx.LoadInto(Register.RAX, a, pa);
        if (a.Kind == EntryKind.Register && a.Reg != Register.RAX) _ctx.Regs.Free(a.Reg);
        _ctx.Regs.Take(Register.RAX);
        _ctx.Regs.Take(Register.RDX);
        _masm.Divide(is64, signed, remainder, divisor);
        _ctx.Regs.Free(divisor);
        if (remainder)
        {
            _ctx.Regs.Free(Register.RAX);
            _ctx.PushRegister(type, Register.RDX);
        }
        else
        {
            _ctx.Regs.Free(Register.RDX);
            _ctx.PushRegister(type, Register.RAX);
        }
    }

    private void CountBits(bool is64, BitCount kind)
    {
        var reg = _ctx.PopToRegister(out var type);
        _masm.CountBits(kind, is64, reg, _mc.Options.UseBitCountInstructions);
        _ctx.PushRegister(type, reg);
    }
}
