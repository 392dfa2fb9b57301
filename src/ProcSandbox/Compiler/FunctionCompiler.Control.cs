using Iced.Intel;
using TenantDb.ProcSandbox.Binary;
using TenantDb.ProcSandbox.Module;
using Instruction = TenantDb.ProcSandbox.Binary.Instruction;

namespace TenantDb.ProcSandbox.Compiler;

/// <summary>Structured control flow: block, loop, if/else, end, br, br_if, br_table, return.</summary>
internal sealed partial class FunctionCompiler
{
    private static ValType? ResultOf(BlockType type) => type == BlockType.Empty ? null : (ValType)(byte)type;

    private void VisitBlock(BlockType type)
    {
        _ctx.SpillAll();
        _blocks.Add(new ControlBlock(ControlKind.Block, ResultOf(type), _ctx.Stack.Height, _masm.CreateLabel()));
    }

    private void VisitLoop(BlockType type)
    {
        _ctx.SpillAll();
        var block = new ControlBlock(ControlKind.Loop, ResultOf(type), _ctx.Stack.Height, _masm.CreateLabel()) { Head = _masm.CreateLabel() };
        PlanRotation(ref block, _position);
        _blocks.Add(block);
        _masm.Bind(block.Head);
        _masm.FuelCheck(1);
    }

    private void VisitIf(BlockType type)
    {
        var condition = _ctx.Pop(out int position);
        _ctx.SpillAll();
        TestCondition(condition, position);
        var block = new ControlBlock(ControlKind.If, ResultOf(type), _ctx.Stack.Height, _masm.CreateLabel()) { Else = _masm.CreateLabel() };
        _blocks.Add(block);
        _masm.JumpIf(Condition.Eq, block.Else);
    }

    /// <summary>Sets ZF from an i32 condition (ZF = condition is zero) and releases it.</summary>
    private void TestCondition(in StackEntry condition, int position)
    {
        switch (condition.Kind)
        {
            case EntryKind.Register:
                _masm.TestZero(false, condition.Reg);
                _ctx.Regs.Free(condition.Reg);
                break;
            case EntryKind.Const:
                _masm.TestZeroI32((uint)condition.Bits);
                break;
            default:
                var pinned = _ctx.PinnedOf(condition);
                if (pinned != Register.None) _masm.TestZero(false, pinned);
                else _masm.TestZero(false, _ctx.MemOf(condition, position));
                break;
        }
    }

    private void VisitElse()
    {
        var block = _blocks[^1];
        if (!_unreachable)
        {
            if (block.Result is not null) StoreTopAsResult(block);
            _masm.Jump(block.End);
        }
        _ctx.TruncateStack(block.Height);
        _ctx.Regs.Reset();
        _masm.Bind(block.Else);
        block.ElseSeen = true;
        _blocks[^1] = block;
        _unreachable = false;
    }

    private void VisitEnd()
    {
        var block = _blocks[^1];
        if (block.Kind == ControlKind.Loop)
        {
            // Nothing branches to a loop's end: its value (if any) simply stays on the stack.
            _blocks.RemoveAt(_blocks.Count - 1);
            if (_unreachable)
            {
                _ctx.TruncateStack(block.Height);
                if (block.Result is { } loopResult) _ctx.Push(StackEntry.Spilled(loopResult));
                _unreachable = false;
            }
            return;
        }
        if (!_unreachable && block.Result is not null) StoreTopAsResult(block);
        _ctx.TruncateStack(block.Height);
        _ctx.Regs.Reset();
        _blocks.RemoveAt(_blocks.Count - 1);
        if (block.Kind == ControlKind.If && !block.ElseSeen) _masm.Bind(block.Else);
        _masm.Bind(block.End);
        _unreachable = false;
        if (block.Kind == ControlKind.Function)
        {
            _masm.Epilogue();
            return;
        }
        if (block.Result is { } result)
        {
            var reg = ResultRegister(result);
            _ctx.Regs.Take(reg);
            _ctx.PushRegister(result, reg);
        }
    }

    /// <summary>
    /// The register a block's result reaches its end in (every path into the end puts it there): rax for
    /// integers, xmm0 for floats, as for the function's own result.
    /// </summary>
    private static Register ResultRegister(ValType type) => X64.IsFloat(type) ? Register.XMM0 : Register.RAX;

