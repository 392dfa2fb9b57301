using TenantDb.Engine.SqlText;

namespace TenantDb.Wire.Sql;

/// <summary>
/// One statement of the text a client sent, lexed once by <see cref="SqlLexer"/>: the classifier, the
/// catalog matcher and the rewrite passes all read these tokens instead of scanning the text again.
/// </summary>
internal sealed class ClientStatement
{
    [ThreadStatic]
    private static List<SqlToken>? t_tokens;

    private ClientStatement(string text, int start, int end, SqlToken[] tokens)
    {
        Text = text;
        Start = start;
        End = end;
        Tokens = tokens;
    }

    /// <summary>The whole text the client sent (positions are indexes into it).</summary>
    public string Text { get; }

    /// <summary>Index of the statement's first token (its end when it has none).</summary>
    public int Start { get; }

    /// <summary>Index of the <c>;</c> ending the statement, or the text's length.</summary>
    public int End { get; }

    /// <summary>The statement's tokens, without the ending <c>;</c>.</summary>
    public SqlToken[] Tokens { get; }

    /// <summary>The statement as the client wrote it, from its first token to its last.</summary>
    public string Sql => Tokens.Length == 0 ? "" : Text[Start..Tokens[^1].End];

    /// <summary>Reads the statement starting at <paramref name="start"/> (whitespace and comments before it are skipped).</summary>
    public static ClientStatement Read(string text, int start)
    {
        var tokens = t_tokens ??= new List<SqlToken>();
        tokens.Clear();
        int end = SqlStatementSplitter.ReadStatement(text, start, tokens);
        SqlToken[] array = [.. tokens];
        if (tokens.Capacity > 4096) t_tokens = null; // a huge statement's buffer is not kept
        return new ClientStatement(text, array.Length > 0 ? array[0].Start : end, end, array);
    }

    /// <summary>The first statement of <paramref name="text"/> that is not empty (skipping lone semicolons).</summary>
    public static ClientStatement ReadFirst(string text)
    {
        var statement = Read(text, 0);
        while (statement.Tokens.Length == 0 && statement.End < text.Length) statement = Read(text, statement.End + 1);
        return statement;
    }

    /// <summary>The text of token <paramref name="index"/>; empty past the end.</summary>
    public ReadOnlySpan<char> TextOf(int index) => index < Tokens.Length ? Tokens[index].TextIn(Text) : [];

    /// <summary>The keyword or identifier at <paramref name="index"/>; empty when that token is something else or past the end.</summary>
    public ReadOnlySpan<char> WordAt(int index) =>
        index < Tokens.Length && Tokens[index].Kind == SqlTokenKind.Word ? Tokens[index].TextIn(Text) : [];

    /// <summary>True when token <paramref name="index"/> is the word <paramref name="word"/> (ASCII case ignored).</summary>
    public bool IsWord(int index, string word) => index < Tokens.Length && Tokens[index].IsWord(Text, word);

    /// <summary>True when token <paramref name="index"/> is the punctuation <paramref name="c"/>.</summary>
    public bool IsPunctuation(int index, char c) => index < Tokens.Length && Tokens[index].IsPunctuation(Text, c);

    /// <summary>The <c>)</c> or <c>]</c> matching the bracket at <paramref name="open"/>, or -1 when it is not closed.</summary>
    public int Closing(int open)
    {
        int depth = 0;
        for (int i = open; i < Tokens.Length; i++)
        {
            if (IsPunctuation(i, '(') || IsPunctuation(i, '[')) depth++;
            else if ((IsPunctuation(i, ')') || IsPunctuation(i, ']')) && --depth == 0) return i;
        }
        return -1;
    }

    /// <summary>The last <c>AS</c> outside brackets in tokens [<paramref name="start"/>, <paramref name="end"/>) (the one of <c>CAST(x AS type)</c>), or -1.</summary>
    public int TopLevelAs(int start, int end)
    {
        int found = -1;
        for (int k = start, depth = 0; k < end; k++)
        {
            if (IsPunctuation(k, '(') || IsPunctuation(k, '[')) depth++;
            else if (IsPunctuation(k, ')') || IsPunctuation(k, ']')) depth--;
            else if (depth == 0 && IsWord(k, "AS")) found = k;
        }
        return found;
    }

    /// <summary>True when token <paramref name="index"/> starts right where the one before it ends (no space or comment between).</summary>
    public bool Touches(int index) => index > 0 && index < Tokens.Length && Tokens[index].Start == Tokens[index - 1].End;

    /// <summary>True when nothing but whitespace, comments and semicolons follows the statement.</summary>
    public bool IsLast => End >= Text.Length || SqlStatementSplitter.IsBlank(Text, End);
}
