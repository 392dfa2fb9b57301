using System.Globalization;
using System.Text;
using TenantDb.Engine.SqlText;

namespace TenantDb.Engine.Procedures;

internal enum ProcedureTokenKind
{
    End,
    Word,
    QuotedIdentifier,
    String,
    HexBlob,
    Number,
    Parameter,
    Punctuation,
}

internal readonly record struct ProcedureToken(ProcedureTokenKind Kind, int Offset, string Text)
{
    public bool IsWord(string word) =>
        Kind == ProcedureTokenKind.Word && string.Equals(Text, word, StringComparison.OrdinalIgnoreCase);

    public bool IsPunctuation(char c) => Kind == ProcedureTokenKind.Punctuation && Text.Length == 1 && Text[0] == c;
}

/// <summary>
/// The tokens of a procedure statement as <see cref="ProcedureCommandParser"/> wants them: the shared
/// <see cref="SqlLexer"/> finds them (PostgreSQL's lexical rules), and this gives each its value:
/// identifiers and strings unquoted, <c>E'…'</c> escapes decoded, dollar-quoted bodies as strings,
/// <c>x'…'</c> blobs, <c>$n</c> parameters. Operators come one character at a time.
/// </summary>
internal sealed class ProcedureTokenizer
{
    private readonly string _sql;
    private int _pos;

    public ProcedureTokenizer(string sql) => _sql = sql;

    public ProcedureToken Next()
    {
        var lexer = new SqlLexer(_sql, _pos);
        SqlToken token = lexer.Next();
        _pos = lexer.Position;
        int start = token.Start;
        ReadOnlySpan<char> text = token.TextIn(_sql);
        switch (token.Kind)
        {
            case SqlTokenKind.End:
                return new ProcedureToken(ProcedureTokenKind.End, _sql.Length, "");
            case SqlTokenKind.Word:
                return new ProcedureToken(ProcedureTokenKind.Word, start, text.ToString());
            case SqlTokenKind.QuotedIdentifier:
                return new ProcedureToken(ProcedureTokenKind.QuotedIdentifier, start, Unquote(text[text.IndexOf('"')..], '"'));
            case SqlTokenKind.String:
                return new ProcedureToken(ProcedureTokenKind.String, start, Unquote(text[text.IndexOf('\'')..], '\''));
            case SqlTokenKind.EscapeString:
                return new ProcedureToken(ProcedureTokenKind.String, start, DecodeEscapes(text[2..^1], start));
            case SqlTokenKind.DollarString:
                int tagLength = text[1..].IndexOf('$') + 2;
                return new ProcedureToken(ProcedureTokenKind.String, start, text[tagLength..^tagLength].ToString());
            case SqlTokenKind.BitString when text[0] is 'x' or 'X':
                return new ProcedureToken(ProcedureTokenKind.HexBlob, start, text[2..^1].ToString());
            case SqlTokenKind.BitString:
                throw ProcedureSyntax.Error("bit-string constants are not supported here", start);
            case SqlTokenKind.Number:
                return new ProcedureToken(ProcedureTokenKind.Number, start, text.ToString());
            case SqlTokenKind.Parameter:
                return new ProcedureToken(ProcedureTokenKind.Parameter, start, text[1..].ToString());
            case SqlTokenKind.TypeCast:
                return new ProcedureToken(ProcedureTokenKind.Punctuation, start, "::");
            case SqlTokenKind.Unterminated:
                throw ProcedureSyntax.Error(UnterminatedMessage(text), start);
            default:
                if (text[0] == '$') throw ProcedureSyntax.Error("syntax error at or near \"$\"", start);
                _pos = start + 1;
                return new ProcedureToken(ProcedureTokenKind.Punctuation, start, text[..1].ToString());
        }
    }

    private static string UnterminatedMessage(ReadOnlySpan<char> text) => text switch
    {
        ['/', '*', ..] => "unterminated /* comment",
        ['$', ..] => "unterminated dollar-quoted string",
        ['"', ..] or [_, '&', '"', ..] => "unterminated quoted identifier",
        _ => "unterminated string literal",
    };

    // The body between the quotes, a doubled quote standing for one.
    private static string Unquote(ReadOnlySpan<char> quoted, char quote) =>
        quoted[1..^1].ToString().Replace(new string(quote, 2), quote.ToString(), StringComparison.Ordinal);

    // PostgreSQL's escape-string rules: \b \f \n \r \t, \ooo octal, \xhh hex, \uXXXX and \UXXXXXXXX,
    // '' for a quote, and a backslash before any other character stands for that character.
    private static string DecodeEscapes(ReadOnlySpan<char> body, int offset)
    {
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
                    while (hexDigits < 2 && i + 1 < body.Length && char.IsAsciiHexDigit(body[i + 1])) { hex = (hex * 16) + Convert.ToInt32(body[++i].ToString(), 16); hexDigits++; }
                    text.Append((char)hex);
                    break;
                case 'u' or 'U':
                    int length = e == 'u' ? 4 : 8;
                    if (i + length >= body.Length
                        || !int.TryParse(body.Slice(i + 1, length), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code)
                        || code is < 0 or > 0x10FFFF or (>= 0xD800 and <= 0xDFFF))
                    {
                        throw ProcedureSyntax.Error("invalid Unicode escape in E'' string", offset);
                    }

                    text.Append(char.ConvertFromUtf32(code));
                    i += length;
                    break;
                default: text.Append(e); break;
            }
        }

        return text.ToString();
    }

    internal static bool TryParseInteger(string text, out long value) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
