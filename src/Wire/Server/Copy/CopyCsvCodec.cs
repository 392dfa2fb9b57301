using TenantDb.Wire.Protocol;

namespace TenantDb.Wire.Server.Copy;

/// <summary>
/// COPY's CSV format: fields separated by the delimiter, quoted when they hold the delimiter, the
/// quote, a line break, or would read as NULL; inside quotes the escape character (the quote itself
/// unless given) escapes a quote. An unquoted field equal to the NULL string (default empty) is NULL,
/// so an empty string is written as <c>""</c>.
/// </summary>
internal static class CopyCsvCodec
{
    /// <summary>Most bytes <see cref="Quote"/> writes for a value of <paramref name="length"/> bytes.</summary>
    public static int MaxQuotedLength(int length) => 2 * length + 2;

    /// <summary>Writes <paramref name="value"/>, quoted when needed (or when <paramref name="force"/>); returns the bytes written.</summary>
    public static int Quote(ReadOnlySpan<byte> value, CopyOptions options, bool force, Span<byte> destination)
    {
        var quote = options.Quote;
        var escape = options.Escape;
        var delimiter = options.Delimiter;
        var needsQuote = force || value.SequenceEqual(options.Null) || (value.Length == 2 && value[0] == '\\' && value[1] == '.');
        if (!needsQuote)
        {
            foreach (var b in value)
            {
                if (b == delimiter || b == quote || b == '\n' || b == '\r')
                {
                    needsQuote = true;
                    break;
                }
            }
        }
        if (!needsQuote)
        {
            value.CopyTo(destination);
            return value.Length;
        }
        var n = 0;
        destination[n++] = quote;
        foreach (var b in value)
        {
            if (b == quote || b == escape) destination[n++] = escape;
            destination[n++] = b;
        }
        destination[n++] = quote;
        return n;
    }

    /// <summary>
    /// Splits one record (without its final line end; line breaks inside quotes belong to it) into
    /// <paramref name="row"/>.
    /// </summary>
    public static void Split(ReadOnlySpan<byte> record, CopyOptions options, CopyRow row)
    {
        row.Clear();
        var quote = options.Quote;
        var escape = options.Escape;
        var delimiter = options.Delimiter;
        var nullText = options.Null;
        var i = 0;
        while (true)
        {
            var start = i;
            var quoted = false;
            var inQuote = false;
            row.BeginField();
            for (; i < record.Length; i++)
            {
                var b = record[i];
                if (inQuote)
                {
                    if (b == escape && i + 1 < record.Length && (record[i + 1] == quote || record[i + 1] == escape))
                    {
                        row.Append(record[++i]);
                    }
                    else if (b == quote)
                    {
                        inQuote = false;
                    }
                    else
                    {
                        row.Append(b);
                    }
                }
                else if (b == delimiter)
                {
                    break;
                }
                else if (b == quote)
                {
                    inQuote = quoted = true;
                }
                else
                {
                    row.Append(b);
                }
            }
            if (inQuote) throw new PgStatementException(CopyTextCodec.BadCopyFormat, "unterminated CSV quoted field");
            row.EndField();
            if (!quoted && record[start..i].SequenceEqual(nullText)) row.MarkLastNull();
            if (i >= record.Length) return;
            i++;
        }
    }
}
