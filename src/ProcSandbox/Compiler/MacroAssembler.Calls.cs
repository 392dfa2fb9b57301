using Iced.Intel;
using TenantDb.ProcSandbox.Runtime;
using TenantDb.ProcSandbox.Runtime.Native;

namespace TenantDb.ProcSandbox.Compiler;

/// <summary>
/// Calls between generated functions and into other instances. Arguments are pushed last-to-first
/// so parameter i sits at [rbp+16+8i] in the callee; the result comes back in rax or xmm0.
/// </summary>
internal sealed partial class MacroAssembler
{
    public void PushArgument(MemoryOperand cell) => _asm.Emit(Code.Push_rm64, cell);

    public void PushRegister(Register reg) => _asm.Emit(Code.Push_r64, reg);

    /// <summary>Pops <paramref name="count"/> pushed arguments.</summary>
    public void DropArguments(int count)
    {
        if (count > 0) _asm.EmitImm(Code.Add_rm64_imm8, Code.Add_rm64_imm32, Register.RSP, 8 * count);
    }

    /// <summary>
    /// A direct call to module-defined function <paramref name="definedIndex"/>. Fuel is saved before (the
    /// callee's prologue loads it) but not reloaded after: a generated callee returns with the fuel left in
    /// rbx (its epilogue has just stored the same value), which keeps the context's fuel cell off the chain
    /// of dependent loads and stores through every call.
    /// </summary>
    public void CallDefined(int definedIndex)
    {
        SaveFuel();
        _asm.RawBranch(0xE8, definedIndex);
        FlowSerial++;
    }

    /// <summary>A call to an imported function through the code and context pointers the context holds for it.</summary>
    public void CallImport(int codeOffset, int contextOffset, MemoryOperand contextSave)
    {
        SaveFuel();
        _asm.Emit(Code.Mov_r64_rm64, Register.RAX, X64.Ptr(X64.Context, codeOffset));
        _asm.Emit(Code.Mov_r64_rm64, Register.R10, X64.Ptr(X64.Context, contextOffset));
        CallInOtherContext(Register.RAX, contextSave);
    }

    /// <summary>
    /// SAFETY: call_indirect's checks on the table index in r10 — range, null entry and signature —
    /// leaving r10 = the table entry and r11 = its code. Then <see cref="CallTableEntry"/> after the arguments.
    /// </summary>
    public void CheckTableEntry(int typeId)
    {
        _asm.Emit(Code.Cmp_r64_rm64, Register.R10, X64.Ptr(X64.Context, VmContextLayout.TableSize));
        JumpIf(Condition.GeU, TrapLabel(TrapKind.UndefinedElement));
        _asm.Emit(VmContextLayout.TableEntryShift == 1 ? Code.Shl_rm64_1 : Code.Shl_rm64_imm8, Register.R10, VmContextLayout.TableEntryShift);
        _asm.Emit(Code.Add_r64_rm64, Register.R10, X64.Ptr(X64.Context, VmContextLayout.TableBase));
        _asm.Emit(Code.Mov_r64_rm64, Register.R11, X64.Ptr(Register.R10, VmContextLayout.EntryCode));
        _asm.Emit(Code.Test_rm64_r64, Register.R11, Register.R11);
        JumpIf(Condition.Eq, TrapLabel(TrapKind.UninitializedElement));
        _asm.Emit(typeId == (sbyte)typeId ? Code.Cmp_rm64_imm8 : Code.Cmp_rm64_imm32, X64.Ptr(Register.R10, VmContextLayout.EntryTypeId), typeId);
        JumpIf(Condition.Ne, TrapLabel(TrapKind.IndirectCallTypeMismatch));
    }

    /// <summary>Calls the table entry checked by <see cref="CheckTableEntry"/> (r10 entry, r11 code) in its own context.</summary>
    public void CallTableEntry(MemoryOperand contextSave)
    {
        SaveFuel();
        _asm.Emit(Code.Mov_r64_rm64, Register.R10, X64.Ptr(Register.R10, VmContextLayout.EntryContext));
        CallInOtherContext(Register.R11, contextSave);
    }

    /// <summary>Calls <paramref name="code"/> with r15 = r10 (callee context), carrying over trap-exit rsp and stack limit.</summary>
    private void CallInOtherContext(Register code, MemoryOperand contextSave)
    {
        _asm.Emit(Code.Mov_rm64_r64, contextSave, Register.R15);
        _asm.Emit(Code.Mov_r64_rm64, Register.RCX, X64.Ptr(X64.Context, VmContextLayout.SavedRsp));
        _asm.Emit(Code.Mov_r64_rm64, Register.RDX, X64.Ptr(X64.Context, VmContextLayout.StackLimit));
        _asm.Emit(Code.Mov_rm64_r64, Register.R15, Register.R10);
        _asm.Emit(Code.Mov_rm64_r64, X64.Ptr(X64.Context, VmContextLayout.SavedRsp), Register.RCX);
        _asm.Emit(Code.Mov_rm64_r64, X64.Ptr(X64.Context, VmContextLayout.StackLimit), Register.RDX);
        _asm.Emit(Code.Mov_r64_rm64, Register.R14, X64.Ptr(X64.Context, VmContextLayout.MemoryBase));
        _asm.Emit(Code.Call_rm64, code);
        FlowSerial++;
        _asm.Emit(Code.Mov_r64_rm64, Register.R15, contextSave);
        _asm.Emit(Code.Mov_r64_rm64, Register.R14, X64.Ptr(X64.Context, VmContextLayout.MemoryBase));
        ReloadFuel();
    }
}
