using System.Text;
using TenantDb.ProcSandbox.Errors;

namespace TenantDb.ProcSandbox.Text;

/// <summary>
/// Splits WebAssembly text (WAT or WAST) into tokens: parentheses, atoms (keywords, numbers,
/// identifiers, reserved words) and strings. Skips whitespace, line comments (<c>;;</c>) and
/// nested block comments (<c>(; ... ;)</c>). Every error is a <see cref="WatParseException"/>.
/// </summary>
internal sealed class WatLexer
{
    private readonly string _text;
    private int _pos;
    private int _line = 1;
    private int _lineStart;

    public WatLexer(string text) => _text = text;

    /// <summary>Reads the next token (an <see cref="WatTokenKind.End"/> token at the end).</summary>
    public WatToken Next()
    {
        SkipBlanks();
        int line = _line, column = _pos - _lineStart + 1;
        if (_pos >= _text.Length) return new WatToken(WatTokenKind.End, "", null, line, column);
        char c = _text[_pos];
        switch (c)
        {
            case '(':
                _pos++;
                return new WatToken(WatTokenKind.LeftParen, "(", null, line, column);
            case ')':
                _pos++;
                return new WatToken(WatTokenKind.RightParen, ")", null, line, column);
            case '"':
                return ReadString(line, column);
        }
        if (!IsIdChar(c)) throw Error($"unexpected character '{Printable(c)}'", line, column);
        int start = _pos;
        while (_pos < _text.Length && IsIdChar(_text[_pos])) _pos++;
        if (_pos < _text.Length && !IsDelimiter(_text, _pos))
        {
            throw Error($"unexpected character '{Printable(_text[_pos])}' in token", _line, _pos - _lineStart + 1);
        }
        return new WatToken(WatTokenKind.Atom, _text[start.._pos], null, line, column);
    }

    /// <summary>The characters the spec allows in keywords, numbers and identifiers.</summary>
    internal static bool IsIdChar(char c) =>
        c is >= '0' and <= '9' or >= 'a' and <= 'z' or >= 'A' and <= 'Z'
        or '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '/'
        or ':' or '<' or '=' or '>' or '?' or '@' or '\\' or '^' or '_' or '`' or '|' or '~';

    private static bool IsDelimiter(string text, int pos)
    {
        char c = text[pos];
        return c is ' ' or '\t' or '\n' or '\r' or '(' or ')' or '"'
            || (c == ';' && pos + 1 < text.Length && text[pos + 1] == ';');
    }

    private void SkipBlanks()
    {
        while (_pos < _text.Length)
        {
            char c = _text[_pos];
            if (c == '\n')
            {
                _pos++;
                _line++;
                _lineStart = _pos;
            }
            else if (c is ' ' or '\t' or '\r')
            {
                _pos++;
            }
            else if (c == ';' && Peek(1) == ';')
            {
                while (_pos < _text.Length && _text[_pos] != '\n') _pos++;
            }
            else if (c == '(' && Peek(1) == ';')
            {
                SkipBlockComment();
            }
            else
            {
                return;
            }
        }
    }

    private void SkipBlockComment()
    {
        int line = _line, column = _pos - _lineStart + 1;
        int depth = 0;
        while (_pos < _text.Length)
        {
            char c = _text[_pos];
            if (c == '(' && Peek(1) == ';')
            {
                depth++;
                _pos += 2;
            }
            else if (c == ';' && Peek(1) == ')')
            {
                depth--;
                _pos += 2;
                if (depth == 0) return;
            }
            else
            {
                if (c == '\n')
                {
                    _line++;
                    _lineStart = _pos + 1;
                }
                _pos++;
            }
        }
        throw Error("unclosed block comment", line, column);
    }

    private char Peek(int ahead) => _pos + ahead < _text.Length ? _text[_pos + ahead] : '\0';

    private WatToken ReadString(int line, int column)
    {
        _pos++; // opening quote
        var bytes = new List<byte>();
        Span<byte> utf8 = stackalloc byte[4];
        while (true)
        {
            if (_pos >= _text.Length) throw Error("unclosed string", line, column);
            char c = _text[_pos];
            if (c == '"')
            {
                _pos++;
                break;
            }
            if (c == '\n' || c < 0x20 || c == 0x7F)
            {
                throw Error("illegal character in string", _line, _pos - _lineStart + 1);
            }
            if (c != '\\')
            {
                int width = Rune.DecodeFromUtf16(_text.AsSpan(_pos), out var rune, out int consumed) == System.Buffers.OperationStatus.Done
                    ? rune.EncodeToUtf8(utf8)
                    : throw Error("malformed UTF-16 in string", _line, _pos - _lineStart + 1);
                for (int i = 0; i < width; i++) bytes.Add(utf8[i]);
                _pos += consumed;
                continue;
            }
            ReadEscape(bytes, utf8);
        }
        if (_pos < _text.Length && !IsDelimiter(_text, _pos))
        {
            throw Error("unexpected character after string", _line, _pos - _lineStart + 1);
        }
        return new WatToken(WatTokenKind.String, "", [.. bytes], line, column);
    }

    private void ReadEscape(List<byte> bytes, Span<byte> utf8)
    {
        int column = _pos - _lineStart + 1;
        _pos++; // backslash
        char e = _pos < _text.Length ? _text[_pos] : '\0';
        _pos++;
        switch (e)
        {
            case 'n': bytes.Add((byte)'\n'); return;
            case 't': bytes.Add((byte)'\t'); return;
            case 'r': bytes.Add((byte)'\r'); return;
            case '"': bytes.Add((byte)'"'); return;
            case '\'': bytes.Add((byte)'\''); return;
            case '\\': bytes.Add((byte)'\\'); return;
            case 'u':
                {
                    if (Peek(0) != '{') throw Error("malformed unicode escape", _line, column);
                    _pos++;
                    int value = 0, digits = 0;
                    while (_pos < _text.Length && HexValue(_text[_pos]) is int d and >= 0)
                    {
                        value = value * 16 + d;
                        if (value > 0x10FFFF) throw Error("unicode escape out of range", _line, column);
                        digits++;
                        _pos++;
                        if (Peek(0) == '_' && HexValue(Peek(1)) >= 0) _pos++;
                    }
                    if (digits == 0 || Peek(0) != '}' || !Rune.IsValid(value))
                    {
                        throw Error("malformed unicode escape", _line, column);
                    }
                    _pos++;
                    int width = new Rune(value).EncodeToUtf8(utf8);
                    for (int i = 0; i < width; i++) bytes.Add(utf8[i]);
                    return;
                }
        }
        int hi = HexValue(e), lo = HexValue(Peek(0));
        if (hi < 0 || lo < 0) throw Error("unknown escape sequence", _line, column);
        _pos++;
        bytes.Add((byte)(hi * 16 + lo));
    }

    internal static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    private static string Printable(char c) => c < 0x20 || c > 0x7E ? $"\\u{(int)c:x4}" : c.ToString();

    private static WatParseException Error(string message, int line, int column) => new(message, line, column);
}
