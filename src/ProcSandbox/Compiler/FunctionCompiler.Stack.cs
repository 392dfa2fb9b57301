using X86Instruction = Iced.Intel.Instruction;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace TenantDb.ProcSandbox.Compiler;

/// <summary>Operand-stack bookkeeping: pushing, popping, spilling and materialising values.</summary>
internal sealed partial class FunctionCompiler
{
    // Every scan of the operand stack below is amortised O(1) per instruction, so compile time stays
    // linear in the body size whatever the stack height (a body of n constants then n calls used to
    // rescan the whole stack at each call):
    // - entries below _spilledBelow are all spilled slots, so SpillAll starts there;
    // - _registerOwner[r] is the stack position last given register r (checked before use), so
    //   evicting or picking a register to spill never searches the stack;
    // - lazy reads of one local form a chain through their Bits field (the next lower read's
    //   position, or -1), headed by _lazyReadHead[local], so local.set visits only its own reads.

    private void Push(StackEntry entry)
    {
        if (_sp == _stack.Length) Array.Resize(ref _stack, _sp * 2);
        switch (entry.Kind)
        {
            case EntryKind.Register:
                _registerOwner[OwnerIndex(entry.Reg)] = _sp;
                break;
            case EntryKind.Local:
                entry = entry with { Bits = (ulong)(long)_lazyReadHead[entry.Local] };
                _lazyReadHead[entry.Local] = _sp;
                break;
        }
        _stack[_sp++] = entry;
        if (_sp > _maxSlots) _maxSlots = _sp;
    }

    private StackEntry Pop(out int position)
    {
        position = --_sp;
        if (_spilledBelow > _sp) _spilledBelow = _sp;
        var entry = _stack[position];
        // The top entry is the highest lazy read of its local, so it heads that local's chain.
        if (entry.Kind == EntryKind.Local) _lazyReadHead[entry.Local] = (int)(long)entry.Bits;
        return entry;
    }

    private StackEntry Pop() => Pop(out _);

    private void Release(in StackEntry entry)
    {
        if (entry.Kind == EntryKind.Register) _regs.Free(entry.Reg);
    }

    /// <summary>Drops entries down to <paramref name="height"/>, freeing their registers.</summary>
    private void TruncateStack(int height)
    {
        while (_sp > height) Release(Pop());
    }

    private static int OwnerIndex(Register reg) => X64.IsXmm(reg) ? 16 + X64.Number(reg) : X64.Number(reg);

    /// <summary>Stack position of the entry holding <paramref name="reg"/>, or -1 when no stack entry holds it.</summary>
    private int PositionOf(Register reg)
    {
        int position = _registerOwner[OwnerIndex(reg)];
        if (position < _sp && _stack[position].Kind == EntryKind.Register && _stack[position].Reg == reg) return position;
        return -1;
    }

    private MemoryOperand SlotMem(int position) => X64.Mem(Register.RBP, -8L * (_declaredCount + 2 + position));

    private MemoryOperand LocalMem(int local) => local < _paramCount
        ? X64.Mem(Register.RBP, 16 + 8L * local)
        : X64.Mem(Register.RBP, -8L * (local - _paramCount + 1));

    /// <summary>Frame slot that saves r15 around calls that switch instance contexts.</summary>
    private MemoryOperand ContextSaveMem => X64.Mem(Register.RBP, -8L * (_declaredCount + 1));

    private MemoryOperand MemOf(in StackEntry entry, int position) =>
        entry.Kind == EntryKind.Local ? LocalMem(entry.Local) : SlotMem(position);

    private Register AllocGpr()
    {
        var r = _regs.TryTakeGpr();
        if (r != Register.None) return r;
        SpillOneRegister(xmm: false);
        return _regs.TryTakeGpr();
    }

    private Register AllocXmm()
    {
        var r = _regs.TryTakeXmm();
        if (r != Register.None) return r;
        SpillOneRegister(xmm: true);
        return _regs.TryTakeXmm();
    }

    private Register AllocFor(ValType type) => X64.IsFloat(type) ? AllocXmm() : AllocGpr();

    /// <summary>Spills the lowest stack entry held in a register of the class asked for (the oldest value).</summary>
    private void SpillOneRegister(bool xmm)
    {
        int lowest = int.MaxValue;
        if (xmm)
        {
            for (var r = Register.XMM0; r <= Register.XMM14; r++) lowest = LowerPosition(lowest, r);
        }
        else
        {
            foreach (var r in X64.AllocatableGprs) lowest = LowerPosition(lowest, r);
        }
        if (lowest == int.MaxValue) throw new InvalidOperationException("register allocator: no register to spill");
        SpillAt(lowest);
    }

    private int LowerPosition(int lowest, Register reg)
    {
        _mc.StackWork++;
        int position = PositionOf(reg);
        return position >= 0 && position < lowest ? position : lowest;
    }

    /// <summary>Makes sure <paramref name="reg"/> is free, moving the stack entry that holds it elsewhere.</summary>
    private void Evict(Register reg)
    {
        if (_regs.IsFree(reg)) return;
        int position = PositionOf(reg);
        if (position >= 0) SpillAt(position);
    }

    private void SpillAt(int i)
    {
        var entry = _stack[i];
        var slot = SlotMem(i);
        switch (entry.Kind)
        {
            case EntryKind.Slot:
                return;
            case EntryKind.Const:
                StoreConst(slot, entry.Bits, X64.Is64(entry.Type));
                break;
            case EntryKind.Register:
                StoreReg(slot, entry.Reg);
                _regs.Free(entry.Reg);
                break;
            default:
                Emit(X86Instruction.Create(Code.Mov_r64_rm64, Register.R11, LocalMem(entry.Local)));
                Emit(X86Instruction.Create(Code.Mov_rm64_r64, slot, Register.R11));
                break;
        }
        _stack[i] = StackEntry.Spilled(entry.Type);
    }

