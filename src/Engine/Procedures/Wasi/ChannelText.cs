using System.Buffers;
using System.Globalization;
using System.Text;
using TenantDb.Engine.Values;

namespace TenantDb.Engine.Procedures.Wasi;

/// <summary>
/// Rows as text lines, both ways: <see cref="ChannelFormat.Tsv"/> (PostgreSQL COPY text) and
/// <see cref="ChannelFormat.Csv"/> (PostgreSQL CSV). Integers in decimal, floats as the shortest
/// text that reads back to the same double, bytea as lowercase hex digits, bool as t/f, NULL as
/// <c>\N</c> (tsv) or an empty unquoted field (csv).
/// </summary>
internal static class ChannelText
{
    private const int MaxNumberBytes = 32;

    /// <summary>
    /// Appends the channel's current row as one line (ending in \n), formatted straight from SQLite's
    /// values: no managed copy of a value is made. Text is written as the bytes SQLite holds.
    /// </summary>
    public static void WriteLine(ArrayBufferWriter<byte> output, ChannelRow row, ChannelFormat format)
    {
        for (int i = 0; i < row.ColumnCount; i++)
        {
            if (i > 0) output.Write(Separator(format));
            var value = row[i];
            switch (value.Type)
            {
                case SqlType.Null: WriteNull(output, format); break;
                case SqlType.Integer: WriteInteger(output, value.Int64); break;
                case SqlType.Real: WriteReal(output, value.Double); break;
                case SqlType.Text: WriteText(output, value.Text, format); break;
                default: WriteBlob(output, value.Blob, format); break;
            }
        }
        output.Write("\n"u8);
    }

    /// <summary>Appends <paramref name="values"/> as one line (ending in \n), exactly as a row holding them is written.</summary>
    public static void WriteLine(ArrayBufferWriter<byte> output, IReadOnlyList<SqlValue> values, ChannelFormat format)
    {
        for (int i = 0; i < values.Count; i++)
        {
            if (i > 0) output.Write(Separator(format));
            var value = values[i];
            switch (value.Type)
            {
                case SqlType.Null: WriteNull(output, format); break;
                case SqlType.Integer: WriteInteger(output, value.AsInteger); break;
                case SqlType.Real: WriteReal(output, value.AsReal); break;
                case SqlType.Text: WriteText(output, Encoding.UTF8.GetBytes(value.AsText), format); break;
                default: WriteBlob(output, value.AsBlob, format); break;
            }
        }
        output.Write("\n"u8);
    }

    /// <summary>
    /// Appends the row's first value as raw bytes: text and blobs as they are, numbers in their text
    /// form, NULL as nothing.
    /// </summary>
    public static void WriteRaw(ArrayBufferWriter<byte> output, ChannelRow row)
    {
        if (row.ColumnCount == 0) return;
        var value = row[0];
        switch (value.Type)
        {
            case SqlType.Null: break;
            case SqlType.Integer: WriteInteger(output, value.Int64); break;
            case SqlType.Real: WriteReal(output, value.Double); break;
            case SqlType.Text: output.Write(value.Text); break;
            default: output.Write(value.Blob); break;
        }
    }

    private static ReadOnlySpan<byte> Separator(ChannelFormat format) => format == ChannelFormat.Csv ? ","u8 : "\t"u8;

    private static void WriteNull(ArrayBufferWriter<byte> output, ChannelFormat format)
    {
        if (format == ChannelFormat.Tsv) output.Write("\\N"u8);
    }

    private static void WriteInteger(ArrayBufferWriter<byte> output, long value)
    {
        value.TryFormat(output.GetSpan(MaxNumberBytes), out int n, default, CultureInfo.InvariantCulture);
        output.Advance(n);
    }

    // "R": the shortest text that reads back to the same double.
    private static void WriteReal(ArrayBufferWriter<byte> output, double value)
    {
        value.TryFormat(output.GetSpan(MaxNumberBytes), out int n, "R", CultureInfo.InvariantCulture);
        output.Advance(n);
    }

    private static void WriteText(ArrayBufferWriter<byte> output, ReadOnlySpan<byte> text, ChannelFormat format)
    {
        if (format == ChannelFormat.Csv) WriteCsvField(output, text);
        else WriteTsvField(output, text);
    }

    // Lowercase hex digits; csv quotes the empty value so it differs from NULL.
    private static void WriteBlob(ArrayBufferWriter<byte> output, ReadOnlySpan<byte> blob, ChannelFormat format)
    {
        if (blob.IsEmpty)
        {
            if (format == ChannelFormat.Csv) output.Write("\"\""u8);
            return;
        }
        var hex = output.GetSpan(blob.Length * 2);
        for (int i = 0; i < blob.Length; i++)
        {
            hex[2 * i] = HexDigit(blob[i] >> 4);
            hex[2 * i + 1] = HexDigit(blob[i] & 15);
        }
        output.Advance(blob.Length * 2);
    }

