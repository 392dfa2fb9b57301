using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using TenantDb.Engine.Errors;

namespace TenantDb.Engine.Sql;

/// <summary>
/// <c>encode(bytea, format)</c> and <c>decode(text, format)</c> for PostgreSQL's formats: <c>hex</c>, <c>base64</c>
/// (76-character lines, as PostgreSQL writes them; whitespace ignored when read) and <c>escape</c> (bytes 0, 128-255 and
/// the backslash as <c>\ooo</c> octal or <c>\\</c>). Text given where bytes are expected counts as its UTF-8 bytes.
/// A malformed input is <c>22023</c>, an unknown format <c>22023</c>, as in PostgreSQL; results longer than the
/// engine's largest value are refused with <c>54000</c>.
/// </summary>
internal static class PgByteaFunctions
{
    /// <summary>Registers the functions on <paramref name="connection"/>; <paramref name="maxLength"/> is the largest value in characters.</summary>
    public static void Register(SqliteConnection connection, int maxLength)
    {
        connection.CreateFunction("encode", (object? data, string? format) => Encode(data, format, maxLength), isDeterministic: true);
        connection.CreateFunction("decode", (string? text, string? format) => Decode(text, format), isDeterministic: true);
        connection.CreateFunction("to_hex", (long? value) => value is not { } v ? null
            : v is >= int.MinValue and <= int.MaxValue ? ((uint)(int)v).ToString("x", CultureInfo.InvariantCulture) : ((ulong)v).ToString("x", CultureInfo.InvariantCulture), isDeterministic: true);
    }

    private static string? Encode(object? data, string? format, int maxLength)
    {
        if (data is null or DBNull || format is null) return null;
        byte[] bytes = data as byte[] ?? Encoding.UTF8.GetBytes(Convert.ToString(data, CultureInfo.InvariantCulture) ?? "");
        switch (format.ToLowerInvariant())
        {
            case "hex":
                if ((long)bytes.Length * 2 > maxLength) throw TooLong();
                return Convert.ToHexStringLower(bytes);
            case "base64":
            {
                if ((long)bytes.Length / 3 * 4 > maxLength) throw TooLong();
                string flat = Convert.ToBase64String(bytes);
                var lines = new StringBuilder(flat.Length + flat.Length / 76);
                for (int i = 0; i < flat.Length; i += 76)
                {
                    if (i > 0) lines.Append('\n');
                    lines.Append(flat, i, Math.Min(76, flat.Length - i));
                }
                return lines.ToString();
            }
            case "escape":
            {
                var text = new StringBuilder(bytes.Length);
                foreach (byte b in bytes)
                {
                    if (b == (byte)'\\') text.Append("\\\\");
                    else if (b == 0 || b >= 0x80) text.Append('\\').Append(Convert.ToString(b, 8).PadLeft(3, '0'));
                    else text.Append((char)b);
                    if (text.Length > maxLength) throw TooLong();
                }
                return text.ToString();
            }
            default:
                throw Unrecognized(format);
        }
    }

    private static byte[]? Decode(string? text, string? format)
    {
        if (text is null || format is null) return null;
        switch (format.ToLowerInvariant())
        {
            case "hex":
            {
                var bytes = new List<byte>(text.Length / 2);
                for (int i = 0; i < text.Length;)
                {
                    if (char.IsWhiteSpace(text[i]))
                    {
                        i++;
                        continue;
                    }
                    int high = HexDigit(text[i]);
                    if (i + 1 >= text.Length) throw Invalid("invalid hexadecimal data: odd number of digits");
                    int low = HexDigit(text[i + 1]);
                    bytes.Add((byte)(high * 16 + low));
                    i += 2;
                }
                return [.. bytes];
            }
            case "base64":
            {
                var compact = new StringBuilder(text.Length);
                foreach (char c in text)
                {
                    if (!char.IsWhiteSpace(c)) compact.Append(c);
                }
                try
                {
                    return Convert.FromBase64String(compact.ToString());
                }
                catch (FormatException)
                {
                    throw Invalid("invalid base64 data");
                }
            }
            case "escape":
            {
                var bytes = new List<byte>(text.Length);
                var utf8 = Encoding.UTF8.GetBytes(text);
                for (int i = 0; i < utf8.Length; i++)
                {
                    if (utf8[i] != (byte)'\\')
                    {
                        bytes.Add(utf8[i]);
                        continue;
                    }
                    if (i + 1 < utf8.Length && utf8[i + 1] == (byte)'\\')
                    {
                        bytes.Add((byte)'\\');
                        i++;
                        continue;
                    }
                    if (i + 3 < utf8.Length && IsOctal(utf8[i + 1]) && IsOctal(utf8[i + 2]) && IsOctal(utf8[i + 3]) && utf8[i + 1] <= (byte)'3')
                    {
                        bytes.Add((byte)((utf8[i + 1] - '0') * 64 + (utf8[i + 2] - '0') * 8 + (utf8[i + 3] - '0')));
                        i += 3;
                        continue;
                    }
                    throw Invalid("invalid input syntax for type bytea");
                }
                return [.. bytes];
            }
            default:
                throw Unrecognized(format);
        }
    }

    private static bool IsOctal(byte b) => b is >= (byte)'0' and <= (byte)'7';

    private static int HexDigit(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => throw Invalid($"invalid hexadecimal digit: \"{c}\""),
    };

    private static TenantDbException Invalid(string message) => new(TenantDbErrorKind.Sql, "22023", message);

    private static TenantDbException Unrecognized(string format) => new(TenantDbErrorKind.Sql, "22023", $"unrecognized encoding: \"{format}\"");

    private static TenantDbException TooLong() => new(TenantDbErrorKind.Sql, "54000", "requested length too large");
}
