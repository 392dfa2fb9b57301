using TenantDb.ProcSandbox.Binary;
using TenantDb.ProcSandbox.Module;

namespace TenantDb.ProcSandbox.Compiler;

/// <summary>The per-opcode dispatch: one short visit per instruction group.</summary>
internal sealed partial class FunctionCompiler
{
    private void Visit(in Instruction ins)
    {
        var op = ins.Opcode;
        switch (op)
        {
            case Opcode.Unreachable:
                _masm.Trap(Runtime.TrapKind.Unreachable);
                MarkUnreachable();
                return;
            case Opcode.Nop:
                return;
            case Opcode.Block: VisitBlock(ins.BlockType); return;
            case Opcode.Loop: VisitLoop(ins.BlockType); return;
            case Opcode.If: VisitIf(ins.BlockType); return;
            case Opcode.Else: VisitElse(); return;
            case Opcode.End: VisitEnd(); return;
            case Opcode.Br: VisitBr((int)ins.Index); return;
            case Opcode.BrIf: VisitBrIf((int)ins.Index); return;
            case Opcode.BrTable: VisitBrTable(ins); return;
            case Opcode.Return: VisitReturn(); return;
            case Opcode.Call: VisitCall((int)ins.Index); return;
            case Opcode.CallIndirect: VisitCallIndirect((int)ins.Index); return;
            case Opcode.Drop: _ctx.Release(_ctx.Pop()); return;
            case Opcode.Select: VisitSelect(); return;
            case Opcode.LocalGet: _ctx.Push(StackEntry.OfLocal(_ctx.Frame.LocalType(ins.Index), (int)ins.Index)); return;
            case Opcode.LocalSet: VisitLocalSet((int)ins.Index); return;
            case Opcode.LocalTee: VisitLocalTee((int)ins.Index); return;
            case Opcode.GlobalGet: VisitGlobalGet((int)ins.Index); return;
            case Opcode.GlobalSet: VisitGlobalSet((int)ins.Index); return;
            case Opcode.MemorySize: VisitMemorySize(); return;
            case Opcode.MemoryGrow: VisitMemoryGrow(); return;
            case Opcode.I32Const: _ctx.Push(StackEntry.Constant(ValType.I32, (uint)ins.Bits)); return;
            case Opcode.I64Const: _ctx.Push(StackEntry.Constant(ValType.I64, ins.Bits)); return;
            case Opcode.F32Const: _ctx.Push(StackEntry.Constant(ValType.F32, (uint)ins.Bits)); return;
            case Opcode.F64Const: _ctx.Push(StackEntry.Constant(ValType.F64, ins.Bits)); return;
        }
        if (op >= Opcode.I32Load && op <= Opcode.I64Load32U) { VisitLoad(op, ins.MemoryOffset); return; }
        if (op >= Opcode.I32Store && op <= Opcode.I64Store32) { VisitStore(op, ins.MemoryOffset); return; }
        if (TryVisitInteger(op)) return;
        if (TryVisitFloat(op)) return;
        if (TryVisitConversion(op)) return;
        throw Unsupported(op);
    }

    /// <summary>Skips dead code after br/return/unreachable until the enclosing block's else or end.</summary>
    private void VisitUnreachable(in Instruction ins)
    {
        switch (ins.Opcode)
        {
            case Opcode.Block:
            case Opcode.Loop:
            case Opcode.If:
                _skipDepth++;
                return;
            case Opcode.Else when _skipDepth == 0:
                VisitElse();
                return;
            case Opcode.End when _skipDepth == 0:
                VisitEnd();
                return;
            case Opcode.End:
                _skipDepth--;
                return;
        }
    }

    private void MarkUnreachable()
    {
        _ctx.TruncateStack(_blocks[^1].Height);
        _unreachable = true;
        _skipDepth = 0;
    }
}
