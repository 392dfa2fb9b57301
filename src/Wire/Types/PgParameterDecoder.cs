using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using TenantDb.Engine;
using TenantDb.Engine.Values;
using TenantDb.Wire.Protocol;

namespace TenantDb.Wire.Types;

/// <summary>
/// Turns a Bind parameter (bytes + declared type OID + format) into the SQLite value bound to the
/// statement. Numbers become integers/reals, bool becomes 0/1, bytea a blob, dates and times their
/// ISO text; unspecified (0/unknown) text parameters stay text and SQLite's column affinity converts
/// them on comparison and storage.
/// </summary>
internal static class PgParameterDecoder
{
    /// <summary>
    /// Decodes one parameter; <paramref name="data"/> null means SQL NULL. <paramref name="columnBound"/>
    /// says whether SQLite will convert the value by a column's or a cast's affinity: only then may a
    /// numeric with a fraction stay exact text (a wide numeric column keeps every digit); elsewhere it
    /// is bound as a number, because a text value compared with an expression such as <c>sum(x)</c>
    /// would compare as text and give a wrong answer.
    /// </summary>
    public static SqlValue Decode(byte[]? data, uint oid, bool binary, bool columnBound = true)
    {
        if (data is null) return SqlValue.Null;
        var value = binary ? DecodeBinary(data, oid) : DecodeText(data, oid);
        return !columnBound && oid == PgTypeOid.Numeric && value.Type == SqlType.Text && PgTextFormat.TryParseFloat8(value.AsText, out var d)
            ? Real(d)
            : value;
    }

    private static SqlValue DecodeText(byte[] data, uint oid)
    {
        switch (oid)
        {
            case PgTypeOid.Int2 or PgTypeOid.Int4 or PgTypeOid.Int8 or PgTypeOid.Oid:
            {
                var s = Utf8(data);
                return long.TryParse(s.AsSpan().Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)
                    ? SqlValue.Integer(l)
                    : throw Invalid(oid, s);
            }
            case PgTypeOid.Float4 or PgTypeOid.Float8:
            {
                var s = Utf8(data);
                return PgTextFormat.TryParseFloat8(s, out var d) ? Real(d) : throw Invalid(oid, s);
            }
            case PgTypeOid.Date or PgTypeOid.Timestamp or PgTypeOid.TimestampTz or PgTypeOid.Time or PgTypeOid.Interval:
                return DateTimeText(Utf8(data), oid);
            case PgTypeOid.Numeric:
                return NumericValue(Utf8(data)) ?? throw Invalid(oid, Utf8(data));
            case PgTypeOid.Bool:
            {
                var s = Utf8(data);
                return PgTextFormat.TryParseBool(s, out var b) ? SqlValue.Integer(b ? 1 : 0) : throw Invalid(oid, s);
            }
            case PgTypeOid.Bytea:
                return SqlValue.Blob(PgTextFormat.ParseBytea(data));
            default:
            {
                var text = Utf8(data);
                // Arrays are stored as JSON (see PgArrayText).
                if (PgArrayWriter.ElementOf(oid) is not 0 and var element && text.StartsWith('{'))
                    return SqlValue.Text(PgArrayText.ToJson(text, numeric: IsNumberElement(element)) ?? text);
                return SqlValue.Text(text);
            }
        }
    }

    // A one-dimensional binary array becomes the JSON array it is stored as.
    private static SqlValue DecodeBinaryArray(ReadOnlySpan<byte> s, uint element, uint oid)
    {
        if (s.Length < 12) throw new PgStatementException(SqlState.InvalidBinaryRepresentation, $"incorrect binary data format in bind parameter of type oid {oid}");
        int dimensions = BinaryPrimitives.ReadInt32BigEndian(s);
        if (dimensions == 0) return SqlValue.Text("[]");
        if (dimensions != 1 || s.Length < 20) throw new PgStatementException(SqlState.FeatureNotSupported, "only one-dimensional arrays are supported");
        int count = BinaryPrimitives.ReadInt32BigEndian(s[12..]);
        int at = 20;
        var json = new StringBuilder("[");
        for (int k = 0; k < count; k++)
        {
            if (at + 4 > s.Length) throw new PgStatementException(SqlState.InvalidBinaryRepresentation, $"incorrect binary data format in bind parameter of type oid {oid}");
            int length = BinaryPrimitives.ReadInt32BigEndian(s[at..]);
            at += 4;
            if (k > 0) json.Append(',');
            if (length < 0)
            {
                json.Append("null");
                continue;
            }
            if (at + length > s.Length) throw new PgStatementException(SqlState.InvalidBinaryRepresentation, $"incorrect binary data format in bind parameter of type oid {oid}");
            var value = DecodeBinary(s.Slice(at, length).ToArray(), element);
            at += length;
            json.Append(value.Type switch
            {
                SqlType.Integer => value.AsInteger.ToString(CultureInfo.InvariantCulture),
                SqlType.Real when double.IsFinite(value.AsReal) => value.AsReal.ToString("R", CultureInfo.InvariantCulture),
                SqlType.Null => "null",
                SqlType.Blob => System.Text.Json.JsonSerializer.Serialize("\\x" + Convert.ToHexString(value.AsBlob).ToLowerInvariant()),
                _ => element == PgTypeOid.Bool ? (value.ToString() == "1" ? "true" : "false") : System.Text.Json.JsonSerializer.Serialize(value.ToString()),
            });
        }
        return SqlValue.Text(json.Append(']').ToString());
    }

