using Iced.Intel;
using TenantDb.ProcSandbox.Binary;
using TenantDb.ProcSandbox.Module;

namespace TenantDb.ProcSandbox.Compiler;

/// <summary>Loads, stores, memory.size and memory.grow.</summary>
internal sealed partial class FunctionCompiler
{
    private void VisitLoad(Opcode op, uint offset)
    {
        (ValType type, int size) = op switch
        {
            Opcode.I32Load => (ValType.I32, 4),
            Opcode.I64Load => (ValType.I64, 8),
            Opcode.F32Load => (ValType.F32, 4),
            Opcode.F64Load => (ValType.F64, 8),
            Opcode.I32Load8S or Opcode.I32Load8U => (ValType.I32, 1),
            Opcode.I32Load16S or Opcode.I32Load16U => (ValType.I32, 2),
            Opcode.I64Load8S or Opcode.I64Load8U => (ValType.I64, 1),
            Opcode.I64Load16S or Opcode.I64Load16U => (ValType.I64, 2),
            _ => (ValType.I64, 4), // i64.load32_s, i64.load32_u
        };
        var m = PopCheckedAddress(offset, size, isLoad: true);
        var reg = _ctx.AllocFor(type);
        _masm.WasmLoad(op, reg, m);
        if (type == ValType.I32) _ctx.PushZeroExtendedI32(reg);
        else _ctx.PushRegister(type, reg);
    }

    private void VisitStore(Opcode op, uint offset)
    {
        int size = op switch
        {
            Opcode.I64Store or Opcode.F64Store => 8,
            Opcode.I32Store8 or Opcode.I64Store8 => 1,
            Opcode.I32Store16 or Opcode.I64Store16 => 2,
            _ => 4, // i32.store, f32.store, i64.store32
        };
        var value = _ctx.Pop(out int position);
        Register reg = Register.None;
        if (value.Kind != EntryKind.Const || X64.IsFloat(value.Type)) reg = _ctx.ToRegister(value, position);
        var m = PopCheckedAddress(offset, size, isLoad: false);
        if (reg == Register.None)
        {
            _masm.WasmStoreConst(size, m, value.Bits);
            return;
        }
        _masm.WasmStore(size, m, reg);
        _ctx.Regs.Free(reg);
    }

    private void VisitMemorySize()
    {
        var reg = _ctx.AllocGpr();
        _masm.MemorySize(reg);
        _ctx.PushRegister(ValType.I32, reg);
    }

    private void VisitMemoryGrow()
    {
        _ctx.SpillAll();
        _ctx.SavePinnedLocals();
        _ctx.Pop(out int position);
        _masm.MemoryGrow(_ctx.Frame.Slot(position));
        _ctx.ReloadPinnedLocals();
        _ctx.Regs.Take(Register.RAX);
        _ctx.PushRegister(ValType.I32, Register.RAX);
    }
}
