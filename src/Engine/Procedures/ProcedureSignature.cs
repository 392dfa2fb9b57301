using System.Text;
using TenantDb.Engine.Errors;

namespace TenantDb.Engine.Procedures;

/// <summary>
/// Stores a parameter or column list as text in the procedures table (<c>name int8, other text</c>), the same
/// words CREATE PROCEDURE accepts, so the procedures view reads naturally.
/// </summary>
internal static class ProcedureSignature
{
    public static string Format(IReadOnlyList<ProcedureColumn> columns)
    {
        var text = new StringBuilder();
        foreach (var c in columns)
        {
            if (text.Length > 0) text.Append(", ");
            text.Append(c.Name).Append(' ').Append(TypeName(c.Type));
        }
        return text.ToString();
    }

    // Signatures are read on every call; the same few strings parse to the same immutable lists.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyList<ProcedureColumn>> s_parsed = new(StringComparer.Ordinal);

    public static IReadOnlyList<ProcedureColumn> Parse(string text)
    {
        if (s_parsed.TryGetValue(text, out var cached)) return cached;
        var parsed = ParseUncached(text);
        if (s_parsed.Count < 10_000) s_parsed.TryAdd(text, parsed);
        return parsed;
    }

    private static IReadOnlyList<ProcedureColumn> ParseUncached(string text)
    {
        var columns = new List<ProcedureColumn>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int space = part.IndexOf(' ', StringComparison.Ordinal);
            if (space <= 0) throw new TenantDbException(TenantDbErrorKind.Corrupt, $"stored procedure signature is corrupt: \"{part}\"");
            columns.Add(new ProcedureColumn(part[..space], ParseType(part[(space + 1)..])));
        }
        return columns.AsReadOnly();
    }

    public static string TypeName(ProcedureType type) => type switch
    {
        ProcedureType.Int8 => "int8",
        ProcedureType.Float8 => "float8",
        ProcedureType.Text => "text",
        ProcedureType.Bytea => "bytea",
        _ => "bool",
    };

    private static ProcedureType ParseType(string name) => name switch
    {
        "int8" => ProcedureType.Int8,
        "float8" => ProcedureType.Float8,
        "text" => ProcedureType.Text,
        "bytea" => ProcedureType.Bytea,
        "bool" => ProcedureType.Bool,
        _ => throw new TenantDbException(TenantDbErrorKind.Corrupt, $"stored procedure signature is corrupt: unknown type {name}"),
    };
}
