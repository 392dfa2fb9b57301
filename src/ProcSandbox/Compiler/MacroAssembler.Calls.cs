using X86Instruction = Iced.Intel.Instruction;
using Iced.Intel;
using TenantDb.ProcSandbox.Runtime;
using TenantDb.ProcSandbox.Runtime.Native;
using static Iced.Intel.AssemblerRegisters;

namespace TenantDb.ProcSandbox.Compiler;

/// <summary>
/// Calls between generated functions and into other instances. Arguments are pushed last-to-first
/// so parameter i sits at [rbp+16+8i] in the callee; the result comes back in rax or xmm0.
/// </summary>
internal sealed partial class MacroAssembler
{
    public void PushArgument(MemoryOperand cell) => Emit(X86Instruction.Create(Code.Push_rm64, cell));

    /// <summary>Pops <paramref name="count"/> pushed arguments.</summary>
    public void DropArguments(int count)
    {
        if (count > 0) _asm.add(rsp, 8 * count);
    }

    /// <summary>A direct call to module-defined function <paramref name="definedIndex"/> (fuel saved before, reloaded after).</summary>
    public void CallDefined(int definedIndex)
    {
        SaveFuel();
        RawBranch(0xE8, definedIndex);
        ReloadFuel();
    }

    /// <summary>A call to an imported function through the code and context pointers the context holds for it.</summary>
    public void CallImport(int codeOffset, int contextOffset, MemoryOperand contextSave)
    {
        SaveFuel();
        _asm.mov(rax, __qword_ptr[r15 + codeOffset]);
        _asm.mov(r10, __qword_ptr[r15 + contextOffset]);
        CallInOtherContext(Register.RAX, contextSave);
    }

    /// <summary>
    /// SAFETY: call_indirect's checks on the table index in r10 — range, null entry and signature —
    /// leaving r10 = the table entry and r11 = its code. Then <see cref="CallTableEntry"/> after the arguments.
    /// </summary>
    public void CheckTableEntry(int typeId)
    {
        _asm.cmp(r10, __qword_ptr[r15 + VmContextLayout.TableSize]);
        _asm.jae(TrapLabel(TrapKind.UndefinedElement));
        _asm.shl(r10, VmContextLayout.TableEntryShift);
        _asm.add(r10, __qword_ptr[r15 + VmContextLayout.TableBase]);
        _asm.mov(r11, __qword_ptr[r10 + VmContextLayout.EntryCode]);
        _asm.test(r11, r11);
        _asm.je(TrapLabel(TrapKind.UninitializedElement));
        _asm.cmp(__qword_ptr[r10 + VmContextLayout.EntryTypeId], typeId);
        _asm.jne(TrapLabel(TrapKind.IndirectCallTypeMismatch));
    }

    /// <summary>Calls the table entry checked by <see cref="CheckTableEntry"/> (r10 entry, r11 code) in its own context.</summary>
    public void CallTableEntry(MemoryOperand contextSave)
    {
        SaveFuel();
        _asm.mov(r10, __qword_ptr[r10 + VmContextLayout.EntryContext]);
        CallInOtherContext(Register.R11, contextSave);
    }

    /// <summary>Calls <paramref name="code"/> with r15 = r10 (callee context), carrying over trap-exit rsp and stack limit.</summary>
    private void CallInOtherContext(Register code, MemoryOperand contextSave)
    {
        Emit(X86Instruction.Create(Code.Mov_rm64_r64, contextSave, Register.R15));
        _asm.mov(rcx, __qword_ptr[r15 + VmContextLayout.SavedRsp]);
        _asm.mov(rdx, __qword_ptr[r15 + VmContextLayout.StackLimit]);
        _asm.mov(r15, r10);
        _asm.mov(__qword_ptr[r15 + VmContextLayout.SavedRsp], rcx);
        _asm.mov(__qword_ptr[r15 + VmContextLayout.StackLimit], rdx);
        _asm.mov(r14, __qword_ptr[r15 + VmContextLayout.MemoryBase]);
        _asm.call(new AssemblerRegister64(code));
        Emit(X86Instruction.Create(Code.Mov_r64_rm64, Register.R15, contextSave));
        _asm.mov(r14, __qword_ptr[r15 + VmContextLayout.MemoryBase]);
        ReloadFuel();
    }
}
