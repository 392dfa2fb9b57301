namespace TenantDb.ProcSandbox.Compiler;

/// <summary>Locals, globals and select.</summary>
internal sealed partial class FunctionCompiler
{
    private void VisitLocalSet(int local)
    {
        var value = _ctx.Pop(out int position);
        if (value.Kind == EntryKind.Local && value.Local == local) return;
        _ctx.MaterializeLocalReads(local);
        var pinned = _ctx.Frame.PinnedRegister(local);
        if (pinned == Iced.Intel.Register.None)
        {
            _ctx.StoreEntry(_ctx.Frame.Local(local), value, position);
            return;
        }
        _ctx.LoadInto(pinned, value, position);
        _ctx.Release(value);
    }

    private void VisitLocalTee(int local)
    {
        int position = _ctx.Stack.Height - 1;
        var value = _ctx.Stack[position];
        if (value.Kind == EntryKind.Local && value.Local == local) return;
        if (value.Kind is EntryKind.Local or EntryKind.Slot)
        {
            _ctx.Pop();
            var reg = _ctx.ToRegister(value, position);
            _ctx.PushRegister(value.Type, reg);
        }
        _ctx.MaterializeLocalReads(local);
        var top = _ctx.Stack.Top;
        var pinned = _ctx.Frame.PinnedRegister(local);
        if (pinned != Iced.Intel.Register.None) _ctx.LoadInto(pinned, top, position);
        else if (top.Kind == EntryKind.Const) _masm.StoreConst(_ctx.Frame.Local(local), top.Bits, X64.Is64(top.Type));
        else _masm.StoreReg(_ctx.Frame.Local(local), top.Reg);
    }

    /// <summary>The cell of global <paramref name="global"/>; imported globals go through a pointer loaded into r10.</summary>
    private Iced.Intel.MemoryOperand GlobalCell(int global)
    {
        int imported = _mc.Module.ImportedGlobalCount;
        if (global >= imported) return X64.Mem(X64.Context, _mc.Layout.DefinedGlobal(global - imported));
        return _masm.ImportedGlobalCell(_mc.Layout.ImportedGlobalPointer(global));
    }

    private void VisitGlobalGet(int global)
    {
        var type = _mc.GlobalTypes[global].Type;
        var reg = _ctx.AllocFor(type);
        _masm.Load(type, reg, GlobalCell(global));
        _ctx.PushRegister(type, reg);
    }

    private void VisitGlobalSet(int global)
    {
        var value = _ctx.Pop(out int position);
        if (value.Kind is EntryKind.Local or EntryKind.Slot)
        {
            var reg = _ctx.ToRegister(value, position);
            value = StackEntry.InRegister(value.Type, reg);
        }
        _ctx.StoreEntry(GlobalCell(global), value, position);
    }

    private void VisitSelect()
    {
        var condition = _ctx.Pop(out int pc);
        var second = _ctx.Pop(out int pb);
        var first = _ctx.Pop(out int pa);
        var type = first.Type;
        var result = _ctx.ToRegister(first, pa);
        bool is64 = X64.Is64(type);
        if (X64.IsFloat(type))
        {
            var other = _ctx.ToRegister(second, pb);
            TestCondition(condition, pc);
            var keep = _masm.CreateLabel();
            _masm.JumpIf(Condition.Ne, keep);
            _masm.MoveFloat(result, other);
            _masm.Bind(keep);
            _ctx.Regs.Free(other);
        }
        else
        {
            var otherReg = Iced.Intel.Register.None;
            if (second.Kind == EntryKind.Const) otherReg = _ctx.ToRegister(second, pb);
            else if (second.Kind == EntryKind.Register) otherReg = second.Reg;
            TestCondition(condition, pc);
            if (otherReg != Iced.Intel.Register.None)
            {
                _masm.MoveIfZero(is64, result, otherReg);
                _ctx.Regs.Free(otherReg);
            }
            else if (_ctx.PinnedOf(second) is var pinned && pinned != Iced.Intel.Register.None)
            {
                _masm.MoveIfZero(is64, result, pinned);
            }
            else
            {
                _masm.MoveIfZero(is64, result, _ctx.MemOf(second, pb));
            }
        }
        _ctx.PushRegister(type, result);
    }
}
