namespace TenantDb.Wire.Sql;

/// <summary>
/// Just enough lexing of SQL text to find keywords and statement ends: skips whitespace, comments
/// (-- and /* */), quoted strings ('...'), quoted identifiers ("...", [...], `...`). It never
/// interprets SQL; SQLite does that.
/// </summary>
internal static class SqlScanner
{
    /// <summary>Index of the first character at or after <paramref name="i"/> that is not whitespace or comment.</summary>
    public static int SkipTrivia(string sql, int i)
    {
        while (i < sql.Length)
        {
            var c = sql[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c == '-' && i + 1 < sql.Length && sql[i + 1] == '-')
            {
                var nl = sql.IndexOf('\n', i);
                i = nl < 0 ? sql.Length : nl + 1;
                continue;
            }
            if (c == '/' && i + 1 < sql.Length && sql[i + 1] == '*')
            {
                var end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? sql.Length : end + 2;
                continue;
            }
            break;
        }
        return i;
    }

    /// <summary>Reads an identifier/keyword starting at <paramref name="i"/> (after trivia); empty if none.</summary>
    public static ReadOnlySpan<char> ReadWord(string sql, ref int i)
    {
        i = SkipTrivia(sql, i);
        var start = i;
        while (i < sql.Length && (char.IsLetterOrDigit(sql[i]) || sql[i] == '_')) i++;
        return sql.AsSpan(start, i - start);
    }

    /// <summary>Index of the semicolon ending the statement that starts at <paramref name="i"/>, or the text length.</summary>
    public static int FindStatementEnd(string sql, int i)
    {
        while (i < sql.Length)
        {
            var c = sql[i];
            switch (c)
            {
                case ';':
                    return i;
                case '\'' or '"' or '`':
                    i = SkipQuoted(sql, i, c);
                    continue;
                case '[':
                    var close = sql.IndexOf(']', i + 1);
                    i = close < 0 ? sql.Length : close + 1;
                    continue;
                case '-' or '/':
                    var after = SkipTrivia(sql, i);
                    i = after == i ? i + 1 : after;
                    continue;
                default:
                    i++;
                    continue;
            }
        }
        return sql.Length;
    }

    /// <summary>True when only whitespace, comments and semicolons remain from <paramref name="i"/>.</summary>
    public static bool IsBlank(string sql, int i)
    {
        while (true)
        {
            i = SkipTrivia(sql, i);
            if (i >= sql.Length) return true;
            if (sql[i] != ';') return false;
            i++;
        }
    }

    private static int SkipQuoted(string sql, int i, char quote)
    {
        i++;
        while (i < sql.Length)
        {
            if (sql[i] == quote)
            {
                if (i + 1 < sql.Length && sql[i + 1] == quote) { i += 2; continue; }
                return i + 1;
            }
            i++;
        }
        return sql.Length;
    }
}
