using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using TenantDb.Engine.Errors;

namespace TenantDb.Engine.Sql;

/// <summary>
/// PostgreSQL's JSON constructors and aggregates, printing what PostgreSQL prints: <c>json_build_object</c>
/// (<c>{"a" : 1, "b" : "x"}</c>), <c>json_build_array</c> and <c>json_agg</c> (<c>[1, "x", null]</c>),
/// <c>json_object_agg</c> (<c>{ "a" : 1 }</c>), and their jsonb forms, whose objects have one entry per key (the last
/// given) in jsonb's key order (shorter keys first, then by bytes) and print as <c>{"a": 1, "b": "x"}</c>.
/// SQLite hands a function only storage classes, so integers and reals become JSON numbers, text a JSON string
/// (also text that holds JSON, which PostgreSQL would embed), bytes their <c>\x</c> hex text, and booleans,
/// stored as 0 and 1, numbers. A result longer than the engine's largest value is refused with <c>54000</c>.
/// </summary>
internal static class PgJsonBuilders
{
    /// <summary>Registers the functions on <paramref name="connection"/>; <paramref name="maxLength"/> is the largest value in characters.</summary>
    public static void Register(SqliteConnection connection, int maxLength)
    {
        connection.CreateFunction("json_build_object", (object?[] items) => BuildObject(items, jsonb: false, maxLength), isDeterministic: true);
        connection.CreateFunction("jsonb_build_object", (object?[] items) => BuildObject(items, jsonb: true, maxLength), isDeterministic: true);
        connection.CreateFunction("json_build_array", (object?[] items) => BuildArray(items, maxLength), isDeterministic: true);
        connection.CreateFunction("jsonb_build_array", (object?[] items) => BuildArray(items, maxLength), isDeterministic: true);
        // SQLite shares an aggregate's seed between groups: the accumulators are immutable.
        connection.CreateAggregate("json_agg", ImmutableList<object?>.Empty, (ImmutableList<object?> items, object? item) => Add(items, item, maxLength),
            items => items.IsEmpty ? null : BuildArray(items, maxLength));
        connection.CreateAggregate("jsonb_agg", ImmutableList<object?>.Empty, (ImmutableList<object?> items, object? item) => Add(items, item, maxLength),
            items => items.IsEmpty ? null : BuildArray(items, maxLength));
        connection.CreateAggregate("json_object_agg", ImmutableList<object?>.Empty,
            (ImmutableList<object?> items, object? key, object? value) => Add(Add(items, Key(key), maxLength), value, maxLength),
            items => items.IsEmpty ? null : AggregatedObject(items, maxLength));
        connection.CreateAggregate("jsonb_object_agg", ImmutableList<object?>.Empty,
            (ImmutableList<object?> items, object? key, object? value) => Add(Add(items, Key(key), maxLength), value, maxLength),
            items => items.IsEmpty ? null : BuildObject(items, jsonb: true, maxLength));
    }

    /// <summary>Past this many elements an aggregate's text could not fit a value anyway (each takes at least one character).</summary>
    private static ImmutableList<object?> Add(ImmutableList<object?> items, object? item, int maxLength) =>
        items.Count >= maxLength ? throw TooLong() : items.Add(item);

    private static string Key(object? key) => key is null or DBNull
        ? throw new TenantDbException(TenantDbErrorKind.Sql, "22023", "null value not allowed for object key")
        : Text(key);

    private static string BuildObject(IReadOnlyList<object?> items, bool jsonb, int maxLength)
    {
        if (items.Count % 2 != 0) throw new TenantDbException(TenantDbErrorKind.Sql, "22023", "argument list must have even number of elements");
        var text = new StringBuilder("{");
        if (jsonb)
        {
            // One entry per key, the last given; jsonb's order: shorter keys first, then by their UTF-8 bytes.
            var entries = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (int i = 0; i < items.Count; i += 2) entries[Key(items[i])] = items[i + 1];
            var keys = new List<string>(entries.Keys);
            keys.Sort(JsonbKeyOrder);
            for (int k = 0; k < keys.Count; k++)
            {
                if (k > 0) text.Append(", ");
                AppendString(text, keys[k]);
                text.Append(": ");
                AppendValue(text, entries[keys[k]]);
                if (text.Length > maxLength) throw TooLong();
            }
        }
        else
        {
            for (int i = 0; i < items.Count; i += 2)
            {
                if (i > 0) text.Append(", ");
                AppendString(text, Key(items[i]));
                text.Append(" : ");
                AppendValue(text, items[i + 1]);
                if (text.Length > maxLength) throw TooLong();
            }
        }
        return text.Append('}').ToString();
    }

    /// <summary>json_object_agg's own spacing: <c>{ "a" : 1, "b" : 2 }</c>.</summary>
    private static string AggregatedObject(IReadOnlyList<object?> items, int maxLength)
    {
        var text = new StringBuilder("{ ");
        for (int i = 0; i < items.Count; i += 2)
        {
            if (i > 0) text.Append(", ");
            AppendString(text, (string)items[i]!);
            text.Append(" : ");
            AppendValue(text, items[i + 1]);
            if (text.Length > maxLength) throw TooLong();
        }
        return text.Append(" }").ToString();
    }

    private static string BuildArray(IReadOnlyList<object?> items, int maxLength)
    {
        var text = new StringBuilder("[");
        for (int i = 0; i < items.Count; i++)
        {
            if (i > 0) text.Append(", ");
            AppendValue(text, items[i]);
            if (text.Length > maxLength) throw TooLong();
        }
        return text.Append(']').ToString();
    }

    private static int JsonbKeyOrder(string a, string b)
    {
        int byLength = Encoding.UTF8.GetByteCount(a).CompareTo(Encoding.UTF8.GetByteCount(b));
        return byLength != 0 ? byLength : string.CompareOrdinal(a, b);
    }

    private static void AppendValue(StringBuilder text, object? value)
    {
        switch (value)
        {
            case null or DBNull:
                text.Append("null");
                return;
            case long l:
                text.Append(l.ToString(CultureInfo.InvariantCulture));
                return;
            case double d when double.IsFinite(d):
                text.Append(Float(d));
                return;
            case double d:
                // PostgreSQL writes non-finite floats as strings: "NaN", "Infinity", "-Infinity".
                AppendString(text, double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
                return;
            default:
                AppendString(text, Text(value));
                return;
        }
    }

    /// <summary>float8's shortest round-trip text as PostgreSQL prints it (<c>1e+20</c>, <c>1.5e-07</c>).</summary>
    private static string Float(double d) => d.ToString("R", CultureInfo.InvariantCulture).Replace("E", "e", StringComparison.Ordinal);

    private static string Text(object value) => value switch
    {
        byte[] bytes => "\\x" + Convert.ToHexStringLower(bytes),
        double d => Float(d),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>A JSON string as PostgreSQL's escape_json writes it: quotes, backslashes and control characters escaped, the rest as is.</summary>
    private static void AppendString(StringBuilder text, string value)
    {
        text.Append('"');
        foreach (char c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\b': text.Append("\\b"); break;
                case '\f': text.Append("\\f"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                case < ' ': text.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"); break;
                default: text.Append(c); break;
            }
        }
        text.Append('"');
    }

    private static TenantDbException TooLong() => new(TenantDbErrorKind.Sql, "54000", "requested length too large");
}
