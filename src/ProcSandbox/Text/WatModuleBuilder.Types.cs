using TenantDb.ProcSandbox.Module;

namespace TenantDb.ProcSandbox.Text;

/// <summary>Value types, limits, signatures and type uses.</summary>
internal sealed partial class WatModuleBuilder
{
    private static bool IsElemTypeKeyword(string text) => text is "funcref" or "anyfunc";

    private static bool TryParseValType(SExpr item, out ValType type)
    {
        type = default;
        if (!item.IsAtom) return false;
        switch (item.Text)
        {
            case "i32": type = ValType.I32; return true;
            case "i64": type = ValType.I64; return true;
            case "f32": type = ValType.F32; return true;
            case "f64": type = ValType.F64; return true;
            default: return false;
        }
    }

    private static ValType ParseValType(SExpr item) =>
        TryParseValType(item, out var type) ? type : throw item.Error($"unexpected token {item}, expected a value type");

    /// <summary>
    /// (param ...)* (result ...)* starting at <paramref name="i"/>. Parameter names, when
    /// <paramref name="allowNames"/>, are returned in <paramref name="paramNames"/> (null entries for unnamed).
    /// </summary>
    private static FuncType ParseSignature(SExpr list, ref int i, bool allowNames, out List<SExpr?> paramNames)
    {
        var items = list.Items;
        var parameters = new List<ValType>();
        var results = new List<ValType>();
        paramNames = [];
        while (i < items.Count && items[i].IsListOf("param"))
        {
            var p = items[i].Items;
            if (p.Count >= 2 && p[1].IsId)
            {
                if (!allowNames) throw p[1].Error("unexpected token: identifier in parameter list");
                if (p.Count != 3) throw items[i].Error("malformed named parameter: expected (param $id type)");
                paramNames.Add(p[1]);
                parameters.Add(ParseValType(p[2]));
            }
            else
            {
                for (int k = 1; k < p.Count; k++)
                {
                    paramNames.Add(null);
                    parameters.Add(ParseValType(p[k]));
                }
            }
            i++;
        }
        while (i < items.Count && items[i].IsListOf("result"))
        {
            var r = items[i].Items;
            for (int k = 1; k < r.Count; k++) results.Add(ParseValType(r[k]));
            i++;
        }
        if (i < items.Count && items[i].IsListOf("param")) throw items[i].Error("unexpected token (param ...), result before parameter");
        return new FuncType([.. parameters], [.. results]);
    }

    /// <summary>
    /// A type use: (type x)? followed by an inline signature. Without (type x) the first
    /// matching type is used, or a new one is appended (the spec's implicit type definition).
    /// </summary>
    private uint ResolveTypeUse(SExpr list, ref int i, bool allowNames, out FuncType type, out List<SExpr?> paramNames)
    {
        var items = list.Items;
        SExpr? typeRef = null;
        if (i < items.Count && items[i].IsListOf("type"))
        {
            var t = items[i];
            if (t.Items.Count != 2) throw t.Error("malformed type use: expected (type index)");
            typeRef = t.Items[1];
            i++;
        }
        int signatureStart = i;
        var inline = ParseSignature(list, ref i, allowNames, out paramNames);
        bool hasInline = i != signatureStart;
        if (typeRef is not null)
        {
            uint index = _typeSpace.Resolve(typeRef);
            if (index < _types.Count)
            {
                type = _types[(int)index];
                if (hasInline && !type.Equals(inline)) throw typeRef.Error("inline function type does not match the referenced type");
            }
            else
            {
                // Out of range: encoded as written so the validator reports "unknown type".
                type = hasInline ? inline : new FuncType([], []);
            }
            if (!hasInline) paramNames = [.. type.Parameters.Select(_ => (SExpr?)null)];
            return index;
        }
        type = inline;
        return FindOrAddType(inline);
    }

    private uint FindOrAddType(FuncType type)
    {
        for (int t = 0; t < _types.Count; t++)
        {
            if (_types[t].Equals(type)) return (uint)t;
        }
        _types.Add(type);
        return _typeSpace.Declare(null);
    }

    private static Limits ParseLimits(SExpr list, ref int i)
    {
        var items = list.Items;
        if (i >= items.Count || !items[i].IsAtom) throw ErrorAt(list, i, "expected limits (min max?)");
        uint min = ParseU32(items[i++]);
        uint? max = null;
        if (i < items.Count && items[i].IsAtom && WatNumber.LooksNumeric(items[i].Text)) max = ParseU32(items[i++]);
        return new Limits(min, max);
    }

    private static uint ParseU32(SExpr item)
    {
        if (WatNumber.TryParseUnsigned(item.Text, 32, out ulong value)) return (uint)value;
        throw item.Error(WatNumber.LooksNumeric(item.Text) ? "i32 constant out of range" : $"unexpected token {item}, expected a number");
    }

    private static TableType ParseTableType(SExpr list, ref int i)
    {
        var limits = ParseLimits(list, ref i);
        if (i >= list.Items.Count || !list.Items[i].IsAtom || !IsElemTypeKeyword(list.Items[i].Text))
        {
            throw ErrorAt(list, i, "expected table element type funcref");
        }
        i++;
        return new TableType(ValType.FuncRef, limits);
    }

    private static GlobalType ParseGlobalType(SExpr list, ref int i)
    {
        var items = list.Items;
        if (i >= items.Count) throw list.Error("expected a global type");
        var item = items[i++];
        if (item.IsListOf("mut"))
        {
            if (item.Items.Count != 2) throw item.Error("malformed global type: expected (mut type)");
            return new GlobalType(ParseValType(item.Items[1]), true);
        }
        return new GlobalType(ParseValType(item), false);
    }
}
