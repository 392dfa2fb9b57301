namespace TenantDb.ProcSandbox.Text;

/// <summary>
/// One index space of a text module (functions, tables, memories, globals or types): counts the
/// entries and maps their <c>$name</c> identifiers to indices.
/// </summary>
internal sealed class WatIndexSpace(string kind)
{
    private readonly Dictionary<string, uint> _names = new(StringComparer.Ordinal);

    /// <summary>What the space holds, for error messages ("func", "global", ...).</summary>
    public string Kind { get; } = kind;

    public uint Count { get; private set; }

    /// <summary>Adds an entry, binding <paramref name="id"/> (an id atom, or null) to its index.</summary>
    public uint Declare(SExpr? id)
    {
        if (id is not null && !_names.TryAdd(id.Text, Count))
        {
            throw id.Error($"duplicate {Kind} {id.Text}");
        }
        return Count++;
    }

    /// <summary>Resolves a reference: an identifier bound here, or a u32 index (not range-checked: that is the validator's job).</summary>
    public uint Resolve(SExpr reference)
    {
        if (reference.IsId)
        {
            return _names.TryGetValue(reference.Text, out uint index)
                ? index
                : throw reference.Error($"undefined identifier {reference.Text} (unknown {Kind})");
        }
        return ParseIndex(reference, Kind);
    }

    /// <summary>Parses a numeric u32 index.</summary>
    public static uint ParseIndex(SExpr reference, string kind)
    {
        if (!reference.IsAtom) throw reference.Error($"unexpected token {reference}, expected a {kind} index");
        if (!WatNumber.TryParseUnsigned(reference.Text, 32, out ulong value))
        {
            throw reference.Error(WatNumber.IsIntegerSyntax(reference.Text) ? $"{kind} index out of range: {reference.Text}"
                : char.IsAsciiDigit(reference.Text[0]) ? $"unknown operator {reference.Text}, expected a {kind} index"
                : $"unexpected token {reference.Text}, expected a {kind} index");
        }
        return (uint)value;
    }

    /// <summary>True for an atom that can be a reference (an id or a number).</summary>
    public static bool IsReference(SExpr item) =>
        item.IsAtom && (item.IsId || (item.Text.Length > 0 && char.IsAsciiDigit(item.Text[0])));
}