    /// <summary>Spills every entry to its slot (before control-flow merges and calls). Only r11 is used; flags are kept.</summary>
    private void SpillAll()
    {
        for (int i = _spilledBelow; i < _sp; i++)
        {
            _mc.StackWork++;
            var entry = _stack[i];
            if (entry.Kind == EntryKind.Local) _lazyReadHead[entry.Local] = -1;
            SpillAt(i);
        }
        _spilledBelow = _sp;
    }

    private void StoreConst(MemoryOperand m, ulong bits, bool is64)
    {
        if (!is64) Emit(X86Instruction.Create(Code.Mov_rm32_imm32, m, (uint)bits));
        else if ((long)bits == (int)(long)bits) Emit(X86Instruction.Create(Code.Mov_rm64_imm32, m, (int)(long)bits));
        else
        {
            _asm.mov(r11, bits);
            Emit(X86Instruction.Create(Code.Mov_rm64_r64, m, Register.R11));
        }
    }

    private void StoreReg(MemoryOperand m, Register reg)
    {
        Emit(X64.IsXmm(reg)
            ? X86Instruction.Create(Code.Movsd_xmmm64_xmm, m, reg)
            : X86Instruction.Create(Code.Mov_rm64_r64, m, reg));
    }

    /// <summary>Loads an integer constant without touching flags.</summary>
    private void LoadIntConst(Register dst64, ulong bits, bool is64)
    {
        if (!is64 || bits <= uint.MaxValue) Emit(X86Instruction.Create(Code.Mov_r32_imm32, X64.R32(dst64), (uint)bits));
        else if ((long)bits == (int)(long)bits) Emit(X86Instruction.Create(Code.Mov_rm64_imm32, dst64, (int)(long)bits));
        else Emit(X86Instruction.Create(Code.Mov_r64_imm64, dst64, bits));
    }

    private void LoadFloatConst(Register xmm, ulong bits, bool is64)
    {
        if (bits == 0)
        {
            Emit(X86Instruction.Create(Code.Xorps_xmm_xmmm128, xmm, xmm));
            return;
        }
        LoadIntConst(Register.R11, bits, is64);
        Emit(is64 ? X86Instruction.Create(Code.Movq_xmm_rm64, xmm, Register.R11) : X86Instruction.Create(Code.Movd_xmm_rm32, xmm, Register.R11D));
    }

    /// <summary>Loads <paramref name="entry"/> (at stack position <paramref name="position"/>) into <paramref name="dst"/> (64-bit GPR or xmm).</summary>
    private void LoadInto(Register dst, in StackEntry entry, int position)
    {
        bool is64 = X64.Is64(entry.Type);
        bool isFloat = X64.IsFloat(entry.Type);
        switch (entry.Kind)
        {
            case EntryKind.Const:
                if (isFloat) LoadFloatConst(dst, entry.Bits, is64);
                else LoadIntConst(dst, entry.Bits, is64);
                break;
            case EntryKind.Register:
                if (entry.Reg == dst) break;
                if (isFloat) Emit(X86Instruction.Create(Code.Movaps_xmm_xmmm128, dst, entry.Reg));
                else Emit(X86Instruction.Create(is64 ? Code.Mov_r64_rm64 : Code.Mov_r32_rm32, X64.Sized(dst, is64), X64.Sized(entry.Reg, is64)));
                break;
            default:
                var m = MemOf(entry, position);
                if (isFloat) Emit(X86Instruction.Create(is64 ? Code.Movsd_xmm_xmmm64 : Code.Movss_xmm_xmmm32, dst, m));
                else Emit(X86Instruction.Create(is64 ? Code.Mov_r64_rm64 : Code.Mov_r32_rm32, X64.Sized(dst, is64), m));
                break;
        }
    }

    /// <summary>Returns a register holding the (already popped) entry, owned by the caller.</summary>
    private Register ToRegister(in StackEntry entry, int position)
    {
        if (entry.Kind == EntryKind.Register) return entry.Reg;
        var reg = AllocFor(entry.Type);
        LoadInto(reg, entry, position);
        return reg;
    }

    private Register PopToRegister(out ValType type)
    {
        var entry = Pop(out int position);
        type = entry.Type;
        return ToRegister(entry, position);
    }

    private void PushRegister(ValType type, Register reg) => Push(StackEntry.InRegister(type, reg));

    /// <summary>Before <c>local.set</c>/<c>local.tee</c> of <paramref name="local"/>: lazy reads of it must take the old value now.</summary>
    private void MaterializeLocalReads(int local)
    {
        int i = _lazyReadHead[local];
        _lazyReadHead[local] = -1;
        while (i >= 0)
        {
            _mc.StackWork++;
            var entry = _stack[i];
            int next = (int)(long)entry.Bits;
            var reg = X64.IsFloat(entry.Type) ? _regs.TryTakeXmm() : _regs.TryTakeGpr();
            if (reg == Register.None)
            {
                SpillAt(i);
            }
            else
            {
                LoadInto(reg, entry, i);
                _stack[i] = StackEntry.InRegister(entry.Type, reg);
                _registerOwner[OwnerIndex(reg)] = i;
            }
            i = next;
        }
    }
}