    private static bool IsNumberElement(uint element) => element is PgTypeOid.Int2 or PgTypeOid.Int4 or PgTypeOid.Int8 or PgTypeOid.Float4 or PgTypeOid.Float8 or PgTypeOid.Numeric;

    // NaN is a value in PostgreSQL; SQLite would store a NaN double as NULL, so it is kept as its text.
    private static SqlValue Real(double d) => double.IsNaN(d) ? SqlValue.Text("NaN") : SqlValue.Real(d);

    // Dates and times are stored in PostgreSQL's output form, so they compare and sort as text.
    private static SqlValue DateTimeText(string text, uint oid)
    {
        switch (oid)
        {
            case PgTypeOid.Date when PgDateTime.TryParseTimestamp(text, out var date, out _):
                return SqlValue.Text(PgDateTime.FormatDate(date));
            case PgTypeOid.Timestamp when PgDateTime.TryParseTimestamp(text, out var timestamp, out var offset):
                return SqlValue.Text(PgDateTime.FormatTimestamp(offset is { } o ? timestamp - o : timestamp));
            case PgTypeOid.TimestampTz when PgDateTime.TryParseInstant(text, out var instant):
                return SqlValue.Text(PgDateTime.FormatInstant(instant));
            case PgTypeOid.Time when PgDateTime.TryParseTime(text, out var time):
                return SqlValue.Text(PgDateTime.FormatTime(time));
            case PgTypeOid.Interval when PgInterval.TryParse(text, out var interval):
                return SqlValue.Text(interval.ToString());
        }
        var trimmed = text.Trim();
        // PostgreSQL's special values are kept as written.
        if (trimmed.Equals("infinity", StringComparison.OrdinalIgnoreCase) || trimmed.Equals("-infinity", StringComparison.OrdinalIgnoreCase)) return SqlValue.Text(trimmed.ToLowerInvariant());
        throw new PgStatementException("22007", $"invalid input syntax for type {(oid == PgTypeOid.Interval ? "interval" : "timestamp")}: \"{(text.Length > 60 ? text[..60] : text)}\"");
    }

