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
    /// <summary>True when values of type <paramref name="oid"/> can be sent (in text format at least).</summary>
    public static bool CanWrite(uint oid) => oid switch
    {
        PgTypeOid.Money or PgTypeOid.Xml or PgTypeOid.TimeTz or PgTypeOid.Record or PgTypeOid.Void => false,
        _ => true,
    };

    /// <summary>True when values of type <paramref name="oid"/> can be sent in binary format.</summary>
    public static bool CanWriteBinary(uint oid) => oid is PgTypeOid.Int8 or PgTypeOid.Int4 or PgTypeOid.Int2 or PgTypeOid.Float8 or PgTypeOid.Float4
        or PgTypeOid.Text or PgTypeOid.Varchar or PgTypeOid.Bpchar or PgTypeOid.Name or PgTypeOid.Bytea or PgTypeOid.Bool or PgTypeOid.Numeric
        or PgTypeOid.Oid or PgTypeOid.Date or PgTypeOid.Time or PgTypeOid.Timestamp or PgTypeOid.TimestampTz or PgTypeOid.Interval
        or PgTypeOid.Uuid or PgTypeOid.Json or PgTypeOid.Jsonb || PgArrayWriter.ElementOf(oid) != 0;

    /// <summary>Writes column <paramref name="i"/> of the current row as type <paramref name="oid"/>.</summary>
    public static void WriteField(PgMessageWriter w, TenantReader r, int i, uint oid, bool binary) =>
        WriteField(w, r, i, new PgColumn("", oid, 0, binary ? (short)1 : (short)0));

    /// <summary>Writes column <paramref name="i"/> of the current row as <paramref name="column"/> announced it.</summary>
    public static void WriteField(PgMessageWriter w, TenantReader r, int i, in PgColumn column) =>
        WriteField(w, r, i, r.GetColumnValue(i), column.TypeOid, column.Format == 1, column.TypeModifier);

    /// <summary>
    /// Writes <paramref name="value"/>, column <paramref name="i"/> of the reader's current row already
    /// fetched, as type <paramref name="oid"/>: the common pairs of stored and advertised type straight
    /// from SQLite's value, the rest through <see cref="WriteConverted"/>.
    /// </summary>
    public static void WriteField(PgMessageWriter w, TenantReader r, int i, scoped in TenantColumnValue value, uint oid, bool binary, int typeModifier = -1)
    {
        var type = value.Type;
        if (type == SqlType.Null)
        {
            w.WriteInt32(-1);
            return;
        }
        switch (oid)
        {
            case PgTypeOid.Int8 when type == SqlType.Integer:
                WriteInt8(w, value.Int64, binary);
                return;
            case PgTypeOid.Int4 when type == SqlType.Integer:
                WriteInt4(w, value.Int64, binary);
                return;
            case PgTypeOid.Text or PgTypeOid.Varchar when type == SqlType.Text:
            {
                var utf8 = value.TextUtf8;
                w.WriteInt32(utf8.Length);
                w.WriteBytes(utf8);
                return;
            }
            case PgTypeOid.Float8 when type is SqlType.Real or SqlType.Integer:
                WriteFloat8(w, value.Double, binary);
                return;
            case PgTypeOid.Bytea when type == SqlType.Blob:
                WriteBytea(w, value.Blob, binary);
                return;
            default:
                WriteConverted(w, r.GetValue(i), oid, binary, typeModifier);
                return;
        }
    }

    /// <summary>Writes a value given as <see cref="SqlValue"/> (synthetic results, conversions).</summary>
    public static void WriteConverted(PgMessageWriter w, SqlValue v, uint oid, bool binary, int typeModifier = -1)
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
            case PgTypeOid.Int4 or PgTypeOid.Int2:
            {
                long value = v.Type switch
                {
                    SqlType.Integer => v.AsInteger,
                    SqlType.Real when Math.Abs(v.AsReal) < 9.2e18 && v.AsReal == Math.Floor(v.AsReal) => (long)v.AsReal,
                    SqlType.Text when long.TryParse(v.AsText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsedInt) => parsedInt,
                    _ => throw Mismatch(v, oid == PgTypeOid.Int4 ? "integer" : "smallint"),
                };
                if (oid == PgTypeOid.Int4) WriteInt4(w, value, binary);
                else WriteInt2(w, value, binary);
                return;
            }
            case PgTypeOid.Float8 or PgTypeOid.Float4:
            {
                double d;
                if (v.Type == SqlType.Integer) d = v.AsInteger;
                else if (v.Type == SqlType.Real) d = v.AsReal;
                else if (v.Type == SqlType.Text && PgTextFormat.TryParseFloat8(v.AsText, out var parsedDouble)) d = parsedDouble;
                else throw Mismatch(v, oid == PgTypeOid.Float8 ? "double precision" : "real");
                if (oid == PgTypeOid.Float8) WriteFloat8(w, d, binary);
                else WriteFloat4(w, (float)d, binary);
                return;
            }
            case PgTypeOid.Date or PgTypeOid.Time or PgTypeOid.Timestamp or PgTypeOid.TimestampTz or PgTypeOid.Interval:
                PgDateTimeWriter.Write(w, v, oid, binary);
                return;
            case PgTypeOid.Uuid when binary:
            {
                Span<byte> bytes = stackalloc byte[16];
                if (v.Type == SqlType.Blob && v.AsBlob.Length == 16) v.AsBlob.CopyTo(bytes);
                else if (v.Type != SqlType.Text || !Guid.TryParse(v.AsText, out var guid) || !guid.TryWriteBytes(bytes, bigEndian: true, out _)) throw Mismatch(v, "uuid");
                w.WriteInt32(16);
                w.WriteBytes(bytes);
                return;
            }
            case PgTypeOid.Jsonb when binary:
            {
                // jsonb binary is a version byte (1) and the JSON text.
                var text = v.Type == SqlType.Real ? PgTextFormat.Float8(v.AsReal) : v.ToString();
                var lengthAt = w.Position;
                w.WriteInt32(0);
                var before = w.Position;
                w.WriteByte(1);
                w.WriteUtf8(text);
                w.PatchInt32(lengthAt, w.Position - before);
                return;
            }
            case PgTypeOid.Bpchar when typeModifier > 4 && v.Type == SqlType.Text && v.AsText.Length < typeModifier - 4:
                // character(n) is blank-padded to n.
                WriteString(w, v.AsText.PadRight(typeModifier - 4));
                return;
            case PgTypeOid.Bool:
                WriteBool(w, v);
                return;
            case PgTypeOid.Oid when binary:
                if (v.Type == SqlType.Integer && v.AsInteger is >= 0 and <= uint.MaxValue) { w.WriteInt32(4); w.WriteInt32(unchecked((int)(uint)v.AsInteger)); return; }
                if (v.Type == SqlType.Text && uint.TryParse(v.AsText, NumberStyles.None, CultureInfo.InvariantCulture, out var oidValue)) { w.WriteInt32(4); w.WriteInt32(unchecked((int)oidValue)); return; }
                throw Mismatch(v, "oid");
            case PgTypeOid.Numeric:
                WriteNumeric(w, v, binary, typeModifier);
                return;
            case PgTypeOid.Bytea:
                if (v.Type == SqlType.Blob) WriteBytea(w, v.AsBlob, binary);
                // A '\x..' string literal inserted into a bytea column is stored as text: it stands for its bytes.
                else if (v.Type == SqlType.Text && v.AsText.StartsWith("\\x", StringComparison.Ordinal) && v.AsText.Length % 2 == 0 && IsHex(v.AsText.AsSpan(2)))
                    WriteBytea(w, Convert.FromHexString(v.AsText.AsSpan(2)), binary);
                else WriteBytea(w, Encoding.UTF8.GetBytes(v.ToString()), binary);
                return;
            default:
                if (PgArrayWriter.ElementOf(oid) is not 0 and var element)
                {
                    PgArrayWriter.Write(w, v, element, binary);
                    return;
                }
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

    /// <summary>Writes an integer field; a stored value outside int32 is 22003 as PostgreSQL would never have stored it.</summary>
    public static void WriteInt4(PgMessageWriter w, long value, bool binary)
    {
        if (value is < int.MinValue or > int.MaxValue) throw new PgStatementException(SqlState.NumericValueOutOfRange, $"integer out of range: {value}");
        if (binary)
        {
            w.WriteInt32(4);
            w.WriteInt32((int)value);
            return;
        }
        WriteInt8(w, value, binary: false);
    }

    /// <summary>Writes a smallint field.</summary>
    public static void WriteInt2(PgMessageWriter w, long value, bool binary)
    {
        if (value is < short.MinValue or > short.MaxValue) throw new PgStatementException(SqlState.NumericValueOutOfRange, $"smallint out of range: {value}");
        if (binary)
        {
            w.WriteInt32(2);
            w.WriteInt16((short)value);
            return;
        }
        WriteInt8(w, value, binary: false);
    }

    /// <summary>Writes a real (float4) field.</summary>
    public static void WriteFloat4(PgMessageWriter w, float value, bool binary)
    {
        if (binary)
        {
            w.WriteInt32(4);
            w.WriteInt32(BitConverter.SingleToInt32Bits(value));
            return;
        }
        if (!float.IsFinite(value))
        {
            WriteString(w, PgTextFormat.Float4(value));
            return;
        }
        // The same digits as PgTextFormat.Float4, formatted in place.
        var lengthAt = w.Position;
        w.WriteInt32(0);
        var span = w.GetSpan(MaxFloatChars);
        value.TryFormat(span, out var written, "R", CultureInfo.InvariantCulture);
        w.Advance(written);
        w.PatchInt32(lengthAt, written);
    }

    // Longest "R" form of a double or float: sign, 17 digits, point, "E-308".
    private const int MaxFloatChars = 32;

    /// <summary>Writes a double precision field.</summary>
    public static void WriteFloat8(PgMessageWriter w, double value, bool binary)
    {
        if (binary)
        {
            w.WriteInt32(8);
            w.WriteInt64(BitConverter.DoubleToInt64Bits(value));
            return;
        }
        if (!double.IsFinite(value))
        {
            WriteString(w, PgTextFormat.Float8(value));
            return;
        }
        // The same digits as PgTextFormat.Float8, formatted in place rather than through a string.
        var lengthAt = w.Position;
        w.WriteInt32(0);
        var span = w.GetSpan(MaxFloatChars);
        if (!Float8Text.TryFormatShort(value, span, out var written)) value.TryFormat(span, out written, "R", CultureInfo.InvariantCulture);
        w.Advance(written);
        w.PatchInt32(lengthAt, written);
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

    private static void WriteNumeric(PgMessageWriter w, SqlValue v, bool binary, int typeModifier)
    {
        // numeric(p,s) prints exactly s decimals. A double is stored only for p <= 15 (15 significant digits),
        // so rounding it to s decimals gives back the exact value that was stored.
        int scale = typeModifier >= 4 ? (typeModifier - 4) & 0xFFFF : -1;
        var text = v.Type switch
        {
            SqlType.Integer => scale > 0 ? ((decimal)v.AsInteger).ToString("F" + scale.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : v.AsInteger.ToString(CultureInfo.InvariantCulture),
            SqlType.Real when double.IsNaN(v.AsReal) => "NaN",
            SqlType.Real when scale >= 0 && Math.Abs(v.AsReal) < 7.9e27 => Math.Round((decimal)v.AsReal, Math.Min(scale, 28), MidpointRounding.AwayFromZero).ToString("F" + scale.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
            SqlType.Real => PgTextFormat.PlainDecimal(v.AsReal),
            SqlType.Text when v.AsText.Trim().Equals("NaN", StringComparison.OrdinalIgnoreCase) => "NaN",
            // Exact text (how numeric columns wider than a double store their values): rounded as text, no digit lost.
            SqlType.Text when PgNumeric.TryParse(v.AsText, out var exact) => exact.ToString(scale),
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
                // Bytes in a column not declared bytea: sent as bytea's text (valid UTF-8, unlike the raw bytes).
                WriteBytea(w, v.AsBlob, binary: false);
                return;
            case SqlType.Real:
                WriteString(w, PgTextFormat.Float8(v.AsReal));
                return;
            default:
                WriteString(w, v.ToString());
                return;
        }
    }

    internal static void WriteString(PgMessageWriter w, string s)
    {
        var lengthAt = w.Position;
        w.WriteInt32(0);
        var before = w.Position;
        w.WriteUtf8(s);
        w.PatchInt32(lengthAt, w.Position - before);
    }

    private static bool IsHex(ReadOnlySpan<char> s)
    {
        foreach (var c in s) if (!char.IsAsciiHexDigit(c)) return false;
        return true;
    }

    internal static PgStatementException Mismatch(SqlValue v, string typeName) =>
        new(SqlState.InvalidTextRepresentation, $"invalid input syntax for type {typeName}: \"{Truncate(v.ToString())}\"");

    private static string Truncate(string s) => s.Length <= 60 ? s : s[..60] + "...";
}
