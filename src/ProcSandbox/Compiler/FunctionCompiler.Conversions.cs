using Iced.Intel;
using TenantDb.ProcSandbox.Binary;
using TenantDb.ProcSandbox.Module;

namespace TenantDb.ProcSandbox.Compiler;

/// <summary>Conversions: wrap/extend, trapping float-to-int truncation, int-to-float, demote/promote, reinterpret.</summary>
internal sealed partial class FunctionCompiler
{
    private bool TryVisitConversion(Opcode op)
    {
        switch (op)
        {
            case Opcode.I32WrapI64: ZeroExtend(ValType.I32); return true;
            case Opcode.I64ExtendI32S: Extend(ValType.I64, SignExtension.I64From32); return true;
            case Opcode.I64ExtendI32U: ZeroExtend(ValType.I64); return true;

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

            case Opcode.F32DemoteF64: ConvertFloat(ValType.F32); return true;
            case Opcode.F64PromoteF32: ConvertFloat(ValType.F64); return true;

            case Opcode.I32ReinterpretF32: Reinterpret(ValType.I32); return true;
            case Opcode.I64ReinterpretF64: Reinterpret(ValType.I64); return true;
            case Opcode.F32ReinterpretI32: Reinterpret(ValType.F32); return true;
            case Opcode.F64ReinterpretI64: Reinterpret(ValType.F64); return true;
            default: return false;
        }
    }

    /// <summary>
    /// i32.wrap_i64 and i64.extend_i32_u: one 32-bit move in place, none for an extension of an i32 whose upper half is already
    /// clear: one read from a local, a slot or a constant (32-bit loads and moves zero-extend) or written by a 32-bit
    /// instruction since the last branch target or call.
    /// </summary>
    private void ZeroExtend(ValType to)
    {
        var entry = _ctx.Pop(out int position);
        bool zeroExtended = to == ValType.I64 && (entry.Kind != EntryKind.Register || _ctx.IsZeroExtendedHere(entry));
        var reg = _ctx.ToRegister(entry, position);
        if (!zeroExtended) _masm.ZeroExtend32(reg);
        if (to == ValType.I32) _ctx.PushZeroExtendedI32(reg);
        else _ctx.PushRegister(to, reg);
    }

    private void ConvertFloat(ValType to)
    {
        var reg = _ctx.PopToRegister(out _);
        _masm.ConvertFloat(to == ValType.F64, reg);
        _ctx.PushRegister(to, reg);
    }

    private void Reinterpret(ValType to)
    {
        var entry = _ctx.Pop(out int position);
        var src = _ctx.ToRegister(entry, position);
        var dst = _ctx.AllocFor(to);
        _masm.Reinterpret(to, dst, src);
        _ctx.Regs.Free(src);
        _ctx.PushRegister(to, dst);
    }

    private void ConvertInt(ValType to, bool fromI64, bool signed)
    {
        var entry = _ctx.Pop(out int position);
        if (signed && entry.Kind is EntryKind.Local or EntryKind.Slot && _ctx.PinnedOf(entry) == Register.None)
        {
            // Converted straight from the local's or slot's cell: no load into a register first.
            var converted = _ctx.AllocXmm();
            _masm.ConvertInt(to == ValType.F64, fromI64, converted, _ctx.MemOf(entry, position));
            _ctx.PushRegister(to, converted);
            return;
        }
        var src = _ctx.ToRegister(entry, position);
        var dst = _ctx.AllocXmm();
        _masm.ConvertInt(to == ValType.F64, fromI64, signed, src, dst);
        _ctx.Regs.Free(src);
        _ctx.PushRegister(to, dst);
    }

    private void Truncate(bool fromF64, ValType to, bool signed)
    {
        var src = _ctx.PopToRegister(out _);
        var dst = _ctx.AllocGpr();
        _masm.Truncate(fromF64, to == ValType.I64, signed, src, dst);
        _ctx.Regs.Free(src);
        _ctx.PushRegister(to, dst);
    }
}
