using System.Text;

namespace TenantDb.Wire.Sql;

/// <summary>
/// Changes the rewrite passes make to one <see cref="ClientStatement"/>, kept per token: openings
/// (<c>CAST(</c>, a function name and its parenthesis) inserted before a token, and text replacing a
/// run of tokens. Every pass reads the client's tokens and records
/// edits here; the rewritten text is built once from them, and the same walk maps a character of the
/// rewritten text back to the client's text (see <see cref="SqlPositionMap"/>).
/// </summary>
internal sealed class SqlEdits
{
    private readonly ClientStatement _statement;
    private readonly List<(string Text, int Count)>?[] _openings;
    private readonly string?[] _replacement;
    private readonly int[] _replaceEnd;
    private string?[]? _closings;

    public SqlEdits(ClientStatement statement)
    {
        _statement = statement;
        var count = statement.Tokens.Length;
        _openings = new List<(string Text, int Count)>?[count];
        _replacement = new string?[count];
        _replaceEnd = new int[count];
        Any = HasNestedComment(statement);
    }

    /// <summary>True once any edit is recorded.</summary>
    public bool Any { get; private set; }

    /// <summary>Inserts <c>CAST(</c> before token <paramref name="token"/> (once more for each call: casts of casts nest).</summary>
    public void OpenCastBefore(int token) => InsertBefore(token, "CAST(");

    /// <summary>
    /// Inserts <paramref name="opening"/> before token <paramref name="token"/>, outside the openings
    /// already there: passes walk left to right, so a later opening wraps an earlier one
    /// (<c>x::regtype::text</c> is <c>CAST(regtype(x) AS TEXT)</c>).
    /// </summary>
    public void InsertBefore(int token, string opening)
    {
        // Runs of the same opening (x::text::text...) are counted, not listed: one entry per run.
        var openings = _openings[token] ??= [];
        if (openings.Count > 0 && ReferenceEquals(openings[^1].Text, opening)) openings[^1] = (opening, openings[^1].Count + 1);
        else openings.Add((opening, 1));
        Any = true;
    }

    /// <summary>
    /// Appends <paramref name="closing"/> after token <paramref name="token"/> (after the whole run when a
    /// replacement covers the token), inside closings recorded earlier for it.
    /// </summary>
    public void CloseAfter(int token, string closing)
    {
        _closings ??= new string?[_statement.Tokens.Length];
        _closings[token] = _closings[token] is { } earlier ? earlier + closing : closing;
        Any = true;
    }

    /// <summary>True when token <paramref name="token"/> is already replaced (alone or as part of a run).</summary>
    public bool IsReplaced(int token) => _replacement[token] is not null;

    /// <summary>Replaces tokens <paramref name="first"/> to <paramref name="end"/> (exclusive), with the space between them, by <paramref name="text"/>.</summary>
    public void Replace(int first, int end, string text)
    {
        _replacement[first] = text;
        _replaceEnd[first] = end;
        Any = true;
    }

    /// <summary>The rewritten statement text.</summary>
    public string Build()
    {
        if (!Any) return _statement.Sql;
        var output = new StringBuilder(_statement.Sql.Length + 16);
        Walk(output, -1);
        return output.ToString();
    }

    /// <summary>The index in the client's text of the character at <paramref name="offset"/> of the rewritten text.</summary>
    public int ToClientIndex(int offset) => Walk(null, offset);

    // Emits the rewritten text into output (when given) and returns the client index of the character
    // at target (when not -1): a copied character maps to itself, an inserted one to the token it
    // stands for (its start, or its last character for a closing after it). Comments with a comment
    // nested inside (which SQLite does not understand) become one
    // space: the space between tokens is all whitespace and comments, so nothing else changes meaning.
    private int Walk(StringBuilder? output, int target)
    {
        var text = _statement.Text;
        var tokens = _statement.Tokens;
        var written = 0;
        var copiedUpTo = _statement.Start;
        for (var i = 0; i < tokens.Length;)
        {
            var token = tokens[i];
            var gap = text.AsSpan(copiedUpTo, token.Start - copiedUpTo);
            if (CountOf(gap, "/*") > 1)
            {
                if (Emit(output, " ", ref written, target)) return copiedUpTo;
            }
            else if (Copy(output, text, copiedUpTo, gap.Length, ref written, target))
            {
                return copiedUpTo + (target - (written - gap.Length));
            }
            if (_openings[i] is { } openings)
            {
                for (var n = openings.Count - 1; n >= 0; n--)
                {
                    for (var k = 0; k < openings[n].Count; k++)
                    {
                        if (Emit(output, openings[n].Text, ref written, target)) return token.Start;
                    }
                }
            }
            if (_replacement[i] is { } replacement)
            {
                if (Emit(output, replacement, ref written, target)) return token.Start;
                copiedUpTo = tokens[_replaceEnd[i] - 1].End;
                var runEnd = _replaceEnd[i];
                for (var k = i; k < runEnd; k++)
                {
                    if (_closings?[k] is { } closing && Emit(output, closing, ref written, target)) return tokens[k].Start;
                }
                i = runEnd;
                continue;
            }
            if (Copy(output, text, token.Start, token.Length, ref written, target)) return token.Start + (target - (written - token.Length));
            // A closing after a copied token maps to the token's last character, so positions never go back.
            if (_closings?[i] is { } closed && Emit(output, closed, ref written, target)) return token.End - 1;
            copiedUpTo = token.End;
            i++;
        }
        return copiedUpTo;
    }

    private static bool Emit(StringBuilder? output, string piece, ref int written, int target)
    {
        output?.Append(piece);
        written += piece.Length;
        return target >= 0 && target < written;
    }

    private static bool Copy(StringBuilder? output, string text, int start, int length, ref int written, int target)
    {
        output?.Append(text, start, length);
        written += length;
        return target >= 0 && target < written;
    }

    // A gap between tokens holding two comment openings (nested or not) is rewritten as one space.
    private static bool HasNestedComment(ClientStatement statement)
    {
        var tokens = statement.Tokens;
        if (tokens.Length == 0 || !statement.Text.AsSpan(statement.Start, tokens[^1].Start - statement.Start).Contains("/*", StringComparison.Ordinal)) return false;
        for (var i = 1; i < tokens.Length; i++)
        {
            if (CountOf(statement.Text.AsSpan(tokens[i - 1].End, tokens[i].Start - tokens[i - 1].End), "/*") > 1) return true;
        }
        return false;
    }

    private static int CountOf(ReadOnlySpan<char> text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0 && count < 2; at = text.IndexOf(value, StringComparison.Ordinal))
        {
            count++;
            text = text[(at + value.Length)..];
        }
        return count;
    }
}
