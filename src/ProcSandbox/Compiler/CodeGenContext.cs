using Iced.Intel;
using TenantDb.ProcSandbox.Module;

namespace TenantDb.ProcSandbox.Compiler;

/// <summary>
/// What the per-opcode visits work through (winch's CodeGenContext): the frame, the value stack and
/// the register allocator, with the operations that move values between constants, registers,
/// locals and slots. All machine code goes through <see cref="Masm"/>; only r11 is used as scratch here.
/// </summary>
internal sealed class CodeGenContext(ModuleContext mc, MacroAssembler masm)
{
    public Frame Frame { get; } = new();
    public ValueStack Stack { get; } = new();
    public RegAlloc Regs { get; } = new();
    public MacroAssembler Masm { get; } = masm;
    private readonly LoopLocals _loopLocals = new();

    /// <summary>Prepares for a new body.</summary>
    public void Reset(FuncType type, FunctionBody body)
    {
        Frame.Reset(type, body);
        _loopLocals.Choose(Frame, body, mc.MinimumMemoryBytes);
        Stack.Reset(Frame.LocalCount);
        Regs.Reset(Frame);
    }

    /// <summary>The register holding the lazily read local <paramref name="entry"/> for the whole body, or None (not a local, or one in memory).</summary>
    public Register PinnedOf(in StackEntry entry) => entry.Kind == EntryKind.Local ? Frame.PinnedRegister(entry.Local) : Register.None;

    /// <summary>After the prologue: pinned parameters come from their cells, pinned declared locals start at zero (their cells were just zeroed).</summary>
    public void LoadPinnedLocals(bool declaredToo)
    {
        for (int i = 0; i < Frame.PinnedCount; i++)
        {
            var (local, reg) = Frame.Pinned(i);
            var type = Frame.LocalType((uint)local);
            if (local < Frame.ParameterCount || !declaredToo) Masm.Load(type, reg, Frame.Local(local));
            else if (X64.IsFloat(type)) Masm.LoadFloatConst(reg, 0, true);
            else Masm.LoadIntConst(reg, 0, false);
        }
        MarkPinnedLocalsSaved();
    }

    /// <summary>
    /// Before anything that clobbers registers (calls, memory.grow): pinned locals go to their cells, except those whose
    /// register provably still equals the cell: nothing wrote the register since the cell and the register were last made
    /// equal, in straight-line code (no branch target or call came between, so every path here is that stretch).
    /// </summary>
    public void SavePinnedLocals()
    {
        bool all = Masm.FlowSerial != _pinnedSavedAt;
        for (int i = 0; i < Frame.PinnedCount; i++)
        {
            var (local, reg) = Frame.Pinned(i);
            if (all || Masm.WrittenSinceForgotten(reg)) Masm.StoreReg(Frame.Local(local), reg);
        }
        MarkPinnedLocalsSaved();
    }

    /// <summary>Where pinned registers and their cells were last made equal (a <see cref="MacroAssembler.FlowSerial"/>), or -1.</summary>
    private int _pinnedSavedAt = -1;

    private void MarkPinnedLocalsSaved()
    {
        _pinnedSavedAt = Masm.FlowSerial;
        Masm.ForgetWrittenRegisters();
    }

    /// <summary>
    /// After a call or memory.grow: pinned locals come back from their cells, and the memory limit from the context
    /// (the callee may have grown the memory; the verifier requires the limit back before the next branch).
    /// </summary>
    public void ReloadPinnedLocals()
    {
        LoadPinnedLocals(declaredToo: false);
        if (Frame.MemoryLimit != Register.None) Masm.LoadMemoryLimit(Frame.MemoryLimit);
    }

    public void Push(StackEntry entry) => Stack.Push(entry);

    public void PushRegister(ValType type, Register reg) => Stack.Push(StackEntry.InRegister(type, reg));

    /// <summary>Pushes an i32 just written to <paramref name="reg"/> by a 32-bit instruction (upper half zero until the next branch target or call).</summary>
    public void PushZeroExtendedI32(Register reg) => Stack.Push(StackEntry.ZeroExtendedI32(reg, Masm.FlowSerial, maximum: -1));

