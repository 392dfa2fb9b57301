using Iced.Intel;
using TenantDb.ProcSandbox.Module;
using TenantDb.ProcSandbox.Runtime;
using TenantDb.ProcSandbox.Runtime.Native;

namespace TenantDb.ProcSandbox.Compiler;

/// <summary>
/// Calls. Convention between generated functions: the arguments are popped, every value below them is
/// spilled (all registers are caller-saved except r14/r15/rbp), then the arguments are pushed last-to-first
/// straight from where they are (register, local, slot) so parameter i sits at [rbp+16+8i] in the callee;
/// the result comes back in rax or xmm0. Locals held in registers are saved to their frame cells before
/// and reloaded after. Calls that may enter another instance (imports, call_indirect) switch r15/r14 and
/// hand over the trap-exit state.
/// </summary>
internal sealed partial class FunctionCompiler
{
    private (StackEntry Entry, int Position)[] _arguments = new (StackEntry, int)[8];

    private void VisitCall(int functionIndex)
    {
        var type = _mc.FunctionTypes[functionIndex];
        int count = PopArguments(type);
        _ctx.SpillAll();
        _ctx.SavePinnedLocals();
        PushArguments(count);
        if (functionIndex >= _mc.ImportedFunctionCount) _masm.CallDefined(functionIndex - _mc.ImportedFunctionCount);
        else _masm.CallImport(_mc.Layout.ImportCode(functionIndex), _mc.Layout.ImportContext(functionIndex), _ctx.Frame.ContextSave);
        FinishCall(type);
    }

    private void VisitCallIndirect(int typeIndex)
    {
        var type = _mc.Module.Types[typeIndex];
        var index = _ctx.Pop(out int position);
        _ctx.MoveI32(Register.R10D, index, position);
        _ctx.Release(index);
        int count = PopArguments(type);
        _ctx.SpillAll();
        _ctx.SavePinnedLocals();
        // The table-entry check leaves r10/r11 holding the entry and its code, and a trap branch needs the
        // frame's own stack depth: arguments that would be pushed through r11 go to their slots before it.
        SpillScratchArguments(count);
        _masm.CheckTableEntry(FuncTypeIds.Of(type));
        PushArguments(count);
        _masm.CallTableEntry(_ctx.Frame.ContextSave);
        FinishCall(type);
    }

    /// <summary>Pops the call's arguments into <see cref="_arguments"/> (registers stay taken until pushed); returns their count.</summary>
    private int PopArguments(FuncType type)
    {
        int count = type.Parameters.Length;
        if (_arguments.Length < count) _arguments = new (StackEntry, int)[Math.Max(count, 2 * _arguments.Length)];
        for (int i = count - 1; i >= 0; i--)
        {
            var entry = _ctx.Pop(out int position);
            _arguments[i] = (entry, position);
        }
        return count;
    }

    /// <summary>Stores constant and float arguments (which <see cref="PushArguments"/> would move through scratch registers) into their slots.</summary>
    private void SpillScratchArguments(int count)
    {
        for (int i = 0; i < count; i++)
        {
            var (entry, position) = _arguments[i];
            bool inXmm = entry.Kind == EntryKind.Register ? X64.IsXmm(entry.Reg) : X64.IsXmm(_ctx.PinnedOf(entry));
            if (entry.Kind != EntryKind.Const && !inXmm) continue;
            _ctx.StoreEntry(_ctx.Frame.Slot(position), entry, position);
            _arguments[i] = (StackEntry.Spilled(entry.Type), position);
        }
    }

    /// <summary>
    /// Pushes the popped arguments last-to-first from where they are. Their slots (above every remaining
    /// entry) and the locals they read are unchanged since they were popped: only spills of lower entries ran.
    /// </summary>
    private void PushArguments(int count)
    {
        for (int i = count - 1; i >= 0; i--)
        {
            var (entry, position) = _arguments[i];
            switch (entry.Kind)
            {
                case EntryKind.Const:
                    _masm.LoadIntConst(X64.Scratch, entry.Bits, is64: true);
                    _masm.PushRegister(X64.Scratch);
                    break;
                case EntryKind.Register when X64.IsXmm(entry.Reg):
                    _masm.StoreReg(_ctx.Frame.Slot(position), entry.Reg);
                    _masm.PushArgument(_ctx.Frame.Slot(position));
                    _ctx.Regs.Free(entry.Reg);
                    break;
                case EntryKind.Register:
                    _masm.PushRegister(entry.Reg);
                    _ctx.Regs.Free(entry.Reg);
                    break;
                default:
                    var pinned = _ctx.PinnedOf(entry);
                    if (pinned == Register.None) _masm.PushArgument(_ctx.MemOf(entry, position));
                    else if (X64.IsXmm(pinned))
                    {
                        _masm.StoreReg(_ctx.Frame.Slot(position), pinned);
                        _masm.PushArgument(_ctx.Frame.Slot(position));
                    }
                    else _masm.PushRegister(pinned);
                    break;
            }
        }
    }

    private void FinishCall(FuncType type)
    {
        int count = type.Parameters.Length;
        _masm.DropArguments(count);
        _ctx.ReloadPinnedLocals();
        if (type.Results.Length == 0) return;
        var result = type.Results[0];
        var reg = X64.IsFloat(result) ? Register.XMM0 : Register.RAX;
        _ctx.Regs.Take(reg);
        _ctx.PushRegister(result, reg);
    }
}
