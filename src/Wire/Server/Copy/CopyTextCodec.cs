using System.Buffers;
using TenantDb.Wire.Protocol;

namespace TenantDb.Wire.Server.Copy;

/// <summary>
/// COPY's text format: one line per row, fields separated by the delimiter, backslash escapes for
/// backslash, newline, carriage return, tab, the delimiter and the other control characters named in
/// PostgreSQL's documentation, and the NULL string (default <c>\N</c>) for NULL.
/// </summary>
internal static class CopyTextCodec
{
    // The bytes Escape always writes as a backslash sequence (the delimiter is the other one).
    private static readonly SearchValues<byte> s_escaped = SearchValues.Create("\\\n\r\t\b\f\v"u8);

    /// <summary>Most bytes <see cref="Escape"/> writes for a value of <paramref name="length"/> bytes.</summary>
    public static int MaxEscapedLength(int length) => 2 * length;

    /// <summary>Writes <paramref name="value"/> escaped into <paramref name="destination"/>; returns the bytes written.</summary>
    public static int Escape(ReadOnlySpan<byte> value, byte delimiter, Span<byte> destination)
    {
        // Most values need no escape at all: find the first byte that does and copy what precedes it in one go.
        var first = value.IndexOfAny(s_escaped);
        var delimiterAt = value.IndexOf(delimiter);
        if (delimiterAt >= 0 && (first < 0 || delimiterAt < first)) first = delimiterAt;
        if (first < 0)
        {
            value.CopyTo(destination);
            return value.Length;
        }
        value[..first].CopyTo(destination);
        var n = first;
        foreach (var b in value[first..])
        {
            byte escaped = b switch
            {
                (byte)'\\' => (byte)'\\',
                (byte)'\n' => (byte)'n',
                (byte)'\r' => (byte)'r',
                (byte)'\t' => (byte)'t',
                (byte)'\b' => (byte)'b',
                (byte)'\f' => (byte)'f',
                (byte)'\v' => (byte)'v',
                _ => 0,
            };
            if (escaped == 0 && b == delimiter) escaped = b;
            if (escaped != 0)
            {
                destination[n++] = (byte)'\\';
                destination[n++] = escaped;
            }
            else
            {
                destination[n++] = b;
            }
        }
        return n;
    }

    /// <summary>
    /// Splits one line (without its line end) into <paramref name="row"/>: a raw field equal to
    /// <paramref name="nullText"/> is NULL, any other is unescaped.
    /// </summary>
    public static void Split(ReadOnlySpan<byte> line, byte delimiter, ReadOnlySpan<byte> nullText, CopyRow row)
    {
        row.Clear();
        var start = 0;
        while (true)
        {
            // The field's end: the first delimiter not escaped by a backslash.
            var end = start;
            while (end < line.Length && line[end] != delimiter)
                end += line[end] == '\\' ? 2 : 1;
            if (end > line.Length) end = line.Length;
            var raw = line[start..end];
            if (raw.SequenceEqual(nullText)) row.AddNull();
            else Unescape(raw, row);
            if (end >= line.Length) return;
            start = end + 1;
        }
    }

    private static void Unescape(ReadOnlySpan<byte> raw, CopyRow row)
    {
        row.BeginField();
        var plain = raw.IndexOf((byte)'\\');
        if (plain < 0)
        {
            row.Append(raw);
            row.EndField();
            return;
        }
        row.Append(raw[..plain]);
        for (var i = plain; i < raw.Length; i++)
        {
            var b = raw[i];
            if (b != '\\')
            {
                row.Append(b);
                continue;
            }
            if (++i >= raw.Length)
                throw new PgStatementException(BadCopyFormat, "end of line after a backslash (an unfinished escape)");
            var c = raw[i];
            switch (c)
            {
                case (byte)'b': row.Append((byte)'\b'); break;
                case (byte)'f': row.Append((byte)'\f'); break;
                case (byte)'n': row.Append((byte)'\n'); break;
                case (byte)'r': row.Append((byte)'\r'); break;
                case (byte)'t': row.Append((byte)'\t'); break;
                case (byte)'v': row.Append((byte)'\v'); break;
                case >= (byte)'0' and <= (byte)'7':
                {
                    var value = c - '0';
                    for (var k = 0; k < 2 && i + 1 < raw.Length && raw[i + 1] is >= (byte)'0' and <= (byte)'7'; k++)
                        value = value * 8 + (raw[++i] - '0');
                    row.Append((byte)value);
                    break;
                }
                case (byte)'x' when i + 1 < raw.Length && IsHex(raw[i + 1]):
                {
                    var value = HexValue(raw[++i]);
                    if (i + 1 < raw.Length && IsHex(raw[i + 1])) value = value * 16 + HexValue(raw[++i]);
                    row.Append((byte)value);
                    break;
                }
                default:
                    // Any other escaped byte (backslash, the delimiter, a newline) stands for itself.
                    row.Append(c);
                    break;
            }
        }
        row.EndField();
    }

    private static bool IsHex(byte b) => char.IsAsciiHexDigit((char)b);

    private static int HexValue(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;

    /// <summary>SQLSTATE bad_copy_file_format.</summary>
    public const string BadCopyFormat = "22P04";
}