    /// <summary>
    /// Pushes an i32 just written to <paramref name="reg"/> by a 32-bit instruction that bounds it (<c>and r32, mask</c>, then
    /// maybe <c>shl r32, k</c>): at most <paramref name="maximum"/> until the next branch target or call, as the verifier proves.
    /// </summary>
    public void PushMaskedI32(Register reg, int maximum) => Stack.Push(StackEntry.ZeroExtendedI32(reg, Masm.FlowSerial, maximum));

    /// <summary>The proven maximum of an entry pushed by <see cref="PushMaskedI32"/> with no branch target or call since, else -1.</summary>
    public int MaximumHere(in StackEntry entry) => IsZeroExtendedHere(entry) ? entry.Maximum : -1;

    /// <summary>True for an entry pushed by <see cref="PushZeroExtendedI32"/> with no branch target or call since.</summary>
    public bool IsZeroExtendedHere(in StackEntry entry) =>
        entry.Kind == EntryKind.Register && entry.Type == ValType.I32 && entry.Bits == (ulong)Masm.FlowSerial + 1;

    public StackEntry Pop(out int position) => Stack.Pop(out position);

    public StackEntry Pop() => Stack.Pop(out _);

    public void Release(in StackEntry entry)
    {
        if (entry.Kind == EntryKind.Register) Regs.Free(entry.Reg);
    }

    /// <summary>Drops entries down to <paramref name="height"/>, freeing their registers.</summary>
    public void TruncateStack(int height)
    {
        while (Stack.Height > height) Release(Pop());
    }

    /// <summary>The memory cell of a lazy local (one not pinned, see <see cref="PinnedOf"/>) or spilled entry at <paramref name="position"/>.</summary>
    public MemoryOperand MemOf(in StackEntry entry, int position)
    {
        if (entry.Kind == EntryKind.Local && Frame.PinnedRegister(entry.Local) != Register.None)
            throw new InvalidOperationException("a local held in a register has no memory operand");
        return entry.Kind == EntryKind.Local ? Frame.Local(entry.Local) : Frame.Slot(position);
    }

    public Register AllocGpr()
    {
        var r = Regs.TryTakeGpr();
        if (r != Register.None) return r;
        SpillOneRegister(xmm: false);
        return Regs.TryTakeGpr();
    }

    public Register AllocXmm()
    {
        var r = Regs.TryTakeXmm();
        if (r != Register.None) return r;
        SpillOneRegister(xmm: true);
        return Regs.TryTakeXmm();
    }

