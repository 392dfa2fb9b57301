namespace TenantDb.Engine.SqlText;

/// <summary>
/// Splits SQL text into tokens by PostgreSQL's lexical rules, in one pass and without allocating:
/// <c>--</c> and nested <c>/* */</c> comments, <c>'strings'</c> with <c>''</c>, <c>E'…'</c> with backslash
/// escapes, <c>B'…'</c>/<c>X'…'</c>/<c>N'…'</c>/<c>U&amp;'…'</c>, <c>"identifiers"</c>,
/// <c>$tag$dollar quotes$tag$</c>, <c>$n</c> parameters, numbers, operators and punctuation. Every
/// piece of SQL text the server looks at (statement splitting, classification, the procedure
/// statements) goes through this lexer, so they all agree on where strings and statements end.
/// Work is linear in the text's length: each character is looked at a bounded number of times.
/// </summary>
public ref struct SqlLexer
{
    private readonly ReadOnlySpan<char> _text;
    private readonly bool _sqliteQuoting;
    private int _position;

    /// <summary>Starts lexing <paramref name="text"/> at <paramref name="start"/>.</summary>
    public SqlLexer(ReadOnlySpan<char> text, int start = 0)
        : this(text, start, sqliteQuoting: false)
    {
    }

    /// <summary>
    /// Starts lexing; with <paramref name="sqliteQuoting"/>, SQLite's <c>[name]</c> and <c>`name`</c> are
    /// quoted identifiers too (for the schema text SQLite keeps, which may use them).
    /// </summary>
    public SqlLexer(ReadOnlySpan<char> text, int start, bool sqliteQuoting)
    {
        _text = text;
        _position = start;
        _sqliteQuoting = sqliteQuoting;
    }

    /// <summary>Where the next call to <see cref="Next"/> starts looking (after the last token).</summary>
    public readonly int Position => _position;

    /// <summary>The next token, skipping whitespace and comments; <see cref="SqlTokenKind.End"/> at the end.</summary>
    public SqlToken Next()
    {
        if (SkipTrivia() is { } unterminatedComment) return unterminatedComment;
        int start = _position;
        if (start >= _text.Length) return new SqlToken(SqlTokenKind.End, _text.Length, 0);

        char c = _text[start];
        char next = Peek(1);
        switch (c)
        {
            case '\'':
                return Quoted(start, start, SqlTokenKind.String, backslashEscapes: false);
            case '"':
                return Quoted(start, start, SqlTokenKind.QuotedIdentifier, backslashEscapes: false);
            case '$':
                return Dollar(start);
            case '`' when _sqliteQuoting:
                return Quoted(start, start, SqlTokenKind.QuotedIdentifier, backslashEscapes: false);
            case '[' when _sqliteQuoting:
            {
                int close = _text[start..].IndexOf(']');
                _position = close < 0 ? _text.Length : start + close + 1;
                return new SqlToken(close < 0 ? SqlTokenKind.Unterminated : SqlTokenKind.QuotedIdentifier, start, _position - start);
            }
            case ':' when next == ':':
                _position += 2;
                return new SqlToken(SqlTokenKind.TypeCast, start, 2);
            case '(' or ')' or '[' or ']' or ',' or ';' or ':':
                _position++;
                return new SqlToken(SqlTokenKind.Punctuation, start, 1);
            case '.' when !char.IsAsciiDigit(next):
                _position++;
                return new SqlToken(SqlTokenKind.Punctuation, start, 1);
        }

        if (char.IsAsciiDigit(c) || c == '.') return Number(start);
        if (IsIdentifierStart(c))
        {
            // A one-letter prefix glued to a quote makes a special string constant.
            if (next == '\'')
            {
                switch (c)
                {
                    case 'E' or 'e':
                        return Quoted(start, start + 1, SqlTokenKind.EscapeString, backslashEscapes: true);
                    case 'B' or 'b' or 'X' or 'x':
                        return Quoted(start, start + 1, SqlTokenKind.BitString, backslashEscapes: false);
                    case 'N' or 'n':
                        return Quoted(start, start + 1, SqlTokenKind.String, backslashEscapes: false);
                }
            }

            if (c is 'U' or 'u' && next == '&' && Peek(2) is '\'' or '"')
            {
                return Quoted(start, start + 2, Peek(2) == '"' ? SqlTokenKind.QuotedIdentifier : SqlTokenKind.String, backslashEscapes: false);
            }

            _position++;
            while (_position < _text.Length && IsIdentifierPart(_text[_position])) _position++;
            return new SqlToken(SqlTokenKind.Word, start, _position - start);
        }

        if (IsOperatorChar(c)) return Operator(start);

        // A character PostgreSQL has no token for (for example a backslash): one token of its own.
        _position++;
        return new SqlToken(SqlTokenKind.Operator, start, 1);
    }

    /// <summary>True when nothing but whitespace and comments is left.</summary>
    public readonly bool AtEnd
    {
        get
        {
            SqlLexer copy = this;
            return copy.Next().Kind == SqlTokenKind.End;
        }
    }

    private readonly char Peek(int offset) => _position + offset < _text.Length ? _text[_position + offset] : '\0';

    // Skips whitespace and comments. Returns an Unterminated token for a block comment the text ends inside.
    private SqlToken? SkipTrivia()
    {
        while (_position < _text.Length)
        {
            char c = _text[_position];
            if (IsWhitespace(c))
            {
                _position++;
            }
            else if (c == '-' && Peek(1) == '-')
            {
                _position += 2;
                while (_position < _text.Length && _text[_position] is not ('\n' or '\r')) _position++;
            }
            else if (c == '/' && Peek(1) == '*')
            {
                int start = _position;
                _position += 2;
                int depth = 1;
                while (depth > 0)
                {
                    if (_position >= _text.Length) return new SqlToken(SqlTokenKind.Unterminated, start, _text.Length - start);
                    if (_text[_position] == '/' && Peek(1) == '*')
                    {
                        depth++;
                        _position += 2;
                    }
                    else if (_text[_position] == '*' && Peek(1) == '/')
                    {
                        depth--;
                        _position += 2;
                    }
                    else
                    {
                        _position++;
                    }
                }
            }
            else
            {
                break;
            }
        }

        return null;
    }

    // A quoted string or identifier starting at tokenStart whose opening quote is at quote. A doubled
    // quote character stands for itself; with backslashEscapes, a backslash escapes the next character.
    private SqlToken Quoted(int tokenStart, int quote, SqlTokenKind kind, bool backslashEscapes)
    {
        char delimiter = _text[quote];
        int i = quote + 1;
        while (i < _text.Length)
        {
            char c = _text[i];
            if (backslashEscapes && c == '\\')
            {
                i += 2;
                continue;
            }

            if (c == delimiter)
            {
                if (i + 1 < _text.Length && _text[i + 1] == delimiter)
                {
                    i += 2;
                    continue;
                }

                _position = i + 1;
                return new SqlToken(kind, tokenStart, _position - tokenStart);
            }

            i++;
        }

        _position = _text.Length;
        return new SqlToken(SqlTokenKind.Unterminated, tokenStart, _text.Length - tokenStart);
    }

    private SqlToken Dollar(int start)
    {
        int i = start + 1;
        if (i < _text.Length && char.IsAsciiDigit(_text[i]))
        {
            while (i < _text.Length && char.IsAsciiDigit(_text[i])) i++;
            _position = i;
            return new SqlToken(SqlTokenKind.Parameter, start, i - start);
        }

        // $tag$ where the tag is empty or an identifier without '$'.
        if (i < _text.Length && IsIdentifierStart(_text[i]))
        {
            i++;
            while (i < _text.Length && IsIdentifierPart(_text[i]) && _text[i] != '$') i++;
        }

        if (i >= _text.Length || _text[i] != '$')
        {
            // A lone '$' is not a token in PostgreSQL; keep it as one character.
            _position = start + 1;
            return new SqlToken(SqlTokenKind.Operator, start, 1);
        }

        ReadOnlySpan<char> delimiter = _text[start..(i + 1)];
        int bodyStart = i + 1;
        int close = _text[bodyStart..].IndexOf(delimiter);
        if (close < 0)
        {
            _position = _text.Length;
            return new SqlToken(SqlTokenKind.Unterminated, start, _text.Length - start);
        }

        _position = bodyStart + close + delimiter.Length;
        return new SqlToken(SqlTokenKind.DollarString, start, _position - start);
    }

    private SqlToken Number(int start)
    {
        int i = start;
        while (i < _text.Length && char.IsAsciiDigit(_text[i])) i++;
        if (i < _text.Length && _text[i] == '.' && !(i + 1 < _text.Length && _text[i + 1] == '.'))
        {
            i++;
            while (i < _text.Length && char.IsAsciiDigit(_text[i])) i++;
        }

        if (i < _text.Length && _text[i] is 'e' or 'E')
        {
            int exponent = i + 1;
            if (exponent < _text.Length && _text[exponent] is '+' or '-') exponent++;
            if (exponent < _text.Length && char.IsAsciiDigit(_text[exponent]))
            {
                i = exponent;
                while (i < _text.Length && char.IsAsciiDigit(_text[i])) i++;
            }
        }

        _position = i;
        return new SqlToken(SqlTokenKind.Number, start, i - start);
    }

    // A run of operator characters; "--" and "/*" inside it start a comment and end the operator.
    private SqlToken Operator(int start)
    {
        int i = start + 1;
        while (i < _text.Length && IsOperatorChar(_text[i]))
        {
            if ((_text[i] == '-' && i + 1 < _text.Length && _text[i + 1] == '-')
                || (_text[i] == '/' && i + 1 < _text.Length && _text[i + 1] == '*'))
            {
                break;
            }

            i++;
        }

        // PostgreSQL's rule: a multi-character operator cannot end in + or - unless it contains one of
        // ~ ! @ # % ^ & | ` ?, so "=-5" is "=" then "-" then "5".
        if (i - start > 1 && _text[start..i].IndexOfAny("~!@#%^&|`?") < 0)
        {
            while (i - start > 1 && _text[i - 1] is '+' or '-') i--;
        }

        _position = i;
        return new SqlToken(SqlTokenKind.Operator, start, i - start);
    }

    private static bool IsWhitespace(char c) => c is ' ' or '\t' or '\n' or '\r' or '\f' or '\v';

    // PostgreSQL counts every non-ASCII character as a letter.
    private static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c == '_' || c >= '\u0080';

    private static bool IsIdentifierPart(char c) => IsIdentifierStart(c) || char.IsAsciiDigit(c) || c == '$';

    private static bool IsOperatorChar(char c) => c is '+' or '-' or '*' or '/' or '<' or '>' or '=' or '~' or '!' or '@' or '#' or '%' or '^' or '&' or '|' or '`' or '?';
}
