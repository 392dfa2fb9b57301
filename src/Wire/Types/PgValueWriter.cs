using System.Buffers.Text;
using System.Globalization;
using System.Text;
using TenantDb.Engine;
using TenantDb.Engine.Values;
using TenantDb.Wire.Protocol;

namespace TenantDb.Wire.Types;

/// <summary>
/// Writes one DataRow field (int32 length + bytes) straight from the SQLite row, converting the
/// stored value to the advertised type in text or binary format. SQLite lets any column hold any
/// value, so every advertised type accepts every storage class, converting the way PostgreSQL's
/// casts would where it can.
/// </summary>
internal static class PgValueWriter
{
    /// <summary>Writes column <paramref name="i"/> of the current row.</summary>
    public static void WriteField(PgMessageWriter w, TenantReader r, int i, uint oid, bool binary)
    {
        var type = r.GetSqlType(i);
        if (type == SqlType.Null)
        {
            w.WriteInt32(-1);
            return;
        }
        switch (oid)
        {
            case PgTypeOid.Int8 when type == SqlType.Integer:
                WriteInt8(w, r.GetInt64(i), binary);
                return;
            case PgTypeOid.Text when type == SqlType.Text:
            {
                var utf8 = r.GetTextUtf8Span(i);
                w.WriteInt32(utf8.Length);
                w.WriteBytes(utf8);
                return;
            }
            case PgTypeOid.Float8 when type is SqlType.Real or SqlType.Integer:
                WriteFloat8(w, r.GetDouble(i), binary);
                return;
            case PgTypeOid.Bytea when type == SqlType.Blob:
                WriteBytea(w, r.GetBlobSpan(i), binary);
                return;
            default:
                WriteConverted(w, r.GetValue(i), oid, binary);
                return;
        }
    }

    /// <summary>Writes a value given as <see cref="SqlValue"/> (synthetic results, conversions).</summary>
    public static void WriteConverted(PgMessageWriter w, SqlValue v, uint oid, bool binary)
    {
        if (v.IsNull)
        {
            w.WriteInt32(-1);
            return;
        }
        switch (oid)
        {
            case PgTypeOid.Int8:
                if (v.Type == SqlType.Integer) { WriteInt8(w, v.AsInteger, binary); return; }
                if (v.Type == SqlType.Real && Math.Abs(v.AsReal) < 9.2e18 && v.AsReal == Math.Floor(v.AsReal)) { WriteInt8(w, (long)v.AsReal, binary); return; }
                if (v.Type == SqlType.Text && long.TryParse(v.AsText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)) { WriteInt8(w, parsed, binary); return; }
                throw Mismatch(v, "bigint");
            case PgTypeOid.Float8:
                if (v.Type == SqlType.Integer) { WriteFloat8(w, v.AsInteger, binary); return; }
                if (v.Type == SqlType.Real) { WriteFloat8(w, v.AsReal, binary); return; }
                if (v.Type == SqlType.Text && PgTextFormat.TryParseFloat8(v.AsText, out var d)) { WriteFloat8(w, d, binary); return; }
                throw Mismatch(v, "double precision");
            case PgTypeOid.Bool:
                WriteBool(w, v);
                return;
            case PgTypeOid.Oid when binary:
                if (v.Type == SqlType.Integer && v.AsInteger is >= 0 and <= uint.MaxValue) { w.WriteInt32(4); w.WriteInt32(unchecked((int)(uint)v.AsInteger)); return; }
                if (v.Type == SqlType.Text && uint.TryParse(v.AsText, NumberStyles.None, CultureInfo.InvariantCulture, out var oidValue)) { w.WriteInt32(4); w.WriteInt32(unchecked((int)oidValue)); return; }
                throw Mismatch(v, "oid");
            case PgTypeOid.Numeric:
                WriteNumeric(w, v, binary);
                return;
            case PgTypeOid.Bytea:
                if (v.Type == SqlType.Blob) WriteBytea(w, v.AsBlob, binary);
                else WriteBytea(w, Encoding.UTF8.GetBytes(v.ToString()), binary);
                return;
            default:
                WriteText(w, v);
                return;
        }

        void WriteBool(PgMessageWriter writer, SqlValue value)
        {
            bool b = value.Type switch
            {
                SqlType.Integer => value.AsInteger != 0,
                SqlType.Real => value.AsReal != 0,
                SqlType.Text => PgTextFormat.TryParseBool(value.AsText, out var t) ? t : throw Mismatch(value, "boolean"),
                _ => value.AsBlob.Length > 0,
            };
            writer.WriteInt32(1);
            writer.WriteByte(binary ? (byte)(b ? 1 : 0) : (byte)(b ? 't' : 'f'));
        }
    }

