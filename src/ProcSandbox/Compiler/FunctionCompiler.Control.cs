using X86Instruction = Iced.Intel.Instruction;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace TenantDb.ProcSandbox.Compiler;

/// <summary>Structured control flow: block, loop, if/else, end, br, br_if, br_table, return.</summary>
internal sealed partial class FunctionCompiler
{
    private static ValType? ResultOf(BlockType type) => type == BlockType.Empty ? null : (ValType)(byte)type;

    private void VisitBlock(BlockType type)
    {
        SpillAll();
        _frames.Add(new ControlFrame(ControlKind.Block, ResultOf(type), _sp, _asm.CreateLabel()));
    }

    private void VisitLoop(BlockType type)
    {
        SpillAll();
        var frame = new ControlFrame(ControlKind.Loop, ResultOf(type), _sp, _asm.CreateLabel()) { Head = _asm.CreateLabel() };
        _frames.Add(frame);
        Bind(ref frame.Head);
        EmitFuelAndStopCheck();
    }

    private void VisitIf(BlockType type)
    {
        var condition = Pop(out int position);
        SpillAll();
        TestCondition(condition, position);
        var frame = new ControlFrame(ControlKind.If, ResultOf(type), _sp, _asm.CreateLabel()) { Else = _asm.CreateLabel() };
        _frames.Add(frame);
        _asm.je(frame.Else);
    }

    /// <summary>Sets ZF from an i32 condition (ZF = condition is zero) and releases it.</summary>
    private void TestCondition(in StackEntry condition, int position)
    {
        switch (condition.Kind)
        {
            case EntryKind.Register:
                Emit(X86Instruction.Create(Code.Test_rm32_r32, X64.R32(condition.Reg), X64.R32(condition.Reg)));
                _regs.Free(condition.Reg);
                break;
            case EntryKind.Const:
                _asm.mov(r11d, (uint)condition.Bits);
                _asm.test(r11d, r11d);
                break;
            default:
                Emit(X86Instruction.Create(Code.Cmp_rm32_imm8, MemOf(condition, position), 0));
                break;
        }
    }

    private void VisitElse()
    {
        var frame = _frames[^1];
        if (!_unreachable)
        {
            if (frame.Result is not null) StoreTopAsResult(frame);
            _asm.jmp(frame.End);
        }
        TruncateStack(frame.Height);
        _regs.Reset();
        Bind(ref frame.Else);
        frame.ElseSeen = true;
        _unreachable = false;
    }

    private void VisitEnd()
    {
        var frame = _frames[^1];
        if (frame.Kind == ControlKind.Loop)
        {
            // Nothing branches to a loop's end: its value (if any) simply stays on the stack.
            _frames.RemoveAt(_frames.Count - 1);
            if (_unreachable)
            {
                TruncateStack(frame.Height);
                if (frame.Result is { } loopResult) Push(StackEntry.Spilled(loopResult));
                _unreachable = false;
            }
            return;
        }
        if (!_unreachable && frame.Result is not null) StoreTopAsResult(frame);
        TruncateStack(frame.Height);
        _regs.Reset();
        _frames.RemoveAt(_frames.Count - 1);
        if (frame.Kind == ControlKind.If && !frame.ElseSeen) Bind(ref frame.Else);
        Bind(ref frame.End);
        _unreachable = false;
        if (frame.Kind == ControlKind.Function)
        {
            EmitEpilogue();
            return;
        }
        if (frame.Result is { } result) Push(StackEntry.Spilled(result));
    }

    /// <summary>Puts the top value where <paramref name="target"/>'s end expects its result (without popping it).</summary>
    private void StoreTopAsResult(ControlFrame target)
    {
        int position = _sp - 1;
        var entry = _stack[position];
        if (target.Kind == ControlKind.Function)
        {
            LoadInto(X64.IsFloat(entry.Type) ? Register.XMM0 : Register.RAX, entry, position);
            return;
        }
        var slot = SlotMem(target.Height);
        switch (entry.Kind)
        {
            case EntryKind.Const:
                StoreConst(slot, entry.Bits, X64.Is64(entry.Type));
                break;
            case EntryKind.Register:
                StoreReg(slot, entry.Reg);
                break;
            default:
                if (entry.Kind == EntryKind.Slot && position == target.Height) break;
                Emit(X86Instruction.Create(Code.Mov_r64_rm64, Register.R11, MemOf(entry, position)));
                Emit(X86Instruction.Create(Code.Mov_rm64_r64, slot, Register.R11));
                break;
        }
    }

