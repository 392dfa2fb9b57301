using TenantDb.ProcSandbox.Binary;

namespace TenantDb.ProcSandbox.Compiler;

/// <summary>
/// Load-operand fusion: an f32/f64 load directly followed by an arithmetic op of its precision, whose other operand
/// is already in a register, becomes one instruction reading the checked linear-memory operand (<c>mulsd xmm0,
/// [r14+rcx]</c>) instead of a load into a register and a register op. The bounds check is the load's own, unchanged;
/// scalar SSE memory operands need no alignment, and the op reads exactly the load's bytes.
/// </summary>
internal sealed partial class FunctionCompiler
{
    /// <summary>If <paramref name="ins"/> is such a load and the next instruction such an op, compiles both and returns true.</summary>
    private bool TryFuseLoadArithmetic(in Instruction ins, ref InstructionReader reader)
    {
        if (ins.Opcode is not (Opcode.F32Load or Opcode.F64Load) || !reader.HasMore || _ctx.Stack.Height < 2) return false;
        // The loop body of a rotated loop is bound between two instructions; never consume across that point.
        if (reader.Position == _bindBodyAt) return false;
        bool loads64 = ins.Opcode == Opcode.F64Load;
        var peek = reader;
        var next = peek.Read();
        if (!TryGetFloatUpdate(next.Opcode, out var floatOp, out bool is64) || is64 != loads64) return false;
        // Only a left operand already in its own register: materialising one could emit code that reuses the
        // address register, which the check below releases before the access reads it.
        if (_ctx.Stack[_ctx.Stack.Height - 2].Kind != EntryKind.Register) return false;
        reader = peek;

        var m = PopCheckedAddress(ins.MemoryOffset, is64 ? 8 : 4, isLoad: true);
        var a = _ctx.Pop(out _);
        _masm.Float(floatOp, is64, a.Reg, m);
        _ctx.PushRegister(a.Type, a.Reg);
        return true;
    }
}