    /// <summary>Puts the top value where <paramref name="target"/>'s end expects its result (without popping it).</summary>
    private void StoreTopAsResult(in ControlBlock target)
    {
        int position = _ctx.Stack.Height - 1;
        var entry = _ctx.Stack[position];
        // Only a path leaving for the end runs this: whatever else rax/xmm0 held above the target's height is dropped there.
        _ctx.LoadInto(ResultRegister(entry.Type), entry, position);
    }

    private ControlBlock BlockAt(int depth) => _blocks[_blocks.Count - 1 - depth];

    /// <summary>Moves the branch value (if the target takes one) and jumps to <paramref name="target"/>.</summary>
    private void JumpTo(in ControlBlock target)
    {
        if (target.Kind == ControlKind.Loop)
        {
            _masm.Jump(target.Head);
            return;
        }
        if (target.Result is not null) StoreTopAsResult(target);
        _masm.Jump(target.End);
    }

    private void VisitBr(int depth)
    {
        var target = BlockAt(depth);
        if (depth == 0 && target.TestEnd > 0) RotatedBackEdge(target);
        else JumpTo(target);
        MarkUnreachable();
    }

    private void VisitReturn()
    {
        JumpTo(_blocks[0]);
        MarkUnreachable();
    }

    private void VisitBrIf(int depth)
    {
        var condition = _ctx.Pop(out int position);
        var target = BlockAt(depth);
        // Values below every open block's height are already in their slots, so only the
        // branch value needs moving, and only on the taken path.
        TestCondition(condition, position);
        if (_rotatedBackEdge)
        {
            _masm.JumpIf(Condition.Eq, _blocks[^1].Body);
            JumpTo(target);
            return;
        }
        var notTaken = _masm.CreateLabel();
        if (target.Kind == ControlKind.Loop || target.Result is null)
        {
            _masm.JumpIf(Condition.Ne, target.Kind == ControlKind.Loop ? target.Head : target.End);
            return;
        }
        _masm.JumpIf(Condition.Eq, notTaken);
        JumpTo(target);
        _masm.Bind(notTaken);
    }

    private void VisitBrTable(in Instruction ins)
    {
        var index = _ctx.Pop(out int position);
        _ctx.MoveI32(Register.R10D, index, position);
        _ctx.Release(index);
        _ctx.SpillAll();
        // Scratch arrays reused across br_tables (a table's targets are bounded by the body's size).
        var depths = _brDepths;
        depths.Clear();
        int count = (int)ins.BrTableTargets.Count;
        if (_brEntryStub.Length < count) _brEntryStub = new int[Math.Max(count, 2 * _brEntryStub.Length)];
        var entryStub = _brEntryStub.AsSpan(0, count);
        int n = 0;
        _brTableSerial++;
        foreach (uint depth in ins.BrTableTargets) entryStub[n++] = StubFor(depths, depth);
        int defaultStub = StubFor(depths, ins.Index);
        if (_brLabels.Length < depths.Count + count) _brLabels = new CodeLabel[Math.Max(depths.Count + count, 2 * _brLabels.Length)];
        var stubs = _brLabels.AsSpan(0, depths.Count);
        for (int i = 0; i < stubs.Length; i++) stubs[i] = _masm.CreateLabel();

        var table = _masm.CreateLabel();
        _masm.JumpTableDispatch(count, stubs[defaultStub], table);
        for (int i = 0; i < stubs.Length; i++)
        {
            _masm.Bind(stubs[i]);
            JumpTo(BlockAt((int)depths[i]));
        }
        var targets = _brLabels.AsSpan(depths.Count, count);
        for (int i = 0; i < targets.Length; i++) targets[i] = stubs[entryStub[i]];
        _masm.JumpTable(table, targets);
        MarkUnreachable();
    }

    /// <summary>
    /// The stub index for branch depth <paramref name="depth"/>, one stub per distinct depth. A
    /// per-depth table stamped with the br_table's serial keeps this O(1), so a table of many
    /// targets under deep nesting compiles in linear time.
    /// </summary>
    private int StubFor(List<uint> depths, uint depth)
    {
        if (_stubOfDepth.Length < _blocks.Count)
        {
            int size = Math.Max(_blocks.Count, 2 * _stubOfDepth.Length);
            Array.Resize(ref _stubOfDepth, size);
            Array.Resize(ref _stubSerial, size);
        }
        if (_stubSerial[depth] == _brTableSerial) return _stubOfDepth[depth];
        _stubSerial[depth] = _brTableSerial;
        _stubOfDepth[depth] = depths.Count;
        depths.Add(depth);
        return depths.Count - 1;
    }
}
