using TenantDb.ProcSandbox.Binary;

namespace TenantDb.ProcSandbox.Compiler;

/// <summary>
/// Loop rotation: a loop that starts with a short exit test, <c>loop { cond; br_if exit; body; br 0 }</c>,
/// gets a second copy of the test at its back edge, inverted and branching to the body:
/// <c>head: fuel; cond; jcc exit; body: ...; fuel; cond; jncc body; jmp exit</c>. Each iteration then takes
/// one branch (the inverted test) instead of a jump to the head plus the test there. The copy is compiled
/// from the same wasm instructions in the same code-generation state (the stack at the loop's height,
/// nothing but pinned locals in registers), so it computes exactly what the head does, fuel included.
/// </summary>
internal sealed partial class FunctionCompiler
{
    /// <summary>Longest exit test (in wasm instructions, the br_if included) copied to the back edge.</summary>
    private const int MaxRotatedTest = 8;

    /// <summary>Where the main reader reaches the end of the current loop's test: its body label is bound there (-1: none).</summary>
    private int _bindBodyAt = -1;

    /// <summary>While the test is compiled again at a back edge: its br_if branches back to the body when not taken.</summary>
    private bool _rotatedBackEdge;

    /// <summary>Marks <paramref name="block"/> for rotation when the loop body starting at <paramref name="start"/> opens with an exit test.</summary>
    private void PlanRotation(ref ControlBlock block, int start)
    {
        int end = RotatableTestEnd(start);
        if (end < 0) return;
        block.TestStart = start;
        block.TestEnd = end;
        block.Body = _masm.CreateLabel();
        _bindBodyAt = end;
    }

    /// <summary>
    /// The body position after the loop's opening exit test, or -1: at most <see cref="MaxRotatedTest"/>
    /// instructions that only read locals and constants and compute integers without trapping, ending in a
    /// br_if out of the loop (to a block without a result, or an enclosing loop) that leaves the stack at
    /// the loop's height.
    /// </summary>
    private int RotatableTestEnd(int start)
    {
        var scan = new InstructionReader(_code.Span[start..]);
        int height = 0;
        for (int n = 0; n < MaxRotatedTest && scan.HasMore; n++)
        {
            var ins = scan.Read();
            var op = ins.Opcode;
            if (op is Opcode.LocalGet or Opcode.I32Const or Opcode.I64Const) height++;
            else if (op is Opcode.I32Eqz or Opcode.I64Eqz) { if (height < 1) return -1; }
            else if (IsPureIntegerBinary(op)) { if (height < 2) return -1; height--; }
            else if (op == Opcode.BrIf)
            {
                if (height != 1 || ins.Index == 0) return -1;
                var target = BlockAt((int)ins.Index - 1); // the loop itself is not open yet
                return target.Kind == ControlKind.Loop || target.Result is null ? start + scan.Position : -1;
            }
            else return -1;
        }
        return -1;
    }

    /// <summary>Integer comparisons and the arithmetic that cannot trap (no division).</summary>
    private static bool IsPureIntegerBinary(Opcode op) =>
        op is >= Opcode.I32Eq and <= Opcode.I32GeU
        or >= Opcode.I64Eq and <= Opcode.I64GeU
        or Opcode.I32Add or Opcode.I32Sub or Opcode.I32Mul or Opcode.I32And or Opcode.I32Or or Opcode.I32Xor or Opcode.I32Shl or Opcode.I32ShrS or Opcode.I32ShrU
        or Opcode.I64Add or Opcode.I64Sub or Opcode.I64Mul or Opcode.I64And or Opcode.I64Or or Opcode.I64Xor or Opcode.I64Shl or Opcode.I64ShrS or Opcode.I64ShrU;

    /// <summary>The main reader has just passed the current loop's exit test: its body starts here.</summary>
    private void BindLoopBody()
    {
        _bindBodyAt = -1;
        _masm.BindAligned(_blocks[^1].Body);
    }

    /// <summary>`br 0` at a rotated loop's own level: fuel, the exit test again (inverted, to the body), then the exit.</summary>
    private void RotatedBackEdge(in ControlBlock loop)
    {
        _ctx.TruncateStack(loop.Height);
        _ctx.Regs.Reset();
        _masm.FuelCheck(1);
        var replay = new InstructionReader(_code.Span[loop.TestStart..loop.TestEnd]);
        _rotatedBackEdge = true;
        while (replay.HasMore)
        {
            var instruction = replay.Read();
            if (!TryFuseCompare(instruction.Opcode, ref replay) && !TryFuseLocalUpdate(instruction.Opcode, ref replay)) Visit(instruction);
        }
        _rotatedBackEdge = false;
    }
}
