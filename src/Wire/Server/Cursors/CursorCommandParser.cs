using System.Globalization;
using System.Text;
using TenantDb.Engine.SqlText;
using TenantDb.Wire.Protocol;
using TenantDb.Wire.Sql;

namespace TenantDb.Wire.Server.Cursors;

/// <summary>
/// Reads DECLARE, FETCH, MOVE and CLOSE from the client's tokens, with PostgreSQL's grammar: every
/// FETCH form becomes one <see cref="FetchMotion"/>, names fold and truncate as identifiers do.
/// </summary>
internal static class CursorCommandParser
{
    /// <summary>Longest name kept, in UTF-8 bytes (PostgreSQL's NAMEDATALEN - 1); longer names are truncated as PostgreSQL does.</summary>
    public const int MaxNameBytes = 63;

    /// <summary>True for the statements this parser reads (first word DECLARE, FETCH, MOVE or CLOSE).</summary>
    public static bool IsCursorStatement(ClientStatement s) =>
        s.IsWord(0, "DECLARE") || s.IsWord(0, "FETCH") || s.IsWord(0, "MOVE") || s.IsWord(0, "CLOSE");

    /// <summary>Reads DECLARE.</summary>
    public static CursorDeclaration ParseDeclare(ClientStatement s)
    {
        var i = 1;
        var name = Name(s, ref i);
        bool binary = false, scroll = false, noScroll = false, hold = false;
        while (i < s.Tokens.Length && !s.IsWord(i, "CURSOR"))
        {
            if (s.IsWord(i, "BINARY")) binary = true;
            else if (s.IsWord(i, "SCROLL")) scroll = true;
            else if (s.IsWord(i, "NO") && s.IsWord(i + 1, "SCROLL")) { noScroll = true; i++; }
            else if (!s.IsWord(i, "INSENSITIVE") && !s.IsWord(i, "ASENSITIVE")) throw Syntax(s, i);
            i++;
        }
        if (scroll && noScroll) throw new PgStatementException(SqlState.InvalidCursorDefinition, "cannot specify both SCROLL and NO SCROLL");
        if (!s.IsWord(i, "CURSOR")) throw Syntax(s, i);
        i++;
        if ((s.IsWord(i, "WITH") || s.IsWord(i, "WITHOUT")) && s.IsWord(i + 1, "HOLD"))
        {
            hold = s.IsWord(i, "WITH");
            i += 2;
        }
        if (!s.IsWord(i, "FOR") || i + 1 >= s.Tokens.Length) throw Syntax(s, i);
        i++;
        var query = ClientStatement.ReadFirst(s.Text[s.Tokens[i].Start..s.Tokens[^1].End]);
        // PostgreSQL's grammar: DECLARE ... FOR SelectStmt.
        if (!(query.IsWord(0, "SELECT") || query.IsWord(0, "VALUES") || query.IsWord(0, "WITH") || query.IsWord(0, "TABLE") || query.IsPunctuation(0, '(')))
            throw Syntax(s, i);
        return new CursorDeclaration(name, binary, scroll, hold, query);
    }

