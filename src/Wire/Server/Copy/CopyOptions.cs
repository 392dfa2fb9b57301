using System.Text;
using TenantDb.Wire.Protocol;

namespace TenantDb.Wire.Server.Copy;

/// <summary>
/// The options of one COPY, with PostgreSQL's defaults per format and its rules about which options
/// go with which format. Built by <see cref="CopyCommandParser"/>; <see cref="Validate"/> fills defaults.
/// </summary>
internal sealed class CopyOptions
{
    private byte? _delimiter;
    private byte? _quote;
    private byte? _escape;
    private string? _null;

    /// <summary>The data format.</summary>
    public CopyFormat Format { get; set; }

    /// <summary>Whether the first line names the columns (written on output, skipped on input).</summary>
    public bool Header { get; set; }

    /// <summary>The field separator (tab for text, comma for CSV).</summary>
    public byte Delimiter => _delimiter ?? (Format == CopyFormat.Csv ? (byte)',' : (byte)'\t');

    /// <summary>The CSV quote character.</summary>
    public byte Quote => _quote ?? (byte)'"';

    /// <summary>The CSV escape character (the quote character unless given).</summary>
    public byte Escape => _escape ?? Quote;

    /// <summary>The spelling of NULL (<c>\N</c> for text, the empty string for CSV), as UTF-8.</summary>
    public byte[] Null { get; private set; } = [];

    /// <summary>FORCE_QUOTE *: quote every non-null CSV output field.</summary>
    public bool ForceQuoteAll { get; set; }

    /// <summary>FORCE_QUOTE (columns): the columns whose non-null CSV output fields are always quoted.</summary>
    public List<string> ForceQuoteColumns { get; } = [];

    /// <summary>Sets DELIMITER.</summary>
    public void SetDelimiter(string value) => _delimiter = OneByte(value, "COPY delimiter");

    /// <summary>Sets QUOTE.</summary>
    public void SetQuote(string value) => _quote = OneByte(value, "COPY quote");

    /// <summary>Sets ESCAPE.</summary>
    public void SetEscape(string value) => _escape = OneByte(value, "COPY escape");

    /// <summary>Sets NULL.</summary>
    public void SetNull(string value) => _null = value;

    /// <summary>Applies the defaults and checks the combination, as PostgreSQL's COPY does.</summary>
    public void Validate()
    {
        if (Format == CopyFormat.Binary)
        {
            if (_delimiter is not null) throw Syntax("cannot specify DELIMITER in BINARY mode");
            if (_null is not null) throw Syntax("cannot specify NULL in BINARY mode");
            if (Header) throw Syntax("cannot specify HEADER in BINARY mode");
        }
        if (Format != CopyFormat.Csv)
        {
            if (_quote is not null) throw NotSupported("COPY quote available only in CSV mode");
            if (_escape is not null) throw NotSupported("COPY escape available only in CSV mode");
            if (ForceQuoteAll || ForceQuoteColumns.Count > 0) throw NotSupported("COPY force quote available only in CSV mode");
        }
        var nullText = _null ?? (Format == CopyFormat.Csv ? "" : "\\N");
        Null = Encoding.UTF8.GetBytes(nullText);
        var d = Delimiter;
        if (d is (byte)'\r' or (byte)'\n') throw InvalidValue("COPY delimiter cannot be newline or carriage return");
        if (nullText.Contains('\r') || nullText.Contains('\n')) throw InvalidValue("COPY null representation cannot use newline or carriage return");
        if (Format == CopyFormat.Text && (d == '\\' || char.IsAsciiLetterLower((char)d) || char.IsAsciiDigit((char)d) || d == '.'))
            throw InvalidValue($"COPY delimiter cannot be \"{(char)d}\"");
        if (Format == CopyFormat.Csv)
        {
            if (d == Quote) throw InvalidValue("COPY delimiter and quote must be different");
            if (Array.IndexOf(Null, d) >= 0) throw InvalidValue("COPY delimiter character must not appear in the NULL specification");
            if (Array.IndexOf(Null, Quote) >= 0) throw InvalidValue("CSV quote character must not appear in the NULL specification");
        }
        else if (Array.IndexOf(Null, d) >= 0)
        {
            throw InvalidValue("COPY delimiter must not appear in the NULL specification");
        }
    }

    private static byte OneByte(string value, string what)
    {
        if (value.Length != 1 || value[0] > 127) throw NotSupported($"{what} must be a single one-byte character");
        return (byte)value[0];
    }

    private static PgStatementException Syntax(string message) => new(SqlState.SyntaxError, message);

    private static PgStatementException NotSupported(string message) => new(SqlState.FeatureNotSupported, message);

    private static PgStatementException InvalidValue(string message) => new("22023", message);
}
