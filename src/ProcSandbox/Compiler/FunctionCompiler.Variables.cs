using X86Instruction = Iced.Intel.Instruction;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace TenantDb.ProcSandbox.Compiler;

/// <summary>Locals, globals and select.</summary>
internal sealed partial class FunctionCompiler
{
    private void VisitLocalSet(int local)
    {
        var value = Pop(out int position);
        if (value.Kind == EntryKind.Local && value.Local == local) return;
        MaterializeLocalReads(local);
        StoreEntry(LocalMem(local), value, position);
    }

    private void VisitLocalTee(int local)
    {
        int position = _sp - 1;
        var value = _stack[position];
        if (value.Kind == EntryKind.Local && value.Local == local) return;
        if (value.Kind is EntryKind.Local or EntryKind.Slot)
        {
            Pop();
            var reg = ToRegister(value, position);
            value = StackEntry.InRegister(value.Type, reg);
            Push(value);
        }
        MaterializeLocalReads(local);
        var top = _stack[_sp - 1];
        if (top.Kind == EntryKind.Const) StoreConst(LocalMem(local), top.Bits, X64.Is64(top.Type));
        else StoreReg(LocalMem(local), top.Reg);
    }

    /// <summary>Stores a popped entry into memory operand <paramref name="m"/> (8-byte cell) and releases it.</summary>
    private void StoreEntry(MemoryOperand m, in StackEntry value, int position)
    {
        switch (value.Kind)
        {
            case EntryKind.Const:
                StoreConst(m, value.Bits, X64.Is64(value.Type));
                break;
            case EntryKind.Register:
                StoreReg(m, value.Reg);
                _regs.Free(value.Reg);
                break;
            default:
                Emit(X86Instruction.Create(Code.Mov_r64_rm64, Register.R11, MemOf(value, position)));
                Emit(X86Instruction.Create(Code.Mov_rm64_r64, m, Register.R11));
                break;
        }
    }

    /// <summary>The cell of global <paramref name="global"/>; imported globals go through a pointer loaded into r10.</summary>
    private MemoryOperand GlobalCell(int global)
    {
        int imported = _mc.Module.ImportedGlobalCount;
        if (global >= imported) return X64.Mem(X64.Context, _mc.Layout.DefinedGlobal(global - imported));
        _asm.mov(r10, __qword_ptr[r15 + _mc.Layout.ImportedGlobalPointer(global)]);
        return X64.Mem(Register.R10, 0);
    }

    private void VisitGlobalGet(int global)
    {
        var type = _mc.GlobalTypes[global].Type;
        var reg = AllocFor(type);
        var cell = GlobalCell(global);
        bool is64 = X64.Is64(type);
        if (X64.IsFloat(type)) Emit(X86Instruction.Create(is64 ? Code.Movsd_xmm_xmmm64 : Code.Movss_xmm_xmmm32, reg, cell));
        else Emit(X86Instruction.Create(is64 ? Code.Mov_r64_rm64 : Code.Mov_r32_rm32, X64.Sized(reg, is64), cell));
        PushRegister(type, reg);
    }

    private void VisitGlobalSet(int global)
    {
        var value = Pop(out int position);
        if (value.Kind is EntryKind.Local or EntryKind.Slot)
        {
            var reg = ToRegister(value, position);
            value = StackEntry.InRegister(value.Type, reg);
        }
        StoreEntry(GlobalCell(global), value, position);
    }

    private void VisitSelect()
    {
        var condition = Pop(out int pc);
        var second = Pop(out int pb);
        var first = Pop(out int pa);
        var type = first.Type;
        var result = ToRegister(first, pa);
        bool is64 = X64.Is64(type);
        if (X64.IsFloat(type))
        {
            var other = ToRegister(second, pb);
            TestCondition(condition, pc);
            var keep = _asm.CreateLabel();
            _asm.jne(keep);
            Emit(X86Instruction.Create(Code.Movaps_xmm_xmmm128, result, other));
            Bind(ref keep);
            _regs.Free(other);
        }
        else
        {
            Register otherReg = Register.None;
            if (second.Kind == EntryKind.Const) otherReg = ToRegister(second, pb);
            else if (second.Kind == EntryKind.Register) otherReg = second.Reg;
            TestCondition(condition, pc);
            var code = is64 ? Code.Cmove_r64_rm64 : Code.Cmove_r32_rm32;
            Emit(otherReg != Register.None
                ? X86Instruction.Create(code, X64.Sized(result, is64), X64.Sized(otherReg, is64))
                : X86Instruction.Create(code, X64.Sized(result, is64), MemOf(second, pb)));
            if (otherReg != Register.None) _regs.Free(otherReg);
        }
        PushRegister(type, result);
    }
}
