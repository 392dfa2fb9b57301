using TenantDb.ProcSandbox.Module;

namespace TenantDb.ProcSandbox.Binary;

public static partial class WasmDecoder
{
    private const byte PlainBlock = 0;
    private const byte IfWithoutElse = 1;
    private const byte IfWithElse = 2;

    /// <summary>
    /// Reads an initializer expression (instructions up to the matching <c>end</c>). Shapes the
    /// spec calls invalid rather than malformed are kept as <see cref="ConstExprKind.NotConstant"/>
    /// or <see cref="ConstExprKind.NotSingleValue"/> for the validator to reject.
    /// </summary>
    private static ConstExpr ReadConstExpr(ref ModuleReader reader)
    {
        int start = reader.Position;
        var instructions = new InstructionReader(reader.Limited[start..], start);
        int depth = 0;
        int values = 0;
        long nonConstantAt = -1;
        var first = new ConstExpr(ConstExprKind.NotSingleValue, (ulong)start);
        while (true)
        {
            var instruction = instructions.Read();
            switch (instruction.Opcode)
            {
                case Opcode.End:
                    if (depth == 0)
                    {
                        reader.Seek(start + instructions.Position);
                        if (nonConstantAt >= 0) return new ConstExpr(ConstExprKind.NotConstant, (ulong)nonConstantAt);
                        return values == 1 ? first : new ConstExpr(ConstExprKind.NotSingleValue, (ulong)start);
                    }
                    depth--;
                    break;
                case Opcode.Block or Opcode.Loop or Opcode.If:
                    depth++;
                    if (nonConstantAt < 0) nonConstantAt = instruction.ModuleOffset;
                    break;
                case Opcode.Else:
                    if (depth == 0) DecodeError.Throw(DecodeMessages.ElseWithoutIf, instruction.ModuleOffset);
                    break;
                case Opcode.I32Const or Opcode.I64Const or Opcode.F32Const or Opcode.F64Const or Opcode.GlobalGet:
                    if (values++ == 0) first = new ConstExpr(ConstKindOf(instruction.Opcode), instruction.Opcode == Opcode.GlobalGet ? instruction.Index : instruction.Bits);
                    break;
                default:
                    if (nonConstantAt < 0) nonConstantAt = instruction.ModuleOffset;
                    break;
            }
        }
    }

    private static ConstExprKind ConstKindOf(Opcode opcode) => opcode switch
    {
        Opcode.I32Const => ConstExprKind.I32Const,
        Opcode.I64Const => ConstExprKind.I64Const,
        Opcode.F32Const => ConstExprKind.F32Const,
        Opcode.F64Const => ConstExprKind.F64Const,
        _ => ConstExprKind.GlobalGet,
    };

    /// <summary>
    /// Checks the binary grammar of a function body's instructions: every opcode and immediate is
    /// well formed, <c>else</c> only closes the then-arm of an <c>if</c>, and the body ends with
    /// the <c>end</c> that closes the function, exactly at the end of its bytes. Returns whether the body
    /// has a <c>loop</c> (the compiler's loop-local scan is skipped for bodies without one).
    /// </summary>
    private static bool CheckBodyStructure(ReadOnlySpan<byte> code, int codeOffset, List<byte> blocks)
    {
        blocks.Clear();
        bool hasLoop = false;
        var instructions = new InstructionReader(code, codeOffset);
        while (true)
        {
            int at = instructions.Position;
            switch (instructions.Skip())
            {
                case Opcode.Block:
                    blocks.Add(PlainBlock);
                    break;
                case Opcode.Loop:
                    blocks.Add(PlainBlock);
                    hasLoop = true;
                    break;
                case Opcode.If:
                    blocks.Add(IfWithoutElse);
                    break;
                case Opcode.Else:
                    if (blocks.Count == 0 || blocks[^1] != IfWithoutElse) DecodeError.Throw(DecodeMessages.ElseWithoutIf, codeOffset + at);
                    blocks[^1] = IfWithElse;
                    break;
                case Opcode.End:
                    if (blocks.Count == 0)
                    {
                        if (instructions.HasMore) DecodeError.Throw(DecodeMessages.SectionSizeMismatch, codeOffset + instructions.Position);
                        return hasLoop;
                    }
                    blocks.RemoveAt(blocks.Count - 1);
                    break;
            }
        }
    }
}