    public Register AllocFor(ValType type) => X64.IsFloat(type) ? AllocXmm() : AllocGpr();

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
        mc.StackWork++;
        int position = Stack.PositionOf(reg);
        return position >= 0 && position < lowest ? position : lowest;
    }

    /// <summary>Makes sure <paramref name="reg"/> is free, moving the stack entry that holds it elsewhere.</summary>
    public void Evict(Register reg)
    {
        if (Regs.IsFree(reg)) return;
        int position = Stack.PositionOf(reg);
        if (position >= 0) SpillAt(position);
    }

    private void SpillAt(int position)
    {
        var entry = Stack[position];
        var slot = Frame.Slot(position);
        switch (entry.Kind)
        {
            case EntryKind.Slot:
                return;
            case EntryKind.Const:
                Masm.StoreConst(slot, entry.Bits, X64.Is64(entry.Type));
                break;
            case EntryKind.Register:
                Masm.StoreReg(slot, entry.Reg);
                Regs.Free(entry.Reg);
                break;
            default:
                var pinned = Frame.PinnedRegister(entry.Local);
                if (pinned != Register.None) Masm.StoreReg(slot, pinned);
                else Masm.CopyCell(slot, Frame.Local(entry.Local));
                break;
        }
        Stack.MarkSpilled(position);
    }

    /// <summary>Spills every entry to its slot (before control-flow merges and calls). Only r11 is used; flags are kept.</summary>
    public void SpillAll()
    {
        for (int i = Stack.SpilledBelow; i < Stack.Height; i++)
        {
            mc.StackWork++;
            if (Stack[i].Kind == EntryKind.Local) Stack.ForgetLazyReads(i);
            SpillAt(i);
        }
        Stack.SpilledBelow = Stack.Height;
    }

    /// <summary>Loads <paramref name="entry"/> (at stack position <paramref name="position"/>) into <paramref name="dst"/> (64-bit GPR or xmm).</summary>
    public void LoadInto(Register dst, in StackEntry entry, int position)
    {
        bool is64 = X64.Is64(entry.Type);
        switch (entry.Kind)
        {
            case EntryKind.Const:
                if (X64.IsFloat(entry.Type)) Masm.LoadFloatConst(dst, entry.Bits, is64);
                else Masm.LoadIntConst(dst, entry.Bits, is64);
                break;
            case EntryKind.Register:
                if (entry.Reg != dst) Masm.Move(entry.Type, dst, entry.Reg);
                break;
            default:
                var pinned = PinnedOf(entry);
                if (pinned == Register.None) Masm.Load(entry.Type, dst, MemOf(entry, position));
                else if (pinned != dst) Masm.Move(entry.Type, dst, pinned);
                break;
        }
    }

    /// <summary>Returns a register holding the (already popped) entry, owned by the caller.</summary>
    public Register ToRegister(in StackEntry entry, int position)
    {
        if (entry.Kind == EntryKind.Register) return entry.Reg;
        var reg = AllocFor(entry.Type);
        LoadInto(reg, entry, position);
        return reg;
    }

    public Register PopToRegister(out ValType type)
    {
        var entry = Pop(out int position);
        type = entry.Type;
        return ToRegister(entry, position);
    }

    /// <summary>Stores a popped entry into memory operand <paramref name="m"/> (8-byte cell) and releases it.</summary>
    public void StoreEntry(MemoryOperand m, in StackEntry value, int position)
    {
        switch (value.Kind)
        {
            case EntryKind.Const:
                Masm.StoreConst(m, value.Bits, X64.Is64(value.Type));
                break;
            case EntryKind.Register:
                Masm.StoreReg(m, value.Reg);
                Regs.Free(value.Reg);
                break;
            default:
                var pinned = PinnedOf(value);
                if (pinned != Register.None) Masm.StoreReg(m, pinned);
                else Masm.CopyCell(m, MemOf(value, position));
                break;
        }
    }

    /// <summary>Moves an i32 entry into a 32-bit scratch register (zero-extending), leaving the entry's register owned.</summary>
    public void MoveI32(Register dst32, in StackEntry entry, int position)
    {
        switch (entry.Kind)
        {
            case EntryKind.Const:
                Masm.Move32(dst32, (uint)entry.Bits);
                break;
            case EntryKind.Register:
                Masm.Move32(dst32, X64.R32(entry.Reg));
                break;
            default:
                var pinned = PinnedOf(entry);
                if (pinned != Register.None) Masm.Move32(dst32, X64.R32(pinned));
                else Masm.Move32(dst32, MemOf(entry, position));
                break;
        }
    }

    /// <summary>Before <c>local.set</c>/<c>local.tee</c> of <paramref name="local"/>: lazy reads of it must take the old value now.</summary>
    public void MaterializeLocalReads(int local)
    {
        int i = Stack.TakeLazyReads(local);
        while (i >= 0)
        {
            mc.StackWork++;
            var entry = Stack[i];
            int next = Stack.NextLazyRead(i);
            var reg = X64.IsFloat(entry.Type) ? Regs.TryTakeXmm() : Regs.TryTakeGpr();
            if (reg == Register.None)
            {
                SpillAt(i);
            }
            else
            {
                LoadInto(reg, entry, i);
                Stack.MarkInRegister(i, reg);
            }
            i = next;
        }
    }
}
