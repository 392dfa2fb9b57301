using System.Globalization;
using System.Text;
using System.Text.Json;

namespace TenantDb.Wire.Types;

/// <summary>
/// PostgreSQL array literals (<c>{1,2,"a b",NULL}</c>) and the JSON arrays TenantDb stores arrays as
/// (<c>[1,2,"a b",null]</c>): a column declared <c>int[]</c> or <c>text[]</c> holds JSON, so SQLite's JSON
/// functions work on it, and the client sees PostgreSQL's literal.
/// </summary>
internal static class PgArrayText
{
    /// <summary>The array literal for a JSON array; null when <paramref name="json"/> is not one.</summary>
    public static string? FromJson(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Array) return null;
            var b = new StringBuilder();
            Append(b, document.RootElement);
            return b.ToString();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void Append(StringBuilder b, JsonElement array)
    {
        b.Append('{');
        var first = true;
        foreach (var item in array.EnumerateArray())
        {
            if (!first) b.Append(',');
            first = false;
            switch (item.ValueKind)
            {
                case JsonValueKind.Array: Append(b, item); break;
                case JsonValueKind.Null: b.Append("NULL"); break;
                case JsonValueKind.True: b.Append('t'); break;
                case JsonValueKind.False: b.Append('f'); break;
                case JsonValueKind.Number: b.Append(item.GetRawText()); break;
                case JsonValueKind.String: Quote(b, item.GetString()!); break;
                default: Quote(b, item.GetRawText()); break;
            }
        }
        b.Append('}');
    }

    /// <summary>The JSON array for an array literal such as <c>{1,2,3}</c> or <c>{"a","b"}</c>; null when it is not one.</summary>
    public static string? ToJson(string literal, bool numeric)
    {
        var s = literal.AsSpan().Trim();
        if (s.Length < 2 || s[0] != '{' || s[^1] != '}') return null;
        var b = new StringBuilder("[");
        int i = 1;
        var first = true;
        while (i < s.Length - 1)
        {
            if (!first)
            {
                if (s[i] != ',') return null;
                i++;
            }
            first = false;
            if (s[i] == '{') return null; // nested arrays are kept as text
            string element;
            bool quoted = s[i] == '"';
            if (quoted)
            {
                var e = new StringBuilder();
                i++;
                while (i < s.Length - 1 && s[i] != '"')
                {
                    if (s[i] == '\\' && i + 1 < s.Length - 1) i++;
                    e.Append(s[i++]);
                }
                if (i >= s.Length - 1) return null;
                i++;
                element = e.ToString();
            }
            else
            {
                int start = i;
                while (i < s.Length - 1 && s[i] != ',') i++;
                element = s[start..i].Trim().ToString();
            }
            if (!quoted && element.Equals("NULL", StringComparison.OrdinalIgnoreCase)) b.Append("null");
            else if (numeric && !quoted && double.TryParse(element, NumberStyles.Float, CultureInfo.InvariantCulture, out _)) b.Append(element);
            else b.Append(JsonSerializer.Serialize(element));
            b.Append(',');
        }
        if (b[^1] == ',') b.Length--;
        return b.Append(']').ToString();
    }

    private static void Quote(StringBuilder b, string s)
    {
        bool needs = s.Length == 0 || s.Equals("NULL", StringComparison.OrdinalIgnoreCase) || s.AsSpan().IndexOfAny("{},\"\\ \t\n") >= 0;
        if (!needs)
        {
            b.Append(s);
            return;
        }
        b.Append('"');
        foreach (var c in s)
        {
            if (c is '"' or '\\') b.Append('\\');
            b.Append(c);
        }
        b.Append('"');
    }
}