    /// <summary>Writes a bigint field.</summary>
    public static void WriteInt8(PgMessageWriter w, long value, bool binary)
    {
        if (binary)
        {
            w.WriteInt32(8);
            w.WriteInt64(value);
            return;
        }
        var lengthAt = w.Position;
        w.WriteInt32(0);
        var span = w.GetSpan(20);
        Utf8Formatter.TryFormat(value, span, out var written);
        w.Advance(written);
        w.PatchInt32(lengthAt, written);
    }

    /// <summary>Writes a double precision field.</summary>
    public static void WriteFloat8(PgMessageWriter w, double value, bool binary)
    {
        if (binary)
        {
            w.WriteInt32(8);
            w.WriteInt64(BitConverter.DoubleToInt64Bits(value));
            return;
        }
        WriteString(w, PgTextFormat.Float8(value));
    }

    /// <summary>Writes a bytea field (hex in text format).</summary>
    public static void WriteBytea(PgMessageWriter w, ReadOnlySpan<byte> bytes, bool binary)
    {
        if (binary)
        {
            w.WriteInt32(bytes.Length);
            w.WriteBytes(bytes);
            return;
        }
        // Text format is hex: \x followed by two lowercase hex digits per byte.
        w.EnsureRowRoom(4 + 2 + 2L * bytes.Length);
        w.WriteInt32(2 + 2 * bytes.Length);
        w.WriteBytes("\\x"u8);
        var span = w.GetSpan(2 * bytes.Length);
        for (var k = 0; k < bytes.Length; k++)
        {
            span[2 * k] = (byte)"0123456789abcdef"[bytes[k] >> 4];
            span[2 * k + 1] = (byte)"0123456789abcdef"[bytes[k] & 15];
        }
        w.Advance(2 * bytes.Length);
    }

    private static void WriteNumeric(PgMessageWriter w, SqlValue v, bool binary)
    {
        var text = v.Type switch
        {
            SqlType.Integer => v.AsInteger.ToString(CultureInfo.InvariantCulture),
            SqlType.Real => PgTextFormat.PlainDecimal(v.AsReal),
            SqlType.Text when decimal.TryParse(v.AsText, NumberStyles.Float, CultureInfo.InvariantCulture, out var m) => m.ToString(CultureInfo.InvariantCulture),
            _ => throw Mismatch(v, "numeric"),
        };
        if (!binary)
        {
            WriteString(w, text);
            return;
        }
        var bytes = NumericBinary.Encode(text);
        w.WriteInt32(bytes.Length);
        w.WriteBytes(bytes);
    }

    private static void WriteText(PgMessageWriter w, SqlValue v)
    {
        switch (v.Type)
        {
            case SqlType.Blob:
                w.WriteInt32(v.AsBlob.Length);
                w.WriteBytes(v.AsBlob);
                return;
            case SqlType.Real:
                WriteString(w, PgTextFormat.Float8(v.AsReal));
                return;
            default:
                WriteString(w, v.ToString());
                return;
        }
    }

    private static void WriteString(PgMessageWriter w, string s)
    {
        var lengthAt = w.Position;
        w.WriteInt32(0);
        var before = w.Position;
        w.WriteUtf8(s);
        w.PatchInt32(lengthAt, w.Position - before);
    }

    private static PgStatementException Mismatch(SqlValue v, string typeName) =>
        new(SqlState.InvalidTextRepresentation, $"invalid input syntax for type {typeName}: \"{Truncate(v.ToString())}\"");

    private static string Truncate(string s) => s.Length <= 60 ? s : s[..60] + "...";
}
