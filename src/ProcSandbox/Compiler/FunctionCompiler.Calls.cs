using Iced.Intel;
using TenantDb.ProcSandbox.Module;
using TenantDb.ProcSandbox.Runtime;
using TenantDb.ProcSandbox.Runtime.Native;

namespace TenantDb.ProcSandbox.Compiler;

/// <summary>
/// Calls. Convention between generated functions: every value is spilled first (all registers are
/// caller-saved except r14/r15/rbp), arguments are pushed last-to-first so parameter i sits at
/// [rbp+16+8i] in the callee, the result comes back in rax or xmm0. Locals held in registers are saved to
/// their frame cells before and reloaded after. Calls that may enter another
/// instance (imports, call_indirect) switch r15/r14 and hand over the trap-exit state.
/// </summary>
internal sealed partial class FunctionCompiler
{
    private void VisitCall(int functionIndex)
    {
        var type = _mc.FunctionTypes[functionIndex];
        _ctx.SpillAll();
        _ctx.SavePinnedLocals();
        PushArguments(type);
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
        _ctx.SpillAll();
        _ctx.SavePinnedLocals();
        _masm.CheckTableEntry(FuncTypeIds.Of(type));
        PushArguments(type);
        _masm.CallTableEntry(_ctx.Frame.ContextSave);
        FinishCall(type);
    }

    private void PushArguments(FuncType type)
    {
        int count = type.Parameters.Length;
        int height = _ctx.Stack.Height;
        for (int i = count - 1; i >= 0; i--) _masm.PushArgument(_ctx.Frame.Slot(height - count + i));
    }

    private void FinishCall(FuncType type)
    {
        int count = type.Parameters.Length;
        _masm.DropArguments(count);
        _ctx.ReloadPinnedLocals();
        for (int i = 0; i < count; i++) _ctx.Pop();
        if (type.Results.Length == 0) return;
        var result = type.Results[0];
        var reg = X64.IsFloat(result) ? Register.XMM0 : Register.RAX;
        _ctx.Regs.Take(reg);
        _ctx.PushRegister(result, reg);
    }
}
