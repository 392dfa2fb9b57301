using TenantDb.ProcSandbox.Errors;

namespace TenantDb.ProcSandbox.Text;

/// <summary>Plain instructions: opcode plus immediates read from the atoms that follow it.</summary>
internal sealed partial class WatModuleBuilder
{
    private void EncodePlain(SExpr keyword, List<SExpr> items, ref int i)
    {
        if (!WatOpcodes.TryGet(keyword.Text, out var op)) throw UnknownInstruction(keyword);
        _code.WriteByte(op.Code);
        switch (op.Immediate)
        {
            case WatImmediate.None:
                return;
            case WatImmediate.Label:
                _code.WriteU32(ResolveLabel(Require(keyword, items, ref i, "a label")));
                return;
            case WatImmediate.BrTable:
                {
                    int start = i;
                    while (i < items.Count && WatIndexSpace.IsReference(items[i])) i++;
                    if (i == start) throw ErrorAfter(keyword, items, i, "br_table needs at least one label");
                    _code.WriteU32((uint)(i - start - 1));
                    for (int k = start; k < i; k++) _code.WriteU32(ResolveLabel(items[k]));
                    return;
                }
            case WatImmediate.Function:
                _code.WriteU32(_funcSpace.Resolve(Require(keyword, items, ref i, "a function")));
                return;
            case WatImmediate.CallIndirect:
                {
                    var list = SExpr.List(items, keyword.Line, keyword.Column);
                    uint typeIndex = ResolveTypeUse(list, ref i, allowNames: false, out _, out _);
                    _code.WriteU32(typeIndex);
                    _code.WriteByte(0x00);
                    return;
                }
            case WatImmediate.Local:
                _code.WriteU32(ResolveLocal(Require(keyword, items, ref i, "a local")));
                return;
            case WatImmediate.Global:
                _code.WriteU32(_globalSpace.Resolve(Require(keyword, items, ref i, "a global")));
                return;
            case WatImmediate.Memory:
                WriteMemArg(items, ref i, op.NaturalAlignment);
                return;
            case WatImmediate.MemoryIndex:
                _code.WriteByte(0x00);
                return;
            case WatImmediate.I32:
                {
                    var literal = RequireLiteral(keyword, items, ref i);
                    if (!WatNumber.TryParseInt(literal.Text, 32, out ulong value)) throw LiteralError(literal, "i32");
                    _code.WriteS32((int)(uint)value);
                    return;
                }
            case WatImmediate.I64:
                {
                    var literal = RequireLiteral(keyword, items, ref i);
                    if (!WatNumber.TryParseInt(literal.Text, 64, out ulong value)) throw LiteralError(literal, "i64");
                    _code.WriteS64((long)value);
                    return;
                }
            case WatImmediate.F32:
                {
                    var literal = RequireLiteral(keyword, items, ref i);
                    if (!WatNumber.TryParseF32(literal.Text, out uint bits)) throw LiteralError(literal, "f32");
                    _code.WriteF32Bits(bits);
                    return;
                }
            default:
                {
                    var literal = RequireLiteral(keyword, items, ref i);
                    if (!WatNumber.TryParseF64(literal.Text, out ulong bits)) throw LiteralError(literal, "f64");
                    _code.WriteF64Bits(bits);
                    return;
                }
        }
    }

    /// <summary>
    /// Words of the text format that are not instructions: meeting one where an instruction should
    /// be is an "unexpected token" (as in the reference interpreter), anything else "unknown operator".
    /// </summary>
    private static readonly HashSet<string> s_structuralKeywords = new(StringComparer.Ordinal)
    {
        "module", "type", "func", "param", "result", "local", "import", "export", "table", "memory",
        "global", "mut", "elem", "data", "start", "offset", "then", "else", "end", "funcref", "anyfunc",
        "i32", "i64", "f32", "f64",
    };

    private static WatParseException UnknownInstruction(SExpr keyword) =>
        keyword.Error(s_structuralKeywords.Contains(keyword.Text) || keyword.Text.Length == 0 || !char.IsAsciiLetter(keyword.Text[0])
            ? $"unexpected token {keyword.Text}, expected an instruction"
            : $"unknown operator {keyword.Text}");

    /// <summary>A literal that is a number by syntax but does not fit is "constant out of range"; other text is "unknown operator".</summary>
    private static WatParseException LiteralError(SExpr literal, string type) =>
        literal.Error((type[0] == 'i' ? WatNumber.IsIntegerSyntax(literal.Text) : WatNumber.IsFloatSyntax(literal.Text))
            ? $"{type} constant out of range: {literal.Text}"
            : $"unknown operator: {literal.Text} is not an {type} constant");

    private static SExpr Require(SExpr keyword, List<SExpr> items, ref int i, string what)
    {
        if (i < items.Count && WatIndexSpace.IsReference(items[i])) return items[i++];
        throw ErrorAfter(keyword, items, i, $"{keyword.Text} needs {what} index");
    }

    private static SExpr RequireLiteral(SExpr keyword, List<SExpr> items, ref int i)
    {
        if (i < items.Count && items[i].IsAtom) return items[i++];
        throw ErrorAfter(keyword, items, i, $"unexpected token: {keyword.Text} needs a literal");
    }

    private static WatParseException ErrorAfter(SExpr keyword, List<SExpr> items, int i, string message) =>
        i < items.Count ? items[i].Error($"unexpected token {items[i]}: {message}") : keyword.Error(message);

    private uint ResolveLabel(SExpr reference)
    {
        if (!reference.IsId) return WatIndexSpace.ParseIndex(reference, "label");
        for (int k = _labels.Count - 1; k >= 0; k--)
        {
            if (_labels[k] == reference.Text) return (uint)(_labels.Count - 1 - k);
        }
        throw reference.Error($"undefined identifier {reference.Text} (unknown label)");
    }

    private uint ResolveLocal(SExpr reference)
    {
        if (!reference.IsId) return WatIndexSpace.ParseIndex(reference, "local");
        return _localNames.TryGetValue(reference.Text, out uint index)
            ? index
            : throw reference.Error($"undefined identifier {reference.Text} (unknown local)");
    }

    /// <summary>offset=N? align=N? ; the alignment must be a power of two and is encoded as its log2.</summary>
    private void WriteMemArg(List<SExpr> items, ref int i, byte naturalAlignment)
    {
        ulong offset = 0;
        uint alignLog2 = naturalAlignment;
        if (i < items.Count && items[i].IsAtom && items[i].Text.StartsWith("offset=", StringComparison.Ordinal))
        {
            var item = items[i++];
            if (!WatNumber.TryParseUnsigned(item.Text[7..], 32, out offset))
            {
                throw item.Error(WatNumber.IsIntegerSyntax(item.Text[7..]) ? $"i32 constant out of range: {item.Text}" : $"unknown operator {item.Text}");
            }
        }
        if (i < items.Count && items[i].IsAtom && items[i].Text.StartsWith("align=", StringComparison.Ordinal))
        {
            var item = items[i++];
            if (!WatNumber.TryParseUnsigned(item.Text[6..], 32, out ulong align)) throw item.Error($"malformed alignment: {item.Text}");
            if (align == 0 || (align & (align - 1)) != 0) throw item.Error($"alignment must be a power of two: {item.Text}");
            alignLog2 = (uint)ulong.TrailingZeroCount(align);
        }
        _code.WriteU32(alignLog2);
        _code.WriteU32((uint)offset);
    }
}
