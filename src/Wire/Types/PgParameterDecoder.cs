using System.Buffers.Binary;
using System.Globalization;
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
    private static readonly DateTime PostgresEpoch = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Decodes one parameter; <paramref name="data"/> null means SQL NULL.</summary>
    public static SqlValue Decode(byte[]? data, uint oid, bool binary)
    {
        if (data is null) return SqlValue.Null;
        return binary ? DecodeBinary(data, oid) : DecodeText(data, oid);
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
                return PgTextFormat.TryParseFloat8(s, out var d) ? SqlValue.Real(d) : throw Invalid(oid, s);
            }
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
                return SqlValue.Text(Utf8(data));
        }
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
            case PgTypeOid.Float4: Expect(s, 4, oid); return SqlValue.Real(BinaryPrimitives.ReadSingleBigEndian(s));
            case PgTypeOid.Float8: Expect(s, 8, oid); return SqlValue.Real(BinaryPrimitives.ReadDoubleBigEndian(s));
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
                var t = PostgresEpoch.AddTicks(micros * 10);
                var text = t.ToString("yyyy-MM-dd HH:mm:ss.FFFFFF", CultureInfo.InvariantCulture).TrimEnd('.');
                return SqlValue.Text(oid == PgTypeOid.TimestampTz ? text + "+00" : text);
            }
            case PgTypeOid.Date:
                Expect(s, 4, oid);
                return SqlValue.Text(PostgresEpoch.AddDays(BinaryPrimitives.ReadInt32BigEndian(s)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            case PgTypeOid.Time:
                Expect(s, 8, oid);
                return SqlValue.Text(TimeSpan.FromTicks(BinaryPrimitives.ReadInt64BigEndian(s) * 10).ToString("hh\\:mm\\:ss\\.FFFFFF", CultureInfo.InvariantCulture).TrimEnd('.'));
            default:
                throw new PgStatementException(SqlState.FeatureNotSupported, $"binary format for parameter type oid {oid} is not supported; send it as text");
        }
    }

    private static SqlValue? NumericValue(string text)
    {
        var t = text.AsSpan().Trim();
        if (long.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return SqlValue.Integer(l);
        if (decimal.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var m))
            return m == decimal.Truncate(m) && m >= long.MinValue && m <= long.MaxValue ? SqlValue.Integer((long)m) : SqlValue.Real((double)m);
        if (PgTextFormat.TryParseFloat8(t, out var d)) return SqlValue.Real(d);
        return null;
    }

    private static string Utf8(ReadOnlySpan<byte> data) => PgPayloadReader.DecodeUtf8(data);

    private static void Expect(ReadOnlySpan<byte> s, int length, uint oid)
    {
        if (s.Length != length) throw new PgStatementException(SqlState.ProtocolViolation, $"incorrect binary data format in bind parameter of type oid {oid}");
    }

    private static PgStatementException Invalid(uint oid, string text) =>
        new(SqlState.InvalidTextRepresentation, $"invalid input syntax for type oid {oid}: \"{(text.Length > 60 ? text[..60] : text)}\"");

}
