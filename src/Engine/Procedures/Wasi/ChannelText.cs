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
    /// <summary>Appends <paramref name="values"/> as one line (ending in \n).</summary>
    public static void WriteLine(ArrayBufferWriter<byte> output, List<SqlValue> values, ChannelFormat format)
    {
        for (int i = 0; i < values.Count; i++)
        {
            if (i > 0) Append(output, format == ChannelFormat.Csv ? "," : "\t");
            var value = values[i];
            if (value.IsNull)
            {
                if (format == ChannelFormat.Tsv) Append(output, "\\N");
                continue;
            }
            string text = value.Type switch
            {
                SqlType.Integer => value.AsInteger.ToString(CultureInfo.InvariantCulture),
                SqlType.Real => value.AsReal.ToString("R", CultureInfo.InvariantCulture),
                SqlType.Blob => Convert.ToHexStringLower(value.AsBlob),
                _ => value.AsText,
            };
            Append(output, format == ChannelFormat.Csv ? CsvField(text) : TsvField(text));
        }
        Append(output, "\n");
    }

    private static void Append(ArrayBufferWriter<byte> output, string text)
    {
        int n = Encoding.UTF8.GetByteCount(text);
        Encoding.UTF8.GetBytes(text, output.GetSpan(n));
        output.Advance(n);
    }

    private static string TsvField(string text)
    {
        if (text.AsSpan().IndexOfAny("\\\t\n\r") < 0) return text;
        var escaped = new StringBuilder(text.Length + 8);
        foreach (char c in text)
        {
            escaped.Append(c switch { '\\' => "\\\\", '\t' => "\\t", '\n' => "\\n", '\r' => "\\r", _ => c.ToString() });
        }
        return escaped.ToString();
    }

    private static string CsvField(string text) =>
        text.Length == 0 || text.AsSpan().IndexOfAny(",\"\n\r") >= 0 || text[0] == ' ' || text[^1] == ' '
            ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : text;

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