    private static byte HexDigit(int nibble) => (byte)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);

    // PostgreSQL COPY text: backslash, tab, newline and carriage return escaped with a backslash.
    private static void WriteTsvField(ArrayBufferWriter<byte> output, ReadOnlySpan<byte> text)
    {
        while (true)
        {
            int special = text.IndexOfAny("\\\t\n\r"u8);
            if (special < 0)
            {
                output.Write(text);
                return;
            }
            output.Write(text[..special]);
            output.Write(text[special] switch { (byte)'\\' => "\\\\"u8, (byte)'\t' => "\\t"u8, (byte)'\n' => "\\n"u8, _ => "\\r"u8 });
            text = text[(special + 1)..];
        }
    }

    // PostgreSQL CSV: quoted (quotes doubled) when empty, holding a separator, quote or line end, or
    // starting or ending with a space.
    private static void WriteCsvField(ArrayBufferWriter<byte> output, ReadOnlySpan<byte> text)
    {
        if (!text.IsEmpty && text.IndexOfAny(",\"\n\r"u8) < 0 && text[0] != ' ' && text[^1] != ' ')
        {
            output.Write(text);
            return;
        }
        output.Write("\""u8);
        while (true)
        {
            int quote = text.IndexOf((byte)'"');
            if (quote < 0) break;
            output.Write(text[..(quote + 1)]);
            output.Write("\""u8);
            text = text[(quote + 1)..];
        }
        output.Write(text);
        output.Write("\""u8);
    }

    /// <summary>
    /// Parses one line (without its line end) into values of <paramref name="columns"/>' types;
    /// null with <paramref name="problem"/> set when it does not fit them.
    /// </summary>
    public static SqlValue[]? ParseLine(string line, ChannelFormat format, IReadOnlyList<ProcedureColumn> columns, out string? problem)
    {
        var fields = format == ChannelFormat.Csv ? SplitCsv(line, out problem) : SplitTsv(line, out problem);
        if (fields is null) return null;
        if (fields.Count != columns.Count)
        {
            problem = $"expected {columns.Count} fields, found {fields.Count}";
            return null;
        }
        var values = new SqlValue[fields.Count];
        for (int i = 0; i < fields.Count; i++)
        {
            if (fields[i] is not { } field) continue;
            if (!TryConvert(field, columns[i].Type, out values[i]))
            {
                problem = $"invalid input for column {columns[i].Name} of type {ProcedureSignature.TypeName(columns[i].Type)}: \"{Shorten(field)}\"";
                return null;
            }
        }
        problem = null;
        return values;
    }

    private static string Shorten(string s) => s.Length <= 60 ? s : s[..60] + "...";

    private static bool TryConvert(string field, ProcedureType type, out SqlValue value)
    {
        value = default;
        switch (type)
        {
            case ProcedureType.Int8:
                if (!long.TryParse(field, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long n)) return false;
                value = SqlValue.Integer(n);
                return true;
            case ProcedureType.Float8:
                double d;
                switch (field.ToLowerInvariant())
                {
                    case "inf" or "+inf" or "infinity": d = double.PositiveInfinity; break;
                    case "-inf" or "-infinity": d = double.NegativeInfinity; break;
                    case "nan" or "-nan": d = double.NaN; break;
                    default:
                        if (!double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out d)) return false;
                        break;
                }
                value = SqlValue.Real(d);
                return true;
            case ProcedureType.Bool:
                switch (field.ToLowerInvariant())
                {
                    case "t" or "true" or "1": value = SqlValue.Integer(1); return true;
                    case "f" or "false" or "0": value = SqlValue.Integer(0); return true;
                    default: return false;
                }
            case ProcedureType.Bytea:
                var hex = field.StartsWith("\\x", StringComparison.Ordinal) ? field[2..] : field;
                if (hex.Length % 2 != 0 || !hex.All(char.IsAsciiHexDigit)) return false;
                value = SqlValue.Blob(Convert.FromHexString(hex));
                return true;
            default:
                value = SqlValue.Text(field);
                return true;
        }
    }

    private static List<string?>? SplitTsv(string line, out string? problem)
    {
        problem = null;
        var fields = new List<string?>();
        foreach (var raw in line.Split('\t'))
        {
            if (raw == "\\N")
            {
                fields.Add(null);
                continue;
            }
            if (!raw.Contains('\\'))
            {
                fields.Add(raw);
                continue;
            }
            var text = new StringBuilder(raw.Length);
            for (int i = 0; i < raw.Length; i++)
            {
                if (raw[i] != '\\' || i + 1 == raw.Length)
                {
                    text.Append(raw[i]);
                    continue;
                }
                char next = raw[++i];
                text.Append(next switch { 't' => '\t', 'n' => '\n', 'r' => '\r', _ => next });
            }
            fields.Add(text.ToString());
        }
        return fields;
    }

    private static List<string?>? SplitCsv(string record, out string? problem)
    {
        problem = null;
        var fields = new List<string?>();
        int i = 0;
        while (true)
        {
            if (i < record.Length && record[i] == '"')
            {
                var text = new StringBuilder();
                i++;
                while (true)
                {
                    if (i >= record.Length)
                    {
                        problem = "unterminated quoted field";
                        return null;
                    }
                    if (record[i] == '"')
                    {
                        if (i + 1 < record.Length && record[i + 1] == '"')
                        {
                            text.Append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    text.Append(record[i++]);
                }
                fields.Add(text.ToString());
                if (i < record.Length && record[i] != ',')
                {
                    problem = "text after a closing quote";
                    return null;
                }
            }
            else
            {
                int comma = record.IndexOf(',', i);
                int end = comma < 0 ? record.Length : comma;
                fields.Add(end == i ? null : record[i..end]);
                i = end;
            }
            if (i >= record.Length) return fields;
            i++; // the comma
        }
    }

    /// <summary>
    /// Where the record starting at <paramref name="start"/> ends (index of its '\n'), or -1 when
    /// it does not end in <paramref name="bytes"/> yet. In csv a newline inside quotes is data.
    /// </summary>
    public static int RecordEnd(ReadOnlySpan<byte> bytes, int start, ChannelFormat format)
    {
        if (format != ChannelFormat.Csv)
        {
            int n = bytes[start..].IndexOf((byte)'\n');
            return n < 0 ? -1 : start + n;
        }
        bool quoted = false;
        for (int i = start; i < bytes.Length; i++)
        {
            if (bytes[i] == '"') quoted = !quoted;
            else if (bytes[i] == '\n' && !quoted) return i;
        }
        return -1;
    }
}
