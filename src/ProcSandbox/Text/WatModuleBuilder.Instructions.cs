using System.Runtime.CompilerServices;
using TenantDb.ProcSandbox.Errors;
using TenantDb.ProcSandbox.Module;

namespace TenantDb.ProcSandbox.Text;

/// <summary>Function bodies and constant expressions: flat and folded instructions to bytecode.</summary>
internal sealed partial class WatModuleBuilder
{
    private WasmBinaryWriter _code = new();
    private readonly Dictionary<string, uint> _localNames = new(StringComparer.Ordinal);
    private readonly List<string?> _labels = [];
    private int _depth;

    /// <summary>Locals, then instructions, then <c>end</c>: the contents of one code-section entry.</summary>
    private byte[] EncodeFunction(FuncEntry func)
    {
        var field = func.Field;
        var items = field.Items;
        int i = func.TypeUseStart;
        func.TypeIndex = ResolveTypeUse(field, ref i, allowNames: true, out var type, out var paramNames);
        _localNames.Clear();
        _labels.Clear();
        for (int p = 0; p < paramNames.Count; p++)
        {
            if (paramNames[p] is { } name && !_localNames.TryAdd(name.Text, (uint)p)) throw name.Error($"duplicate local {name.Text}");
        }
        uint localCount = (uint)type.Parameters.Length;
        var runs = new List<LocalRun>();
        while (i < items.Count && items[i].IsListOf("local"))
        {
            var l = items[i].Items;
            if (l.Count >= 2 && l[1].IsId)
            {
                if (l.Count != 3) throw items[i].Error("malformed named local: expected (local $id type)");
                if (!_localNames.TryAdd(l[1].Text, localCount)) throw l[1].Error($"duplicate local {l[1].Text}");
                AddLocal(runs, ParseValType(l[2]));
                localCount++;
            }
            else
            {
                for (int k = 1; k < l.Count; k++)
                {
                    AddLocal(runs, ParseValType(l[k]));
                    localCount++;
                }
            }
            i++;
        }
        var body = new WasmBinaryWriter();
        body.WriteU32((uint)runs.Count);
        foreach (var run in runs)
        {
            body.WriteU32(run.Count);
            body.WriteByte((byte)run.Type);
        }
        _code = body;
        EncodeSequence(items, ref i, insideFlatBlock: false);
        body.WriteByte(0x0B);
        return body.ToArray();
    }

    private static void AddLocal(List<LocalRun> runs, ValType type)
    {
        if (runs.Count > 0 && runs[^1].Type == type) runs[^1] = new LocalRun(runs[^1].Count + 1, type);
        else runs.Add(new LocalRun(1, type));
    }

    /// <summary>A constant expression (global initializer, segment offset), ending with <c>end</c>.</summary>
    private byte[] EncodeExpression(List<SExpr> items, int start)
    {
        _localNames.Clear();
        _labels.Clear();
        _code = new WasmBinaryWriter();
        int i = start;
        EncodeSequence(items, ref i, insideFlatBlock: false);
        _code.WriteByte(0x0B);
        return _code.ToArray();
    }

