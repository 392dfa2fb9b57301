using TenantDb.Engine.SqlText;

namespace TenantDb.Engine.PgCatalog;

/// <summary>
/// The top-level items of a CREATE TABLE as SQLite stores it (column definitions and table
/// constraints, split at the commas of its outer parentheses), as token ranges. SQLite's pragmas do
/// not report constraint names or CHECK expressions, so the catalog reads them from these items.
/// </summary>
internal static class CreateTableItems
{
    /// <summary>
    /// Lexes <paramref name="text"/> into <paramref name="tokens"/> and returns each item as the range
    /// [First, End) of those tokens, in the order written; none for unterminated text or no list.
    /// </summary>
    public static List<(int First, int End)> Split(string text, out List<SqlToken> tokens)
    {
        tokens = [];
        var items = new List<(int First, int End)>();
        var lexer = new SqlLexer(text, 0, sqliteQuoting: true);
        for (var token = lexer.Next(); token.Kind != SqlTokenKind.End; token = lexer.Next())
        {
            if (token.Kind == SqlTokenKind.Unterminated) return items;
            tokens.Add(token);
        }

        int open = tokens.FindIndex(t => t.IsPunctuation(text, '('));
        if (open < 0) return items;
        int depth = 0;
        int itemStart = open + 1;
        for (int i = open + 1; i < tokens.Count; i++)
        {
            if (tokens[i].IsPunctuation(text, '(')) depth++;
            else if (tokens[i].IsPunctuation(text, ')') && depth-- == 0)
            {
                items.Add((itemStart, i));
                break;
            }
            else if (depth == 0 && tokens[i].IsPunctuation(text, ','))
            {
                items.Add((itemStart, i));
                itemStart = i + 1;
            }
        }

        return items;
    }

    /// <summary>The column an item defines (its first token, unquoted), or null when the item is a table constraint.</summary>
    public static string? ColumnOf(string text, List<SqlToken> tokens, int first)
    {
        var start = tokens[first];
        bool tableConstraint = start.IsWord(text, "CONSTRAINT") || start.IsWord(text, "PRIMARY") || start.IsWord(text, "UNIQUE")
            || start.IsWord(text, "FOREIGN") || start.IsWord(text, "CHECK");
        return tableConstraint ? null : Name(text, start);
    }

    /// <summary>An identifier token's name: quotes (double, backtick or brackets) removed and doubled quotes undone.</summary>
    public static string Name(string text, SqlToken token)
    {
        var span = token.TextIn(text);
        if (token.Kind != SqlTokenKind.QuotedIdentifier || span.Length < 2) return span.ToString();
        char close = span[0] == '[' ? ']' : span[0];
        var inner = span[1..^1].ToString();
        return close == ']' ? inner : inner.Replace(new string(close, 2), new string(close, 1), StringComparison.Ordinal);
    }
}
