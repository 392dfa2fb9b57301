using TenantDb.Engine.SqlText;

namespace TenantDb.Wire.Sql;

/// <summary>
/// The wire layer's view of SQL text, by PostgreSQL's lexical rules (<see cref="SqlLexer"/>): where
/// statements end, the next keyword, blank text. Strings, quoted identifiers, dollar quotes and nested
/// comments are understood, so a <c>;</c> inside any of them never ends a statement.
/// </summary>
internal static class SqlScanner
{
    /// <summary>Index of the first character at or after <paramref name="i"/> that is not whitespace or comment.</summary>
    public static int SkipTrivia(string sql, int i) => SqlStatementSplitter.SkipTrivia(sql, i);

    /// <summary>Reads a keyword or unquoted identifier starting at <paramref name="i"/> (after trivia); empty if the next token is something else.</summary>
    public static ReadOnlySpan<char> ReadWord(string sql, ref int i)
    {
        var lexer = new SqlLexer(sql, i);
        SqlToken token = lexer.Next();
        if (token.Kind != SqlTokenKind.Word)
        {
            i = token.Start;
            return [];
        }

        i = token.End;
        return sql.AsSpan(token.Start, token.Length);
    }

    /// <summary>Index of the semicolon ending the statement that starts at <paramref name="i"/>, or the text length.</summary>
    public static int FindStatementEnd(string sql, int i) => SqlStatementSplitter.FindStatementEnd(sql, i);

    /// <summary>True when only whitespace, comments and semicolons remain from <paramref name="i"/>.</summary>
    public static bool IsBlank(string sql, int i) => SqlStatementSplitter.IsBlank(sql, i);
}
