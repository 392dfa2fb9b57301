using TenantDb.Engine.SqlText;

namespace TenantDb.Wire.Sql;

/// <summary>
/// PostgreSQL's CREATE INDEX and DROP INDEX in SQLite's words: <c>CONCURRENTLY</c> and <c>ONLY</c>
/// dropped (SQLite builds an index in one transaction), <c>USING method</c>, <c>INCLUDE (...)</c>,
/// <c>WITH (...)</c> and <c>TABLESPACE</c> dropped (they change how PostgreSQL stores an index, never
/// which rows a query returns), and a name made up as PostgreSQL does (<c>table_column_idx</c>) when the
/// statement gives none.
/// </summary>
internal static class IndexDdlRewriter
{
    /// <summary>Records the edits for <paramref name="statement"/> when it is CREATE/DROP INDEX.</summary>
    public static void AddEdits(ClientStatement statement, SqlEdits edits)
    {
        if (statement.IsWord(0, "DROP") && statement.IsWord(1, "INDEX"))
        {
            if (statement.IsWord(2, "CONCURRENTLY")) edits.Replace(2, 3, "");
            return;
        }
        if (!statement.IsWord(0, "CREATE")) return;
        var i = 1;
        if (statement.IsWord(i, "UNIQUE")) i++;
        if (!statement.IsWord(i, "INDEX")) return;
        i++;
        if (statement.IsWord(i, "CONCURRENTLY")) edits.Replace(i, ++i, "");
        if (statement.IsWord(i, "IF") && statement.IsWord(i + 1, "NOT") && statement.IsWord(i + 2, "EXISTS")) i += 3;
        var hasName = !statement.IsWord(i, "ON");
        if (hasName) i++;
        if (!statement.IsWord(i, "ON")) return;
        var on = i++;
        if (statement.IsWord(i, "ONLY")) edits.Replace(i, ++i, "");
        if (statement.IsPunctuation(i + 1, '.')) i += 2;
        var table = Identifier(statement, i);
        i++;
        if (statement.IsWord(i, "USING") && statement.WordAt(i + 1).Length > 0) edits.Replace(i, i += 2, "");
        if (!statement.IsPunctuation(i, '(')) return;
        var open = i;
        var close = Close(statement, open);
        if (close < 0) return;
        if (!hasName && table is not null)
            edits.Replace(on, on + 1, $"\"{table}_{ColumnsPart(statement, open, close)}_idx\" ON");
        DropOperatorClasses(statement, edits, open, close);
        i = close + 1;
        // Trailing storage clauses, in PostgreSQL's order: INCLUDE (...), NULLS [NOT] DISTINCT, WITH (...), TABLESPACE name.
        if (statement.IsWord(i, "INCLUDE") && statement.IsPunctuation(i + 1, '(') && Close(statement, i + 1) is > 0 and var includeEnd)
        {
            edits.Replace(i, includeEnd + 1, "");
            i = includeEnd + 1;
        }
        if (statement.IsWord(i, "NULLS")) return;
        if (statement.IsWord(i, "WITH") && statement.IsPunctuation(i + 1, '(') && Close(statement, i + 1) is > 0 and var withEnd)
        {
            edits.Replace(i, withEnd + 1, "");
            i = withEnd + 1;
        }
        if (statement.IsWord(i, "TABLESPACE") && statement.WordAt(i + 1).Length > 0) edits.Replace(i, i + 2, "");
    }

    // An operator class after a key ("name" varchar_pattern_ops, Django's index for LIKE): it chooses how
    // PostgreSQL's index compares, never which rows a query returns; SQLite has none.
    private static void DropOperatorClasses(ClientStatement statement, SqlEdits edits, int open, int close)
    {
        int depth = 0;
        for (int i = open + 1; i < close; i++)
        {
            if (statement.IsPunctuation(i, '(')) depth++;
            else if (statement.IsPunctuation(i, ')')) depth--;
            else if (depth == 0 && statement.Tokens[i].Kind == SqlTokenKind.Word && statement.TextOf(i).EndsWith("_ops", StringComparison.OrdinalIgnoreCase)
                && i > open + 1 && !statement.IsPunctuation(i - 1, ',') && (i + 1 == close || statement.IsPunctuation(i + 1, ',') || statement.IsWord(i + 1, "ASC")
                    || statement.IsWord(i + 1, "DESC") || statement.IsWord(i + 1, "NULLS")))
            {
                edits.Replace(i, i + 1, "");
            }
        }
    }

    // PostgreSQL's name part for the indexed columns: the column names joined by '_', "expr" for an expression.
    private static string ColumnsPart(ClientStatement statement, int open, int close)
    {
        var parts = new List<string>();
        var itemStart = open + 1;
        var depth = 0;
        for (var j = open + 1; j <= close; j++)
        {
            if (j == close || (depth == 0 && statement.IsPunctuation(j, ',')))
            {
                parts.Add(Identifier(statement, itemStart) is { } name && (itemStart + 1 == j || IsOrdering(statement, itemStart + 1, j)) ? name : "expr");
                itemStart = j + 1;
            }
            else if (statement.IsPunctuation(j, '(')) depth++;
            else if (statement.IsPunctuation(j, ')')) depth--;
        }
        return string.Join('_', parts);
    }

    // ASC/DESC/NULLS FIRST/LAST/COLLATE x after a column keep it a plain column.
    private static bool IsOrdering(ClientStatement statement, int from, int to)
    {
        for (var j = from; j < to; j++)
        {
            if (!(statement.IsWord(j, "ASC") || statement.IsWord(j, "DESC") || statement.IsWord(j, "NULLS") || statement.IsWord(j, "FIRST")
                || statement.IsWord(j, "LAST") || statement.IsWord(j, "COLLATE") || (j > from && statement.IsWord(j - 1, "COLLATE"))))
                return false;
        }
        return true;
    }

    private static string? Identifier(ClientStatement statement, int index)
    {
        if (index >= statement.Tokens.Length) return null;
        var token = statement.Tokens[index];
        return token.Kind switch
        {
            SqlTokenKind.Word => token.TextIn(statement.Text).ToString().ToLowerInvariant(),
            SqlTokenKind.QuotedIdentifier => SqlIdentifier.Unquote(statement.Text, token).Replace("\"", "\"\"", StringComparison.Ordinal),
            _ => null,
        };
    }

    private static int Close(ClientStatement statement, int open)
    {
        var depth = 0;
        for (var j = open; j < statement.Tokens.Length; j++)
        {
            if (statement.IsPunctuation(j, '(')) depth++;
            else if (statement.IsPunctuation(j, ')') && --depth == 0) return j;
        }
        return -1;
    }
}
