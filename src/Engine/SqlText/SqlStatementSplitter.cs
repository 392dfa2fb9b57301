namespace TenantDb.Engine.SqlText;

/// <summary>Finds where statements end in a text of several, by <see cref="SqlLexer"/>'s tokens.</summary>
public static class SqlStatementSplitter
{
    /// <summary>
    /// The index of the top-level <c>;</c> that ends the statement starting at <paramref name="start"/>,
    /// or the text's length when none does. Semicolons inside strings, quoted identifiers, dollar quotes
    /// and comments do not count, nor do those inside the body of a SQLite
    /// <c>CREATE [TEMP] TRIGGER … BEGIN …; END</c>: there, as in SQLite's own <c>sqlite3_complete</c>,
    /// only the <c>;</c> of <c>; END ;</c> ends the statement (so <c>CASE … END;</c> inside does not).
    /// </summary>
    public static int FindStatementEnd(ReadOnlySpan<char> text, int start) => ReadStatement(text, start, null);

    /// <summary>
    /// Like <see cref="FindStatementEnd"/>, and adds the statement's tokens (without the ending
    /// <c>;</c>) to <paramref name="tokens"/> in the same pass, so the statement is lexed once.
    /// </summary>
    public static int ReadStatement(ReadOnlySpan<char> text, int start, List<SqlToken>? tokens)
    {
        var lexer = new SqlLexer(text, start);
        bool trigger = StartsCreateTrigger(text, lexer);
        SqlToken previous = default, beforePrevious = default;
        while (true)
        {
            SqlToken token = lexer.Next();
            if (token.Kind == SqlTokenKind.End) return text.Length;
            if (token.IsPunctuation(text, ';')
                && (!trigger || (previous.IsWord(text, "END") && beforePrevious.IsPunctuation(text, ';'))))
            {
                return token.Start;
            }

            tokens?.Add(token);
            beforePrevious = previous;
            previous = token;
        }
    }

    private static bool StartsCreateTrigger(ReadOnlySpan<char> text, SqlLexer lexer)
    {
        if (!lexer.Next().IsWord(text, "CREATE")) return false;
        SqlToken word = lexer.Next();
        if (word.IsWord(text, "TEMP") || word.IsWord(text, "TEMPORARY")) word = lexer.Next();
        return word.IsWord(text, "TRIGGER");
    }

    /// <summary>The index of the first token at or after <paramref name="start"/> (past whitespace and comments).</summary>
    public static int SkipTrivia(ReadOnlySpan<char> text, int start) => new SqlLexer(text, start).Next().Start;

    /// <summary>True when only whitespace, comments and semicolons remain from <paramref name="start"/>.</summary>
    public static bool IsBlank(ReadOnlySpan<char> text, int start)
    {
        var lexer = new SqlLexer(text, start);
        while (true)
        {
            SqlToken token = lexer.Next();
            if (token.Kind == SqlTokenKind.End) return true;
            if (!token.IsPunctuation(text, ';')) return false;
        }
    }
}
