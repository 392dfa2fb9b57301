using System.Buffers.Binary;
using System.Buffers.Text;
using System.Text.Unicode;
using TenantDb.Engine;
using TenantDb.Wire.Protocol;
using TenantDb.Wire.Types;

namespace TenantDb.Wire.Server.Copy;

/// <summary>
/// Binds one COPY input field to an engine statement parameter, converted by the column's type the
/// way PostgreSQL's input functions would: a value the type does not accept is 22P02 (text) or 22P03
/// (binary), never stored as it came. Integers, doubles and text are bound straight from the bytes;
/// the rarer types go through <see cref="PgParameterDecoder"/>.
/// </summary>
internal static class CopyFieldDecoder
{
    /// <summary>Binds <paramref name="value"/> (text or binary encoding of a value of type <paramref name="oid"/>) to <paramref name="slot"/>.</summary>
    public static void Bind(TenantStatement statement, int slot, ReadOnlySpan<byte> value, uint oid, bool binary)
    {
        if (binary) BindBinary(statement, slot, value, oid);
        else BindText(statement, slot, value, oid);
    }

    private static void BindText(TenantStatement statement, int slot, ReadOnlySpan<byte> value, uint oid)
    {
        switch (oid)
        {
            case PgTypeOid.Int2 or PgTypeOid.Int4 or PgTypeOid.Int8 or PgTypeOid.Oid:
            {
                var trimmed = value.Trim((byte)' ');
                if (!Utf8Parser.TryParse(trimmed, out long n, out var used) || used != trimmed.Length)
                    throw new PgStatementException(SqlState.InvalidTextRepresentation, $"invalid input syntax for type {TypeName(oid)}: \"{Quote(value)}\"");
                CheckRange(n, oid, value);
                statement.BindInt64(slot, n);
                return;
            }
            case PgTypeOid.Float4 or PgTypeOid.Float8:
            {
                if (Utf8Parser.TryParse(value, out double d, out var used) && used == value.Length)
                {
                    statement.BindDouble(slot, d);
                    return;
                }
                if (!PgTextFormat.TryParseFloat8(Utf8Text(value), out d))
                    throw new PgStatementException(SqlState.InvalidTextRepresentation, $"invalid input syntax for type double precision: \"{Quote(value)}\"");
                statement.BindDouble(slot, d);
                return;
            }
            case PgTypeOid.Text or PgTypeOid.Varchar or PgTypeOid.Bpchar or PgTypeOid.Name or PgTypeOid.Unspecified or PgTypeOid.Unknown:
                CheckUtf8(value);
                statement.BindTextUtf8(slot, value);
                return;
            default:
                CheckUtf8(value);
                statement.Bind(slot, PgParameterDecoder.Decode(value.ToArray(), oid, binary: false));
                return;
        }
    }

    private static void BindBinary(TenantStatement statement, int slot, ReadOnlySpan<byte> value, uint oid)
    {
        switch (oid)
        {
            // Binary COPY carries no type per field: a client may send int2, int4 or int8 for an integer
            // column (Npgsql writes the type the application chose), so the length tells which.
            case PgTypeOid.Int2 or PgTypeOid.Int4 or PgTypeOid.Int8 or PgTypeOid.Oid:
            {
                long n = value.Length switch
                {
                    2 => BinaryPrimitives.ReadInt16BigEndian(value),
                    4 => oid == PgTypeOid.Oid ? BinaryPrimitives.ReadUInt32BigEndian(value) : BinaryPrimitives.ReadInt32BigEndian(value),
                    8 => BinaryPrimitives.ReadInt64BigEndian(value),
                    _ => throw BadBinary(oid),
                };
                CheckRange(n, oid, []);
                statement.BindInt64(slot, n);
                return;
            }
            case PgTypeOid.Float4 or PgTypeOid.Float8:
                statement.BindDouble(slot, value.Length switch
                {
                    4 => BinaryPrimitives.ReadSingleBigEndian(value),
                    8 => BinaryPrimitives.ReadDoubleBigEndian(value),
                    _ => throw BadBinary(oid),
                });
                return;
            case PgTypeOid.Text or PgTypeOid.Varchar or PgTypeOid.Bpchar or PgTypeOid.Name or PgTypeOid.Unspecified or PgTypeOid.Unknown:
                CheckUtf8(value);
                statement.BindTextUtf8(slot, value);
                return;
            case PgTypeOid.Bytea:
                statement.BindBlob(slot, value);
                return;
            default:
                statement.Bind(slot, PgParameterDecoder.Decode(value.ToArray(), oid, binary: true));
                return;
        }
    }

    private static void CheckRange(long n, uint oid, ReadOnlySpan<byte> text)
    {
        var ok = oid switch
        {
            PgTypeOid.Int2 => n is >= short.MinValue and <= short.MaxValue,
            PgTypeOid.Int4 => n is >= int.MinValue and <= int.MaxValue,
            PgTypeOid.Oid => n is >= 0 and <= uint.MaxValue,
            _ => true,
        };
        if (!ok)
            throw new PgStatementException(SqlState.NumericValueOutOfRange, $"value \"{(text.IsEmpty ? n.ToString(System.Globalization.CultureInfo.InvariantCulture) : Quote(text))}\" is out of range for type {TypeName(oid)}");
    }

    private static void CheckUtf8(ReadOnlySpan<byte> value)
    {
        if (!Utf8.IsValid(value)) throw new PgStatementException("22021", "invalid byte sequence for encoding \"UTF8\"");
    }

    private static string TypeName(uint oid) => oid switch
    {
        PgTypeOid.Int2 => "smallint",
        PgTypeOid.Int4 => "integer",
        PgTypeOid.Oid => "oid",
        _ => "bigint",
    };

    private static string Utf8Text(ReadOnlySpan<byte> value) => System.Text.Encoding.UTF8.GetString(value);

    private static string Quote(ReadOnlySpan<byte> value)
    {
        var text = Utf8Text(value.Length > 60 ? value[..60] : value);
        return value.Length > 60 ? text + "..." : text;
    }

    private static PgStatementException BadBinary(uint oid) =>
        new("22P03", $"incorrect binary data format for type {(oid is PgTypeOid.Float4 or PgTypeOid.Float8 ? "double precision" : TypeName(oid))}");
}
