using X86Instruction = Iced.Intel.Instruction;
using Iced.Intel;
using TenantDb.ProcSandbox.Runtime;
using TenantDb.ProcSandbox.Runtime.Native;
using static Iced.Intel.AssemblerRegisters;

namespace TenantDb.ProcSandbox.Compiler;

/// <summary>
/// Calls. Convention between generated functions: every value is spilled first (all registers are
/// caller-saved except r14/r15/rbp), arguments are pushed last-to-first so parameter i sits at
/// [rbp+16+8i] in the callee, the result comes back in rax or xmm0. Calls that may enter another
/// instance (imports, call_indirect) switch r15/r14 and hand over the trap-exit state.
/// </summary>
internal sealed partial class FunctionCompiler
{
    private void VisitCall(int functionIndex)
    {
        var type = _mc.FunctionTypes[functionIndex];
        SpillAll();
        PushArguments(type);
        SaveFuel();
        if (functionIndex >= _mc.ImportedFunctionCount)
        {
            EmitRawBranch(0xE8, functionIndex - _mc.ImportedFunctionCount);
            ReloadFuel();
        }
        else
        {
            _asm.mov(rax, __qword_ptr[r15 + _mc.Layout.ImportCode(functionIndex)]);
            _asm.mov(r10, __qword_ptr[r15 + _mc.Layout.ImportContext(functionIndex)]);
            CallInOtherContext(rax);
        }
        FinishCall(type);
    }

    private void VisitCallIndirect(int typeIndex)
    {
        var type = _mc.Module.Types[typeIndex];
        var index = Pop(out int position);
        MoveI32(Register.R10D, index, position);
        Release(index);
        SpillAll();
        // SAFETY: range, null and signature checks before the call; r10 = entry address afterwards.
        _asm.cmp(r10, __qword_ptr[r15 + VmContextLayout.TableSize]);
        _asm.jae(TrapLabel(TrapKind.UndefinedElement));
        _asm.shl(r10, VmContextLayout.TableEntryShift);
        _asm.add(r10, __qword_ptr[r15 + VmContextLayout.TableBase]);
        _asm.mov(r11, __qword_ptr[r10 + VmContextLayout.EntryCode]);
        _asm.test(r11, r11);
        _asm.je(TrapLabel(TrapKind.UninitializedElement));
        _asm.cmp(__qword_ptr[r10 + VmContextLayout.EntryTypeId], FuncTypeIds.Of(type));
        _asm.jne(TrapLabel(TrapKind.IndirectCallTypeMismatch));
        PushArguments(type);
        SaveFuel();
        _asm.mov(r10, __qword_ptr[r10 + VmContextLayout.EntryContext]);
        CallInOtherContext(r11);
        FinishCall(type);
    }

    private void PushArguments(FuncType type)
    {
        int count = type.Parameters.Length;
        for (int i = count - 1; i >= 0; i--)
        {
            Emit(X86Instruction.Create(Code.Push_rm64, SlotMem(_sp - count + i)));
        }
    }

    /// <summary>Calls <paramref name="code"/> with r15 = r10 (callee context), carrying over trap-exit rsp and stack limit.</summary>
    private void CallInOtherContext(AssemblerRegister64 code)
    {
        Emit(X86Instruction.Create(Code.Mov_rm64_r64, ContextSaveMem, Register.R15));
        _asm.mov(rcx, __qword_ptr[r15 + VmContextLayout.SavedRsp]);
        _asm.mov(rdx, __qword_ptr[r15 + VmContextLayout.StackLimit]);
        _asm.mov(r15, r10);
        _asm.mov(__qword_ptr[r15 + VmContextLayout.SavedRsp], rcx);
        _asm.mov(__qword_ptr[r15 + VmContextLayout.StackLimit], rdx);
        _asm.mov(r14, __qword_ptr[r15 + VmContextLayout.MemoryBase]);
        _asm.call(code);
        Emit(X86Instruction.Create(Code.Mov_r64_rm64, Register.R15, ContextSaveMem));
        _asm.mov(r14, __qword_ptr[r15 + VmContextLayout.MemoryBase]);
        ReloadFuel();
    }

    private void FinishCall(FuncType type)
    {
        int count = type.Parameters.Length;
        if (count > 0) _asm.add(rsp, 8 * count);
        for (int i = 0; i < count; i++) Pop();
        if (type.Results.Length == 0) return;
        var result = type.Results[0];
        var reg = X64.IsFloat(result) ? Register.XMM0 : Register.RAX;
        _regs.Take(reg);
        PushRegister(result, reg);
    }
}