    private ControlFrame FrameAt(int depth) => _frames[_frames.Count - 1 - depth];

    /// <summary>Moves the branch value (if the target takes one) and jumps to <paramref name="target"/>.</summary>
    private void JumpTo(ControlFrame target)
    {
        if (target.Kind == ControlKind.Loop)
        {
            _asm.jmp(target.Head);
            return;
        }
        if (target.Result is not null) StoreTopAsResult(target);
        _asm.jmp(target.End);
    }

    private void VisitBr(int depth)
    {
        JumpTo(FrameAt(depth));
        MarkUnreachable();
    }

    private void VisitReturn()
    {
        JumpTo(_frames[0]);
        MarkUnreachable();
    }

    private void VisitBrIf(int depth)
    {
        var condition = Pop(out int position);
        var target = FrameAt(depth);
        // Values below every open frame's height are already in their slots, so only the
        // branch value needs moving, and only on the taken path.
        TestCondition(condition, position);
        var notTaken = _asm.CreateLabel();
        if (target.Kind == ControlKind.Loop || target.Result is null)
        {
            _asm.jne(target.Kind == ControlKind.Loop ? target.Head : target.End);
            return;
        }
        _asm.je(notTaken);
        JumpTo(target);
        Bind(ref notTaken);
    }

    private void VisitBrTable(in Instruction ins)
    {
        var index = Pop(out int position);
        MoveI32(Register.R10D, index, position);
        Release(index);
        SpillAll();
        var depths = new List<uint>();
        var entryStub = new int[ins.BrTableTargets.Count];
        int n = 0;
        _brTableSerial++;
        foreach (uint depth in ins.BrTableTargets) entryStub[n++] = StubFor(depths, depth);
        int defaultStub = StubFor(depths, ins.Index);
        var stubs = new Label[depths.Count];
        for (int i = 0; i < stubs.Length; i++) stubs[i] = _asm.CreateLabel();

        var table = _asm.CreateLabel();
        _asm.cmp(r10d, entryStub.Length);
        _asm.jae(stubs[defaultStub]);
        _asm.lea(r11, __[table]);
        _asm.movsxd(r10, __dword_ptr[r11 + r10 * 4]);
        _asm.add(r10, r11);
        _asm.jmp(r10);
        for (int i = 0; i < stubs.Length; i++)
        {
            Bind(ref stubs[i]);
            JumpTo(FrameAt((int)depths[i]));
        }
        Bind(ref table);
        _asm.db(new byte[Math.Max(4 * entryStub.Length, 1)]);
        var targets = new Label[entryStub.Length];
        for (int i = 0; i < targets.Length; i++) targets[i] = stubs[entryStub[i]];
        _mc.JumpTables.Add((table, targets));
        MarkUnreachable();
    }

    /// <summary>
    /// The stub index for branch depth <paramref name="depth"/>, one stub per distinct depth. A
    /// per-depth table stamped with the br_table's serial keeps this O(1), so a table of many
    /// targets under deep nesting compiles in linear time.
    /// </summary>
    private int StubFor(List<uint> depths, uint depth)
    {
        if (_stubOfDepth.Length < _frames.Count)
        {
            int size = Math.Max(_frames.Count, 2 * _stubOfDepth.Length);
            Array.Resize(ref _stubOfDepth, size);
            Array.Resize(ref _stubSerial, size);
        }
        if (_stubSerial[depth] == _brTableSerial) return _stubOfDepth[depth];
        _stubSerial[depth] = _brTableSerial;
        _stubOfDepth[depth] = depths.Count;
        depths.Add(depth);
        return depths.Count - 1;
    }

    /// <summary>Moves an i32 entry into a 32-bit scratch register (zero-extending), leaving the entry's register owned.</summary>
    private void MoveI32(Register dst32, in StackEntry entry, int position)
    {
        switch (entry.Kind)
        {
            case EntryKind.Const:
                Emit(X86Instruction.Create(Code.Mov_r32_imm32, dst32, (uint)entry.Bits));
                break;
            case EntryKind.Register:
                Emit(X86Instruction.Create(Code.Mov_r32_rm32, dst32, X64.R32(entry.Reg)));
                break;
            default:
                Emit(X86Instruction.Create(Code.Mov_r32_rm32, dst32, MemOf(entry, position)));
                break;
        }
    }
}
