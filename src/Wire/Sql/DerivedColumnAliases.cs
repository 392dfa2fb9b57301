using System.Text;
using TenantDb.Engine.SqlText;

namespace TenantDb.Wire.Sql;

/// <summary>
/// Column alias lists on a derived table, <c>(VALUES (1, 'a'), (2, 'b')) AS v(id, name)</c> (bulk updates with
/// <c>UPDATE ... FROM (VALUES ...) AS v(...)</c>, psql's <c>\gdesc</c>): SQLite names the columns of a VALUES
/// list column1, column2, ... and has no alias list, so the list becomes a select that renames them,
/// <c>(SELECT column1 AS id, column2 AS name FROM (VALUES ...)) AS v</c>. Columns the list leaves out keep
/// their names (column3, ...), as in PostgreSQL; more names than columns is 42P10. An alias list on a
/// subquery (<c>(SELECT ...) AS s(a, b)</c>) is refused with 0A000 naming the feature: the subquery's
/// columns can be named inside it.
/// </summary>
internal static class DerivedColumnAliases
{
    /// <summary>Words that end a FROM item, so they are never a table alias written without AS.</summary>
    private static readonly string[] NotAnAlias =
    [
        "ON", "USING", "WHERE", "GROUP", "ORDER", "LIMIT", "OFFSET", "HAVING", "WINDOW", "UNION", "EXCEPT", "INTERSECT",
        "JOIN", "INNER", "LEFT", "RIGHT", "FULL", "CROSS", "NATURAL", "SET", "RETURNING", "FOR", "FETCH", "AS",
    ];

    /// <summary>Records the edits for <paramref name="statement"/>; the refusal (SQLSTATE, message) when a list cannot be kept.</summary>
    public static (string State, string Message)? AddEdits(ClientStatement statement, SqlEdits edits)
    {
        var tokens = statement.Tokens;
        for (int open = 0; open + 1 < tokens.Length; open++)
        {
            if (!statement.IsPunctuation(open, '(') || !StartsFromItem(statement, open)) continue;
            bool values = statement.IsWord(open + 1, "VALUES");
            if (!values && !statement.IsWord(open + 1, "SELECT")) continue;
            int close = statement.Closing(open);
            if (close < 0) continue;
            int alias = statement.IsWord(close + 1, "AS") ? close + 2 : close + 1;
            if (alias >= tokens.Length || tokens[alias].Kind is not (SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier)) continue;
            if (alias == close + 1 && IsKeyword(statement, alias)) continue;
            int list = alias + 1;
            if (!statement.IsPunctuation(list, '(') || statement.Closing(list) is not (> 0 and var listClose)) continue;
            if (ReadNames(statement, list, listClose) is not { } names) continue;
            string table = statement.TextOf(alias).ToString();
            if (!values)
            {
                return ("0A000", $"a column alias list on a subquery in FROM (\"{table}\") is not supported in TenantDb; name the columns inside the subquery");
            }

            int columns = FirstRowWidth(statement, open + 2, close);
            if (columns < 0) continue;
            if (names.Count > columns)
            {
                return ("42P10", $"table \"{table}\" has {columns} columns available but {names.Count} columns specified");
            }

            var select = new StringBuilder("SELECT ");
            for (int c = 0; c < columns; c++)
            {
                if (c > 0) select.Append(", ");
                select.Append("column").Append(c + 1);
                if (c < names.Count) select.Append(" AS ").Append(names[c]);
            }
            select.Append(" FROM (");
            edits.InsertBefore(open + 1, select.ToString());
            edits.InsertBefore(close, ")");
            edits.Replace(list, listClose + 1, "");
            open = listClose;
        }
        return null;
    }

    /// <summary>The names between the parentheses at <paramref name="open"/> and <paramref name="close"/>: identifiers separated by commas, else null.</summary>
    private static List<string>? ReadNames(ClientStatement statement, int open, int close)
    {
        var names = new List<string>();
        for (int i = open + 1; i < close; i += 2)
        {
            if (statement.Tokens[i].Kind is not (SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier)) return null;
            names.Add(statement.TextOf(i).ToString());
            if (i + 1 < close && !statement.IsPunctuation(i + 1, ',')) return null;
        }
        return names.Count > 0 ? names : null;
    }

    /// <summary>The number of values in the first row of a VALUES list starting at token <paramref name="row"/>, or -1.</summary>
    private static int FirstRowWidth(ClientStatement statement, int row, int end)
    {
        if (row >= end || !statement.IsPunctuation(row, '(')) return -1;
        int rowClose = statement.Closing(row);
        if (rowClose < 0 || rowClose > end) return -1;
        int width = 1;
        for (int i = row + 1; i < rowClose; i++)
        {
            if (statement.IsPunctuation(i, '('))
            {
                i = statement.Closing(i);
                if (i < 0) return -1;
            }
            else if (statement.IsPunctuation(i, ','))
            {
                width++;
            }
        }
        return width;
    }

    /// <summary>Whether the parenthesis at <paramref name="open"/> starts an item of a FROM list (after FROM, JOIN, LATERAL or a comma).</summary>
    private static bool StartsFromItem(ClientStatement statement, int open) =>
        open > 0 && (statement.IsWord(open - 1, "FROM") || statement.IsWord(open - 1, "JOIN") || statement.IsWord(open - 1, "LATERAL")
            || statement.IsPunctuation(open - 1, ','));

    private static bool IsKeyword(ClientStatement statement, int token)
    {
        foreach (string word in NotAnAlias)
        {
            if (statement.IsWord(token, word)) return true;
        }
        return false;
    }
}