    /// <summary>
    /// Encodes instructions from <paramref name="i"/> to the end of <paramref name="items"/>, or,
    /// inside a flat block, up to (not including) its <c>end</c> / <c>else</c> keyword.
    /// </summary>
    private void EncodeSequence(List<SExpr> items, ref int i, bool insideFlatBlock)
    {
        // Nesting is capped by the reader, but callers may run on threads with small stacks:
        // refuse cleanly rather than overflow (which would kill the process).
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack()) throw items.Count > 0 ? items[0].Error("nesting too deep") : new WatParseException("nesting too deep", 0, 0);
        while (i < items.Count)
        {
            var item = items[i];
            if (item.IsList)
            {
                EncodeFolded(item);
                i++;
                continue;
            }
            if (!item.IsAtom) throw item.Error($"unexpected token {item}, expected an instruction");
            string name = item.Text;
            if (name is "end" or "else")
            {
                if (insideFlatBlock) return;
                throw item.Error($"unexpected token {name}");
            }
            i++;
            switch (name)
            {
                case "block":
                case "loop":
                    EncodeFlatBlock(item, items, ref i, name == "block" ? (byte)0x02 : (byte)0x03);
                    break;
                case "if":
                    EncodeFlatIf(item, items, ref i);
                    break;
                default:
                    EncodePlain(item, items, ref i);
                    break;
            }
        }
    }

    private void EncodeFlatBlock(SExpr keyword, List<SExpr> items, ref int i, byte opcode)
    {
        var label = TakeLabel(items, ref i);
        _code.WriteByte(opcode);
        WriteBlockType(keyword, items, ref i);
        EnterBlock(keyword, label);
        EncodeSequence(items, ref i, insideFlatBlock: true);
        if (i >= items.Count || !items[i].IsKeyword("end")) throw ErrorAfter(keyword, items, i, $"expected end of {keyword.Text}");
        i++;
        CheckClosingLabel(items, ref i, label);
        ExitBlock();
        _code.WriteByte(0x0B);
    }

    private void EncodeFlatIf(SExpr keyword, List<SExpr> items, ref int i)
    {
        var label = TakeLabel(items, ref i);
        _code.WriteByte(0x04);
        WriteBlockType(keyword, items, ref i);
        EnterBlock(keyword, label);
        EncodeSequence(items, ref i, insideFlatBlock: true);
        if (i < items.Count && items[i].IsKeyword("else"))
        {
            i++;
            CheckClosingLabel(items, ref i, label);
            int elseAt = _code.Length;
            _code.WriteByte(0x05);
            EncodeSequence(items, ref i, insideFlatBlock: true);
            DropEmptyElse(elseAt);
        }
        if (i >= items.Count || !items[i].IsKeyword("end")) throw ErrorAfter(keyword, items, i, "expected end of if");
        i++;
        CheckClosingLabel(items, ref i, label);
        ExitBlock();
        _code.WriteByte(0x0B);
    }

    private void EncodeFolded(SExpr list)
    {
        var items = list.Items;
        if (items.Count == 0 || !items[0].IsAtom) throw list.Error("unexpected token (, expected an instruction");
        var keyword = items[0];
        int i = 1;
        switch (keyword.Text)
        {
            case "block":
            case "loop":
                {
                    var label = TakeLabel(items, ref i);
                    _code.WriteByte(keyword.Text == "block" ? (byte)0x02 : (byte)0x03);
                    WriteBlockType(keyword, items, ref i);
                    EnterBlock(keyword, label);
                    EncodeSequence(items, ref i, insideFlatBlock: false);
                    ExitBlock();
                    _code.WriteByte(0x0B);
                    return;
                }
            case "if":
                EncodeFoldedIf(list);
                return;
        }
        int firstChild = 1;
        bool typeUse = keyword.Text == "call_indirect";
        while (firstChild < items.Count && (items[firstChild].IsAtom || (typeUse && IsTypeUsePart(items[firstChild])))) firstChild++;
        for (int c = firstChild; c < items.Count; c++)
        {
            if (!items[c].IsList) throw items[c].Error($"unexpected token {items[c]}");
            EncodeFolded(items[c]);
        }
        EncodePlain(keyword, items, ref i);
        if (i != firstChild) throw items[i].Error($"unexpected token {items[i]}");
    }

    private static bool IsTypeUsePart(SExpr item) => item.IsListOf("type") || item.IsListOf("param") || item.IsListOf("result");

    private void EncodeFoldedIf(SExpr list)
    {
        var items = list.Items;
        var keyword = items[0];
        int i = 1;
        var label = TakeLabel(items, ref i);
        int blockTypeStart = i;
        // The block type comes first in the text but the condition must be encoded first: skip it now.
        while (i < items.Count && IsTypeUsePart(items[i])) i++;
        while (i < items.Count && !items[i].IsListOf("then"))
        {
            if (!items[i].IsList) throw items[i].Error($"unexpected token {items[i]}");
            EncodeFolded(items[i]);
            i++;
        }
        if (i >= items.Count) throw list.Error("expected (then ...) in if");
        var then = items[i++];
        SExpr? otherwise = null;
        if (i < items.Count && items[i].IsListOf("else")) otherwise = items[i++];
        if (i < items.Count) throw items[i].Error($"unexpected token {items[i]}");

        _code.WriteByte(0x04);
        int b = blockTypeStart;
        WriteBlockType(keyword, items, ref b);
        EnterBlock(keyword, label);
        int t = 1;
        EncodeSequence(then.Items, ref t, insideFlatBlock: false);
        if (otherwise is not null)
        {
            int elseAt = _code.Length;
            _code.WriteByte(0x05);
            int e = 1;
            EncodeSequence(otherwise.Items, ref e, insideFlatBlock: false);
            DropEmptyElse(elseAt);
        }
        ExitBlock();
        _code.WriteByte(0x0B);
    }

    /// <summary>An empty else branch means the same as none; wat2wasm omits it, and so do we.</summary>
    private void DropEmptyElse(int elseAt)
    {
        if (_code.Length == elseAt + 1) _code.Truncate(elseAt);
    }

    private static SExpr? TakeLabel(List<SExpr> items, ref int i) => i < items.Count && items[i].IsId ? items[i++] : null;

    private static void CheckClosingLabel(List<SExpr> items, ref int i, SExpr? label)
    {
        if (i < items.Count && items[i].IsId)
        {
            if (label is null || label.Text != items[i].Text) throw items[i].Error($"mismatching label {items[i].Text}");
            i++;
        }
    }

    private void EnterBlock(SExpr at, SExpr? label)
    {
        if (++_depth > SExprReader.MaxDepth) throw at.Error("blocks nested too deep");
        _labels.Add(label?.Text);
    }

    private void ExitBlock()
    {
        _depth--;
        _labels.RemoveAt(_labels.Count - 1);
    }

    /// <summary>
    /// Empty (0x40) or one result value type (the MVP forms); a type index only for signatures
    /// the MVP cannot express, which the decoder then rejects.
    /// </summary>
    private void WriteBlockType(SExpr at, List<SExpr> items, ref int i)
    {
        FuncType type;
        uint? index = null;
        if (i < items.Count && items[i].IsListOf("type"))
        {
            var list = SExpr.List(items, at.Line, at.Column);
            index = ResolveTypeUse(list, ref i, allowNames: false, out type, out _);
        }
        else
        {
            type = ParseSignature(SExpr.List(items, at.Line, at.Column), ref i, allowNames: false, out _);
        }
        if (type.Parameters.Length == 0 && type.Results.Length <= 1)
        {
            _code.WriteByte(type.Results.Length == 0 ? (byte)0x40 : (byte)type.Results[0]);
            return;
        }
        _code.WriteS64(index ?? FindOrAddType(type));
    }
}
