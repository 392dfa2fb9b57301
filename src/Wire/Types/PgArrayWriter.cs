using System.Text.Json;
using TenantDb.Engine;
using TenantDb.Engine.Values;
using TenantDb.Wire.Protocol;

namespace TenantDb.Wire.Types;

/// <summary>
/// Writes one-dimensional arrays, stored as JSON (or as the PostgreSQL literal a client inserted), in
/// text format (the literal <c>{1,2,NULL}</c>) or binary (PostgreSQL's array header, then each element
/// in its own type's binary form).
/// </summary>
internal static class PgArrayWriter
{
    /// <summary>The element type of array type <paramref name="oid"/>, 0 when it is not an array TenantDb writes.</summary>
    public static uint ElementOf(uint oid) => oid switch
    {
        1000 => PgTypeOid.Bool,
        1001 => PgTypeOid.Bytea,
        1003 => PgTypeOid.Name,
        1005 => PgTypeOid.Int2,
        1007 => PgTypeOid.Int4,
        1009 => PgTypeOid.Text,
        1014 => PgTypeOid.Bpchar,
        1015 => PgTypeOid.Varchar,
        1016 => PgTypeOid.Int8,
        1028 => PgTypeOid.Oid,
        1021 => PgTypeOid.Float4,
        1022 => PgTypeOid.Float8,
        1115 => PgTypeOid.Timestamp,
        1182 => PgTypeOid.Date,
        1183 => PgTypeOid.Time,
        1185 => PgTypeOid.TimestampTz,
        1187 => PgTypeOid.Interval,
        1231 => PgTypeOid.Numeric,
        2951 => PgTypeOid.Uuid,
        199 => PgTypeOid.Json,
        3807 => PgTypeOid.Jsonb,
        _ => 0,
    };

    /// <summary>Writes the array <paramref name="v"/> of element type <paramref name="element"/>.</summary>
    public static void Write(PgMessageWriter w, SqlValue v, uint element, bool binary)
    {
        var text = v.Type == SqlType.Text ? v.AsText : v.ToString();
        if (!binary)
        {
            PgValueWriter.WriteString(w, text.TrimStart().StartsWith('[') ? PgArrayText.FromJson(text) ?? text : text);
            return;
        }
        var items = Elements(text) ?? throw PgValueWriter.Mismatch(v, "array");
        var lengthAt = w.Position;
        w.WriteInt32(0);
        var before = w.Position;
        w.WriteInt32(items.Count == 0 ? 0 : 1);            // dimensions
        w.WriteInt32(items.Exists(i => i.IsNull) ? 1 : 0); // has nulls
        w.WriteInt32(unchecked((int)element));
        if (items.Count > 0)
        {
            w.WriteInt32(items.Count);                     // length of the dimension
            w.WriteInt32(1);                               // its lower bound
            foreach (var item in items) PgValueWriter.WriteConverted(w, item, element, binary: true);
        }
        w.PatchInt32(lengthAt, w.Position - before);
    }

    // The elements of a JSON array or a one-dimensional PostgreSQL array literal, as text values.
    private static List<SqlValue>? Elements(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.StartsWith('{')) trimmed = PgArrayText.ToJson(trimmed, numeric: false) ?? "";
        if (!trimmed.StartsWith('[')) return null;
        try
        {
            using var document = JsonDocument.Parse(trimmed);
            var items = new List<SqlValue>();
            foreach (var item in document.RootElement.EnumerateArray())
            {
                items.Add(item.ValueKind switch
                {
                    JsonValueKind.Null => SqlValue.Null,
                    JsonValueKind.String => SqlValue.Text(item.GetString()),
                    JsonValueKind.True => SqlValue.Text("t"),
                    JsonValueKind.False => SqlValue.Text("f"),
                    _ => SqlValue.Text(item.GetRawText()),
                });
            }
            return items;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
