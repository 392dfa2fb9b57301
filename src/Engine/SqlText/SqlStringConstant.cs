using System.Globalization;
using System.Text;

namespace TenantDb.Engine.SqlText;

/// <summary>
/// The value of a string-constant token by PostgreSQL's rules: <c>'…'</c> and <c>N'…'</c> with
/// <c>''</c> for a quote, <c>E'…'</c> with backslash escapes, <c>$tag$…$tag$</c> taken literally.
/// </summary>
public static class SqlStringConstant
{
    /// <summary>True for the token kinds <see cref="TryGetValue"/> reads (a <c>U&amp;'…'</c> string is not one).</summary>
    public static bool IsStringConstant(ReadOnlySpan<char> text, SqlToken token) => token.Kind switch
    {
        SqlTokenKind.EscapeString or SqlTokenKind.DollarString => true,
        SqlTokenKind.String => text[token.Start] is '\'' or 'N' or 'n',
        _ => false,
    };

    /// <summary>
    /// The string the token stands for; false (with the reason in <paramref name="error"/>) for a token
    /// that is not a string constant or an <c>E''</c> string with a bad escape.
    /// </summary>
    public static bool TryGetValue(ReadOnlySpan<char> text, SqlToken token, out string value, out string? error)
    {
        value = "";
        error = null;
        if (!IsStringConstant(text, token))
        {
            error = token.Kind == SqlTokenKind.String ? "Unicode-escaped strings (U&'') are not supported here" : "not a string constant";
            return false;
        }

        ReadOnlySpan<char> literal = token.TextIn(text);
        switch (token.Kind)
        {
            case SqlTokenKind.DollarString:
                int tagLength = literal[1..].IndexOf('$') + 2;
                value = literal[tagLength..^tagLength].ToString();
                return true;
            case SqlTokenKind.EscapeString:
                return TryDecodeEscapes(literal[2..^1], out value, out error);
            default:
                ReadOnlySpan<char> quoted = literal[literal.IndexOf('\'')..];
                value = quoted[1..^1].ToString().Replace("''", "'", StringComparison.Ordinal);
                return true;
        }
    }

    // PostgreSQL's escape-string rules: \b \f \n \r \t, \ooo octal, \xhh hex, \uXXXX and \UXXXXXXXX,
    // '' for a quote, and a backslash before any other character stands for that character.
    private static bool TryDecodeEscapes(ReadOnlySpan<char> body, out string value, out string? error)
    {
        value = "";
        error = null;
        var text = new StringBuilder(body.Length);
        for (int i = 0; i < body.Length; i++)
        {
            char c = body[i];
            if (c == '\'' && i + 1 < body.Length && body[i + 1] == '\'')
            {
                text.Append('\'');
                i++;
                continue;
            }

            if (c != '\\' || i + 1 >= body.Length)
            {
                text.Append(c);
                continue;
            }

            char e = body[++i];
            switch (e)
            {
                case 'b': text.Append('\b'); break;
                case 'f': text.Append('\f'); break;
                case 'n': text.Append('\n'); break;
                case 'r': text.Append('\r'); break;
                case 't': text.Append('\t'); break;
                case >= '0' and <= '7':
                    int octal = 0, digits = 0;
                    while (digits < 3 && i < body.Length && body[i] is >= '0' and <= '7') { octal = (octal * 8) + (body[i++] - '0'); digits++; }
                    i--;
                    text.Append((char)(octal & 0xff));
                    break;
                case 'x' when i + 1 < body.Length && char.IsAsciiHexDigit(body[i + 1]):
                    int hex = 0, hexDigits = 0;
                    while (hexDigits < 2 && i + 1 < body.Length && char.IsAsciiHexDigit(body[i + 1])) { hex = (hex * 16) + HexValue(body[++i]); hexDigits++; }
                    text.Append((char)hex);
                    break;
                case 'u' or 'U':
                    int length = e == 'u' ? 4 : 8;
                    if (i + length >= body.Length
                        || !int.TryParse(body.Slice(i + 1, length), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code)
                        || code is < 0 or > 0x10FFFF or (>= 0xD800 and <= 0xDFFF))
                    {
                        error = "invalid Unicode escape in E'' string";
                        return false;
                    }

                    text.Append(char.ConvertFromUtf32(code));
                    i += length;
                    break;
                default: text.Append(e); break;
            }
        }

        value = text.ToString();
        return true;
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