    /// <summary>Reads FETCH or MOVE.</summary>
    public static CursorFetch ParseFetch(ClientStatement s)
    {
        var isMove = s.IsWord(0, "MOVE");
        var last = s.Tokens.Length - 1;
        if (last < 1) throw Syntax(s, 1);
        // The name is always the last token; FROM or IN may stand before it; the direction is what is between.
        // FROM, IN and ALL are reserved words: unquoted, they are never a name ("FETCH 1 FROM" lacks one).
        if (s.IsWord(last, "FROM") || s.IsWord(last, "IN") || s.IsWord(last, "ALL")) throw Syntax(s, last);
        var nameAt = last;
        var name = Name(s, ref nameAt);
        var end = last;
        if (end > 1 && (s.IsWord(end - 1, "FROM") || s.IsWord(end - 1, "IN"))) end--;
        var i = 1;
        var motion = FetchMotion.Next;
        if (i < end)
        {
            if (s.IsWord(i, "NEXT")) { motion = FetchMotion.Next; i++; }
            else if (s.IsWord(i, "PRIOR")) { motion = new FetchMotion(FetchDirection.Backward, 1); i++; }
            else if (s.IsWord(i, "FIRST")) { motion = new FetchMotion(FetchDirection.Absolute, 1); i++; }
            else if (s.IsWord(i, "LAST")) { motion = new FetchMotion(FetchDirection.Absolute, -1); i++; }
            else if (s.IsWord(i, "ALL")) { motion = new FetchMotion(FetchDirection.Forward, FetchMotion.All); i++; }
            else if (s.IsWord(i, "ABSOLUTE") || s.IsWord(i, "RELATIVE"))
            {
                var direction = s.IsWord(i, "ABSOLUTE") ? FetchDirection.Absolute : FetchDirection.Relative;
                i++;
                motion = new FetchMotion(direction, SignedCount(s, ref i, end));
            }
            else if (s.IsWord(i, "FORWARD") || s.IsWord(i, "BACKWARD"))
            {
                var direction = s.IsWord(i, "FORWARD") ? FetchDirection.Forward : FetchDirection.Backward;
                i++;
                long count = 1;
                if (i < end && s.IsWord(i, "ALL")) { count = FetchMotion.All; i++; }
                else if (i < end) count = SignedCount(s, ref i, end);
                motion = new FetchMotion(direction, count);
            }
            else
            {
                motion = new FetchMotion(FetchDirection.Forward, SignedCount(s, ref i, end));
            }
        }
        if (i != end) throw Syntax(s, i);
        return new CursorFetch(name, motion, isMove);
    }

    /// <summary>Reads CLOSE name | CLOSE ALL.</summary>
    public static CursorClose ParseClose(ClientStatement s)
    {
        if (s.Tokens.Length == 2 && s.IsWord(1, "ALL")) return new CursorClose(null);
        var i = 1;
        var name = Name(s, ref i);
        if (i != s.Tokens.Length) throw Syntax(s, i);
        return new CursorClose(name);
    }

    // SignedIconst: an integer with an optional sign, which the lexer gives as an operator token.
    private static long SignedCount(ClientStatement s, ref int i, int end)
    {
        var negative = false;
        if (i < end && s.Tokens[i].Kind == SqlTokenKind.Operator)
        {
            var op = s.TextOf(i);
            if (op is not ("-" or "+")) throw Syntax(s, i);
            negative = op[0] == '-';
            i++;
        }
        if (i >= end || s.Tokens[i].Kind != SqlTokenKind.Number
            || !long.TryParse(s.TextOf(i), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            throw Syntax(s, i);
        i++;
        return negative ? -value : value;
    }

    /// <summary>An identifier as PostgreSQL reads it: unquoted ones fold to lower case (ASCII), both truncate to <see cref="MaxNameBytes"/>.</summary>
    private static string Name(ClientStatement s, ref int i)
    {
        if (i >= s.Tokens.Length) throw Syntax(s, i);
        var token = s.Tokens[i];
        string name;
        if (token.Kind == SqlTokenKind.Word)
        {
            var text = token.TextIn(s.Text);
            var folded = new char[text.Length];
            for (var k = 0; k < text.Length; k++) folded[k] = text[k] is >= 'A' and <= 'Z' ? (char)(text[k] + 32) : text[k];
            name = new string(folded);
        }
        else if (token.Kind == SqlTokenKind.QuotedIdentifier)
        {
            name = SqlIdentifier.Unquote(s.Text, token);
            if (name.Length == 0) throw new PgStatementException(SqlState.SyntaxError, "zero-length delimited identifier");
        }
        else
        {
            throw Syntax(s, i);
        }
        i++;
        return Truncate(name);
    }

    private static string Truncate(string name)
    {
        if (Encoding.UTF8.GetByteCount(name) <= MaxNameBytes) return name;
        var length = 0;
        var bytes = 0;
        foreach (var rune in name.EnumerateRunes())
        {
            if (bytes + rune.Utf8SequenceLength > MaxNameBytes) break;
            bytes += rune.Utf8SequenceLength;
            length += rune.Utf16SequenceLength;
        }
        return name[..length];
    }

    private static PgStatementException Syntax(ClientStatement s, int i) =>
        new(SqlState.SyntaxError, i < s.Tokens.Length ? $"syntax error at or near \"{s.TextOf(i).ToString()}\"" : "syntax error at end of input");
}
