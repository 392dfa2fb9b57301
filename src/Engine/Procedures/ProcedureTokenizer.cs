using System.Globalization;
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
                return new ProcedureToken(ProcedureTokenKind.QuotedIdentifier, start, SqlIdentifier.Unquote(_sql, token));
            case SqlTokenKind.String or SqlTokenKind.EscapeString or SqlTokenKind.DollarString:
                if (!SqlStringConstant.TryGetValue(_sql, token, out string value, out string? error)) throw ProcedureSyntax.Error(error!, start);
                return new ProcedureToken(ProcedureTokenKind.String, start, value);
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

    internal static bool TryParseInteger(string text, out long value) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
