using System.Text.Json;
using Microsoft.Data.Sqlite;
using TenantDb.Engine.Errors;
using TenantDb.Engine.PgCatalog;

namespace TenantDb.Engine.Sql;

/// <summary>
/// PostgreSQL's containment operators <c>@&gt;</c> and <c>&lt;@</c> as SQLite functions the wire layer puts in
/// their place: for jsonb, an object contains another when each of its keys is there with a contained value,
/// an array when each of its elements is contained in one of the first's, a scalar when equal, and a top-level
/// array contains a scalar it has as an element; for arrays (stored as PostgreSQL array literals), when every
/// element of the second is an element of the first. Documents nest at most 64 deep, as System.Text.Json reads them.
/// </summary>
internal static class PgJsonContainment
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64 };

    /// <summary>Registers the functions on <paramref name="connection"/>.</summary>
    public static void Register(SqliteConnection connection)
    {
        connection.CreateFunction("tenantdb_contains", (string? container, string? contained, long kind) => Contains(container, contained, kind), isDeterministic: true);
        connection.CreateFunction("tenantdb_contained", (string? contained, string? container, long kind) => Contains(container, contained, kind), isDeterministic: true);
    }

    // kind: 1 when the operands are jsonb, 2 when they are arrays, 0 when the statement does not tell.
    private static long? Contains(string? container, string? contained, long kind)
    {
        if (container is null || contained is null) return null;
        using var left = Read(container, contained, kind);
        using var right = Read(contained, container, kind);
        return Contains(left.RootElement, right.RootElement, topLevel: true) ? 1 : 0;
    }

    // A value as JSON: JSON text as it is, a PostgreSQL array literal ({a,b}) as an array of its elements. Without a kind,
    // '{}' is an empty object beside an object and an empty array beside an array literal or JSON array.
    private static JsonDocument Read(string text, string other, long kind)
    {
        var trimmed = text.AsSpan().Trim();
        bool arrayLiteral = kind switch
        {
            1 => false,
            2 => trimmed.StartsWith("{"),
            _ => trimmed.StartsWith("{") && (trimmed.SequenceEqual("{}") ? LooksLikeArray(other) : !LooksLikeJsonObject(trimmed)),
        };
        if (!arrayLiteral)
        {
            try
            {
                return JsonDocument.Parse(text, Options);
            }
            catch (JsonException)
            {
                throw new TenantDbException(TenantDbErrorKind.Sql, "22P02", $"invalid input syntax for type json: \"{(text.Length > 60 ? text[..60] : text)}\"");
            }
        }
        // Integers as numbers, as array columns and parameters stored as JSON have them; the rest as strings.
        var json = new System.Text.StringBuilder("[");
        foreach (var item in PgArrayLiteral.Parse(text))
        {
            if (json.Length > 1) json.Append(',');
            if (item is null) json.Append("null");
            else if (long.TryParse(item, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var number))
                json.Append(number.ToString(System.Globalization.CultureInfo.InvariantCulture));
            else json.Append(JsonSerializer.Serialize(item));
        }
        return JsonDocument.Parse(json.Append(']').ToString(), Options);
    }

    private static bool LooksLikeArray(string text)
    {
        var t = text.AsSpan().Trim();
        return t.StartsWith("[") || t.StartsWith("{") && !LooksLikeJsonObject(t) && !t.SequenceEqual("{}");
    }

    // A JSON object starts with a quoted key (or is empty); an array literal's first element is not quoted that way.
    private static bool LooksLikeJsonObject(ReadOnlySpan<char> t)
    {
        var inner = t[1..].TrimStart();
        return inner.StartsWith("}") || inner.StartsWith("\"") && inner.IndexOf(':') > 0 && IsJsonObject(t);
    }

    private static bool IsJsonObject(ReadOnlySpan<char> t)
    {
        try
        {
            using var document = JsonDocument.Parse(t.ToString(), Options);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool Contains(JsonElement a, JsonElement b, bool topLevel)
    {
        switch (b.ValueKind)
        {
            case JsonValueKind.Object:
                if (a.ValueKind != JsonValueKind.Object) return false;
                foreach (var property in b.EnumerateObject())
                {
                    if (!a.TryGetProperty(property.Name, out var value) || !Contains(value, property.Value, topLevel: false)) return false;
                }
                return true;
            case JsonValueKind.Array:
                if (a.ValueKind != JsonValueKind.Array) return false;
                foreach (var wanted in b.EnumerateArray())
                {
                    bool found = false;
                    foreach (var item in a.EnumerateArray())
                    {
                        // Inside arrays a scalar matches a scalar only, never an array holding it.
                        if ((wanted.ValueKind is JsonValueKind.Array or JsonValueKind.Object || item.ValueKind is not (JsonValueKind.Array or JsonValueKind.Object))
                            && Contains(item, wanted, topLevel: false))
                        {
                            found = true;
                            break;
                        }
                    }
                    if (!found) return false;
                }
                return true;
            default:
                if (a.ValueKind == JsonValueKind.Array && topLevel)
                {
                    foreach (var item in a.EnumerateArray())
                        if (ScalarEquals(item, b)) return true;
                    return false;
                }
                return ScalarEquals(a, b);
        }
    }

    private static bool ScalarEquals(JsonElement a, JsonElement b)
    {
        if (a.ValueKind != b.ValueKind) return false;
        return a.ValueKind switch
        {
            JsonValueKind.String => a.GetString() == b.GetString(),
            JsonValueKind.Number => a.TryGetDecimal(out var x) && b.TryGetDecimal(out var y) ? x == y : a.GetDouble() == b.GetDouble(),
            JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null => true,
            _ => false,
        };
    }
}
