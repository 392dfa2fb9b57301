using System.Globalization;
using System.Text;

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
/// Splits a procedure statement into PostgreSQL-flavoured tokens: words, "quoted" identifiers,
/// 'strings' (with '' escapes), $tag$dollar-quoted$tag$ strings, x'hex' blobs, numbers and $n
/// parameters. Comments are skipped. Only what the three procedure statements need.
/// </summary>
internal sealed class ProcedureTokenizer
{
    private readonly string _sql;
    private int _pos;

    public ProcedureTokenizer(string sql) => _sql = sql;

    public ProcedureToken Next()
    {
        SkipSpaceAndComments();
        if (_pos >= _sql.Length) return new ProcedureToken(ProcedureTokenKind.End, _pos, "");
        int start = _pos;
        char c = _sql[_pos];
        if ((c == 'x' || c == 'X') && _pos + 1 < _sql.Length && _sql[_pos + 1] == '\'')
        {
            _pos++;
            return new ProcedureToken(ProcedureTokenKind.HexBlob, start, ReadQuoted('\'', start));
        }
        if (c == '\'') return new ProcedureToken(ProcedureTokenKind.String, start, ReadQuoted('\'', start));
        if (c == '"') return new ProcedureToken(ProcedureTokenKind.QuotedIdentifier, start, ReadQuoted('"', start));
        if (c == '$')
        {
            if (_pos + 1 < _sql.Length && char.IsAsciiDigit(_sql[_pos + 1]))
            {
                _pos++;
                while (_pos < _sql.Length && char.IsAsciiDigit(_sql[_pos])) _pos++;
                return new ProcedureToken(ProcedureTokenKind.Parameter, start, _sql[(start + 1).._pos]);
            }
            return new ProcedureToken(ProcedureTokenKind.String, start, ReadDollarQuoted(start));
        }
        if (char.IsAsciiDigit(c) || (c == '.' && _pos + 1 < _sql.Length && char.IsAsciiDigit(_sql[_pos + 1])))
        {
            return new ProcedureToken(ProcedureTokenKind.Number, start, ReadNumber());
        }
        if (char.IsAsciiLetter(c) || c == '_')
        {
            while (_pos < _sql.Length && (char.IsAsciiLetterOrDigit(_sql[_pos]) || _sql[_pos] == '_')) _pos++;
            return new ProcedureToken(ProcedureTokenKind.Word, start, _sql[start.._pos]);
        }
        if (c == ':' && _pos + 1 < _sql.Length && _sql[_pos + 1] == ':')
        {
            _pos += 2;
            return new ProcedureToken(ProcedureTokenKind.Punctuation, start, "::");
        }
        _pos++;
        return new ProcedureToken(ProcedureTokenKind.Punctuation, start, c.ToString());
    }

    private void SkipSpaceAndComments()
    {
        while (_pos < _sql.Length)
        {
            char c = _sql[_pos];
            if (char.IsWhiteSpace(c)) { _pos++; continue; }
            if (c == '-' && _pos + 1 < _sql.Length && _sql[_pos + 1] == '-')
            {
                while (_pos < _sql.Length && _sql[_pos] != '\n') _pos++;
                continue;
            }
            if (c == '/' && _pos + 1 < _sql.Length && _sql[_pos + 1] == '*')
            {
                int end = _sql.IndexOf("*/", _pos + 2, StringComparison.Ordinal);
                if (end < 0) throw ProcedureSyntax.Error("unterminated /* comment", _pos);
                _pos = end + 2;
                continue;
            }
            return;
        }
    }

    private string ReadQuoted(char quote, int start)
    {
        _pos++; // opening quote
        var text = new StringBuilder();
        while (true)
        {
            if (_pos >= _sql.Length) throw ProcedureSyntax.Error($"unterminated {(quote == '"' ? "quoted identifier" : "string literal")}", start);
            char c = _sql[_pos++];
            if (c == quote)
            {
                if (_pos < _sql.Length && _sql[_pos] == quote) { text.Append(quote); _pos++; continue; }
                return text.ToString();
            }
            text.Append(c);
        }
    }

    private string ReadDollarQuoted(int start)
    {
        int tagEnd = _pos + 1;
        while (tagEnd < _sql.Length && (char.IsAsciiLetterOrDigit(_sql[tagEnd]) || _sql[tagEnd] == '_')) tagEnd++;
        if (tagEnd >= _sql.Length || _sql[tagEnd] != '$') throw ProcedureSyntax.Error("syntax error at or near \"$\"", start);
        string tag = _sql[_pos..(tagEnd + 1)];
        int bodyStart = tagEnd + 1;
        int close = _sql.IndexOf(tag, bodyStart, StringComparison.Ordinal);
        if (close < 0) throw ProcedureSyntax.Error("unterminated dollar-quoted string", start);
        _pos = close + tag.Length;
        return _sql[bodyStart..close];
    }

    private string ReadNumber()
    {
        int start = _pos;
        while (_pos < _sql.Length && char.IsAsciiDigit(_sql[_pos])) _pos++;
        if (_pos < _sql.Length && _sql[_pos] == '.')
        {
            _pos++;
            while (_pos < _sql.Length && char.IsAsciiDigit(_sql[_pos])) _pos++;
        }
        if (_pos < _sql.Length && (_sql[_pos] == 'e' || _sql[_pos] == 'E'))
        {
            int save = _pos++;
            if (_pos < _sql.Length && (_sql[_pos] == '+' || _sql[_pos] == '-')) _pos++;
            if (_pos < _sql.Length && char.IsAsciiDigit(_sql[_pos]))
            {
                while (_pos < _sql.Length && char.IsAsciiDigit(_sql[_pos])) _pos++;
            }
            else
            {
                _pos = save;
            }
        }
        return _sql[start.._pos];
    }

    internal static bool TryParseInteger(string text, out long value) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
