using Iced.Intel;
using TenantDb.ProcSandbox.Binary;

namespace TenantDb.ProcSandbox.Compiler;

/// <summary>
/// Compare-and-branch fusion: an integer comparison (or eqz) directly followed by <c>br_if</c> or
/// <c>if</c> becomes cmp + jcc instead of materialising a 0/1 value and testing it.
/// </summary>
internal sealed partial class FunctionCompiler
{
    /// <summary>If the instruction after <paramref name="op"/> is br_if or if, compiles both and returns true.</summary>
    private bool TryFuseCompare(Opcode op, ref InstructionReader reader)
    {
        if (!TryGetIntegerCondition(op, out var condition, out bool is64) || !reader.HasMore) return false;
        var peek = reader;
        var next = peek.Read();
        if (next.Opcode is not (Opcode.BrIf or Opcode.If)) return false;
        reader = peek;

        bool eqz = op is Opcode.I32Eqz or Opcode.I64Eqz;
        StackEntry b = default, a;
        int pb = 0, pa;
        if (!eqz) b = _ctx.Pop(out pb);
        a = _ctx.Pop(out pa);
        // Operands first (may allocate or spill), then the if's merge spill, then the flags.
        // A pinned local is compared in place (cmp and test write no register); anything else needs its own register.
        var pinned = _ctx.PinnedOf(a);
        var ra = pinned != Register.None ? pinned : eqz && a.Kind != EntryKind.Register ? Register.None : _ctx.ToRegister(a, pa);
        if (next.Opcode == Opcode.If) _ctx.SpillAll();
        if (eqz) TestZero(a, pa, ra, is64);
        else ApplyAlu(AluOp.Cmp, is64, ra, b, pb);
        if (ra != Register.None) _ctx.Regs.Free(ra);

        if (next.Opcode == Opcode.If)
        {
            var block = new ControlBlock(ControlKind.If, ResultOf(next.BlockType), _ctx.Stack.Height, _masm.CreateLabel()) { Else = _masm.CreateLabel() };
            _blocks.Add(block);
            _masm.JumpIf(condition.Negate(), block.Else);
            return true;
        }
        var target = BlockAt((int)next.Index);
        if (_rotatedBackEdge)
        {
            _masm.JumpIf(condition.Negate(), _blocks[^1].Body);
            JumpTo(target);
            return true;
        }
        if (target.Kind == ControlKind.Loop || target.Result is null)
        {
            _masm.JumpIf(condition, target.Kind == ControlKind.Loop ? target.Head : target.End);
            return true;
        }
        var notTaken = _masm.CreateLabel();
        _masm.JumpIf(condition.Negate(), notTaken);
        JumpTo(target);
        _masm.Bind(notTaken);
        return true;
    }

    private void TestZero(in StackEntry a, int position, Register reg, bool is64)
    {
        if (reg != Register.None) _masm.TestZero(is64, reg);
        else if (a.Kind == EntryKind.Const) _masm.TestZeroConstant(a.Bits, is64);
        else if (_ctx.PinnedOf(a) is var pinned && pinned != Register.None) _masm.TestZero(is64, pinned);
        else _masm.TestZero(is64, _ctx.MemOf(a, position));
    }

    /// <summary>The condition meaning "true" for an integer comparison or eqz; false for other opcodes.</summary>
    private static bool TryGetIntegerCondition(Opcode op, out Condition condition, out bool is64)
    {
        is64 = op >= Opcode.I64Eqz && op <= Opcode.I64GeU;
        condition = op switch
        {
            Opcode.I32Eqz or Opcode.I64Eqz or Opcode.I32Eq or Opcode.I64Eq => Condition.Eq,
            Opcode.I32Ne or Opcode.I64Ne => Condition.Ne,
            Opcode.I32LtS or Opcode.I64LtS => Condition.LtS,
            Opcode.I32LtU or Opcode.I64LtU => Condition.LtU,
            Opcode.I32GtS or Opcode.I64GtS => Condition.GtS,
            Opcode.I32GtU or Opcode.I64GtU => Condition.GtU,
            Opcode.I32LeS or Opcode.I64LeS => Condition.LeS,
            Opcode.I32LeU or Opcode.I64LeU => Condition.LeU,
            Opcode.I32GeS or Opcode.I64GeS => Condition.GeS,
            Opcode.I32GeU or Opcode.I64GeU => Condition.GeU,
            _ => (Condition)255,
        };
        return condition != (Condition)255;
    }
}
