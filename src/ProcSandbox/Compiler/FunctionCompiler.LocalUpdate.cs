using Iced.Intel;
using TenantDb.ProcSandbox.Binary;
using TenantDb.ProcSandbox.Module;

namespace TenantDb.ProcSandbox.Compiler;

/// <summary>
/// In-place update of a local held in a register: <c>local.get L; x; op; local.set L</c> (or <c>local.tee L</c>)
/// with a two-operand arithmetic op becomes one instruction on L's register (<c>add r13d, 1</c>, <c>addsd
/// xmm14, xmm0</c>) instead of copying L, operating on the copy and copying it back. Loop counters and
/// accumulators are exactly this shape. So is each step of a chain <c>local.get L; x; op; y; op; ...; local.set
/// L</c> whose later operands are constants or other locals (hash's <c>h = (h ^ byte) * prime</c>: <c>xor r9, rdi;
/// imul r9, r11</c>, no temporary copied back).
/// </summary>
internal sealed partial class FunctionCompiler
{
    /// <summary>If <paramref name="op"/> and the next instruction are such an update, compiles both and returns true.</summary>
    private bool TryFuseLocalUpdate(Opcode op, ref InstructionReader reader)
    {
        if (_ctx.Frame.PinnedCount == 0 || _ctx.Stack.Height < 2 || !reader.HasMore) return false;
        bool isFloat = TryGetFloatUpdate(op, out var floatOp, out bool is64);
        AluOp aluOp = default;
        if (!isFloat && !TryGetIntegerUpdate(op, out aluOp, out is64)) return false;
        var peek = reader;
        var next = peek.Read();
        bool direct = next.Opcode is Opcode.LocalSet or Opcode.LocalTee;
        int local;
        if (direct) local = (int)next.Index;
        else if ((local = UpdateChainTarget(reader, isFloat, is64)) < 0) return false;
        var pinned = _ctx.Frame.PinnedRegister(local);
        if (pinned == Register.None) return false;
        bool commutative = isFloat ? floatOp is FloatOp.Add or FloatOp.Mul : IsCommutative(aluOp);
        var top = _ctx.Stack.Top;
        var below = _ctx.Stack[_ctx.Stack.Height - 2];
        bool lhsIsLocal = below.Kind == EntryKind.Local && below.Local == local;
        bool rhsIsLocal = top.Kind == EntryKind.Local && top.Local == local;
        if (!lhsIsLocal && !(commutative && rhsIsLocal)) return false;
        if (direct) reader = peek;

        var b = _ctx.Pop(out int pb);
        var a = _ctx.Pop(out int pa);
        if (!lhsIsLocal)
        {
            (a, b) = (b, a);
            (pa, pb) = (pb, pa);
        }
        // Other lazy reads of L still on the stack must keep the old value. The operand b, if it reads L
        // too, is read by the instruction before it writes L's register.
        _ctx.MaterializeLocalReads(local);
        if (isFloat) ApplyFloat(floatOp, is64, pinned, b, pb);
        else ApplyAlu(aluOp, is64, pinned, b, pb);
        // Within a chain L's register now holds the partial result, which the next update of the chain
        // continues in place; a lazy read of L stands for it (nothing before the final write reads L).
        if (!direct || next.Opcode == Opcode.LocalTee) _ctx.Push(StackEntry.OfLocal(a.Type, local));
        return true;
    }

    /// <summary>Longest run of further updates (operand, operator) between an update and its local.set.</summary>
    private const int MaxUpdateChain = 4;

    /// <summary>
    /// The local L when the instructions after the current update are a chain of further updates of the same
    /// kind, each pushing one operand that reads neither L nor memory (a constant or another local) and
    /// applying an update operator, ending in <c>local.set L</c> or <c>local.tee L</c>: <c>local.get h; x;
    /// xor; const; mul; local.set h</c>. Each step of such a chain may then work on L's register in place, since
    /// nothing reads L before the chain writes it and nothing in it can trap or branch. -1 otherwise.
    /// </summary>
    private static int UpdateChainTarget(InstructionReader scan, bool isFloat, bool is64)
    {
        var start = scan;
        for (int step = 0; step < MaxUpdateChain && scan.HasMore; step++)
        {
            var operand = scan.Read();
            if (operand.Opcode is not (Opcode.LocalGet or Opcode.I32Const or Opcode.I64Const or Opcode.F32Const or Opcode.F64Const)
                || !scan.HasMore)
                return -1;
            var op = scan.Read().Opcode;
            bool sameKind = isFloat
                ? TryGetFloatUpdate(op, out _, out bool floatIs64) && floatIs64 == is64
                : TryGetIntegerUpdate(op, out _, out bool intIs64) && intIs64 == is64;
            if (!sameKind || !scan.HasMore) return -1;
            var peek = scan;
            var end = peek.Read();
            if (end.Opcode is not (Opcode.LocalSet or Opcode.LocalTee)) continue;
            int local = (int)end.Index;
            return ChainReadsLocal(start, step + 1, local) ? -1 : local;
        }
        return -1;
    }

    /// <summary>Whether one of the first <paramref name="steps"/> operands of a chain is <c>local.get</c> <paramref name="local"/>.</summary>
    private static bool ChainReadsLocal(InstructionReader scan, int steps, int local)
    {
        for (int step = 0; step < steps; step++)
        {
            var operand = scan.Read();
            if (operand.Opcode == Opcode.LocalGet && operand.Index == local) return true;
            scan.Read();
        }
        return false;
    }

    private static bool TryGetIntegerUpdate(Opcode op, out AluOp aluOp, out bool is64)
    {
        is64 = op is >= Opcode.I64Add and <= Opcode.I64Rotr;
        aluOp = op switch
        {
            Opcode.I32Add or Opcode.I64Add => AluOp.Add,
            Opcode.I32Sub or Opcode.I64Sub => AluOp.Sub,
            Opcode.I32Mul or Opcode.I64Mul => AluOp.Mul,
            Opcode.I32And or Opcode.I64And => AluOp.And,
            Opcode.I32Or or Opcode.I64Or => AluOp.Or,
            Opcode.I32Xor or Opcode.I64Xor => AluOp.Xor,
            _ => AluOp.Cmp,
        };
        return aluOp != AluOp.Cmp;
    }

    private static bool TryGetFloatUpdate(Opcode op, out FloatOp floatOp, out bool is64)
    {
        is64 = op is >= Opcode.F64Add and <= Opcode.F64Div;
        (bool ok, floatOp) = op switch
        {
            Opcode.F32Add or Opcode.F64Add => (true, FloatOp.Add),
            Opcode.F32Sub or Opcode.F64Sub => (true, FloatOp.Sub),
            Opcode.F32Mul or Opcode.F64Mul => (true, FloatOp.Mul),
            Opcode.F32Div or Opcode.F64Div => (true, FloatOp.Div),
            _ => (false, FloatOp.Add),
        };
        return ok;
    }
}