    private static SqlValue DecodeBinary(byte[] data, uint oid)
    {
        var s = data.AsSpan();
        switch (oid)
        {
            case PgTypeOid.Int2: Expect(s, 2, oid); return SqlValue.Integer(BinaryPrimitives.ReadInt16BigEndian(s));
            case PgTypeOid.Int4: Expect(s, 4, oid); return SqlValue.Integer(BinaryPrimitives.ReadInt32BigEndian(s));
            case PgTypeOid.Oid: Expect(s, 4, oid); return SqlValue.Integer(BinaryPrimitives.ReadUInt32BigEndian(s));
            case PgTypeOid.Int8: Expect(s, 8, oid); return SqlValue.Integer(BinaryPrimitives.ReadInt64BigEndian(s));
            case PgTypeOid.Float4: Expect(s, 4, oid); return Real(BinaryPrimitives.ReadSingleBigEndian(s));
            case PgTypeOid.Float8: Expect(s, 8, oid); return Real(BinaryPrimitives.ReadDoubleBigEndian(s));
            case PgTypeOid.Bool: Expect(s, 1, oid); return SqlValue.Integer(s[0] != 0 ? 1 : 0);
            case PgTypeOid.Bytea: return SqlValue.Blob(data);
            case PgTypeOid.Numeric:
            {
                var text = NumericBinary.Decode(s) ?? throw Invalid(oid, "binary numeric");
                return NumericValue(text) ?? SqlValue.Text(text);
            }
            case PgTypeOid.Text or PgTypeOid.Varchar or PgTypeOid.Bpchar or PgTypeOid.Name or PgTypeOid.Unknown
                or PgTypeOid.Json or PgTypeOid.Xml or PgTypeOid.Char or PgTypeOid.Unspecified:
                return SqlValue.Text(Utf8(data));
            case PgTypeOid.Jsonb:
                // jsonb binary = version byte 1, then the JSON text.
                if (s.Length < 1 || s[0] != 1) throw Invalid(oid, "jsonb version");
                return SqlValue.Text(Utf8(data.AsSpan(1)));
            case PgTypeOid.Uuid:
                Expect(s, 16, oid);
                return SqlValue.Text(new Guid(s, bigEndian: true).ToString());
            case PgTypeOid.Timestamp or PgTypeOid.TimestampTz:
            {
                Expect(s, 8, oid);
                var micros = BinaryPrimitives.ReadInt64BigEndian(s);
                if (micros == long.MaxValue) return SqlValue.Text("infinity");
                if (micros == long.MinValue) return SqlValue.Text("-infinity");
                if (micros < MinTimestampMicros || micros > MaxTimestampMicros) throw new PgStatementException(SqlState.DatetimeFieldOverflow, "timestamp out of range");
                var t = PgDateTime.FromPgMicroseconds(micros);
                return SqlValue.Text(oid == PgTypeOid.TimestampTz ? PgDateTime.FormatInstant(t) : PgDateTime.FormatTimestamp(t));
            }
            case PgTypeOid.Date:
            {
                Expect(s, 4, oid);
                var days = BinaryPrimitives.ReadInt32BigEndian(s);
                if (days == int.MaxValue) return SqlValue.Text("infinity");
                if (days == int.MinValue) return SqlValue.Text("-infinity");
                if (days < MinTimestampMicros / 86_400_000_000L || days > MaxTimestampMicros / 86_400_000_000L) throw new PgStatementException(SqlState.DatetimeFieldOverflow, "date out of range");
                return SqlValue.Text(PgDateTime.FormatDate(PgDateTime.Epoch.AddDays(days)));
            }
            case PgTypeOid.Time:
            {
                Expect(s, 8, oid);
                var micros = BinaryPrimitives.ReadInt64BigEndian(s);
                if (micros is < 0 or > 86_400_000_000L) throw new PgStatementException(SqlState.DatetimeFieldOverflow, "time out of range");
                return SqlValue.Text(PgDateTime.FormatTime(TimeSpan.FromTicks(micros * 10)));
            }
            case PgTypeOid.Interval:
            {
                Expect(s, 16, oid);
                var interval = new PgInterval(BinaryPrimitives.ReadInt32BigEndian(s[12..]), BinaryPrimitives.ReadInt32BigEndian(s[8..]), BinaryPrimitives.ReadInt64BigEndian(s));
                return SqlValue.Text(interval.ToString());
            }
            default:
                if (PgArrayWriter.ElementOf(oid) is not 0 and var element) return DecodeBinaryArray(s, element, oid);
                throw new PgStatementException(SqlState.FeatureNotSupported, $"binary format for parameter type oid {oid} is not supported; send it as text");
        }
    }

    private static SqlValue? NumericValue(string text)
    {
        var t = text.AsSpan().Trim();
        if (long.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return SqlValue.Integer(l);
        // A fraction stays exact text: a numeric column wider than a double keeps it digit for digit (SQLite's
        // own double-to-text conversion may print 17 digits for a 15-digit value), a narrower numeric column
        // and a column comparison convert it by affinity.
        if (PgNumeric.TryParse(t, out var exact)) return SqlValue.Text(exact.ToString());
        // NaN and the infinities; a number longer than PgNumeric.MaxDigits digits is refused (22P02).
        if (!t.ContainsAnyInRange('0', '9') && PgTextFormat.TryParseFloat8(t, out var d)) return SqlValue.Real(d);
        return null;
    }

    // Years 1 to 9999 (what .NET's DateTime holds), as microseconds from 2000-01-01.
    private const long MinTimestampMicros = -63_082_281_600_000_000L;
    private const long MaxTimestampMicros = 252_455_615_999_999_999L;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // A bad parameter fails the statement (22021), never the connection.
    private static string Utf8(ReadOnlySpan<byte> data)
    {
        try
        {
            return StrictUtf8.GetString(data);
        }
        catch (DecoderFallbackException)
        {
            throw new PgStatementException(SqlState.CharacterNotInRepertoire, "invalid byte sequence for encoding \"UTF8\"");
        }
    }

    private static void Expect(ReadOnlySpan<byte> s, int length, uint oid)
    {
        if (s.Length != length) throw new PgStatementException(SqlState.InvalidBinaryRepresentation, $"incorrect binary data format in bind parameter of type oid {oid}");
    }

    private static PgStatementException Invalid(uint oid, string text) =>
        new(SqlState.InvalidTextRepresentation, $"invalid input syntax for type oid {oid}: \"{(text.Length > 60 ? text[..60] : text)}\"");

}
