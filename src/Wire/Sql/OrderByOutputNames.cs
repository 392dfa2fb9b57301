using TenantDb.Engine.SqlText;

namespace TenantDb.Wire.Sql;

/// <summary>
/// PostgreSQL resolves a bare name in ORDER BY to an output column first: in
/// <c>SELECT typ.oid, label FROM pg_enum JOIN pg_type AS typ ... ORDER BY oid</c> the name means
/// <c>typ.oid</c>, where SQLite, which only looks at AS aliases, finds it ambiguous. For a statement's
/// outermost SELECT this pass qualifies such names with the output column they stand for.
/// </summary>
internal static class OrderByOutputNames
{
    /// <summary>Records the edits for <paramref name="statement"/>.</summary>
    public static void AddEdits(ClientStatement statement, SqlEdits edits)
    {
        var tokens = statement.Tokens;
        if (!statement.IsWord(0, "SELECT")) return;
        int orderBy = -1, from = -1, depth = 0;
        for (int i = 0; i < tokens.Length; i++)
        {
            if (statement.IsPunctuation(i, '(')) depth++;
            else if (statement.IsPunctuation(i, ')')) depth--;
            else if (depth == 0 && from < 0 && statement.IsWord(i, "FROM")) from = i;
            else if (depth == 0 && (statement.IsWord(i, "UNION") || statement.IsWord(i, "INTERSECT") || statement.IsWord(i, "EXCEPT"))) return;
            else if (depth == 0 && statement.IsWord(i, "ORDER") && statement.IsWord(i + 1, "BY")) orderBy = i + 2;
        }

        if (orderBy < 0 || from < 0) return;
        Dictionary<string, string>? qualified = null;
        for (int i = 1; i + 2 < from; i++)
        {
            // An output column that is exactly qualifier.name, between commas.
            bool starts = statement.IsPunctuation(i - 1, ',') || i == 1;
            bool ends = statement.IsPunctuation(i + 3, ',') || i + 3 == from;
            if (starts && ends && tokens[i].Kind == SqlTokenKind.Word && statement.IsPunctuation(i + 1, '.') && tokens[i + 2].Kind == SqlTokenKind.Word)
            {
                qualified ??= new(StringComparer.OrdinalIgnoreCase);
                qualified.TryAdd(statement.TextOf(i + 2).ToString(), string.Concat(statement.TextOf(i), ".", statement.TextOf(i + 2)));
            }
        }

        if (qualified is null) return;
        for (int i = orderBy; i < tokens.Length; i++)
        {
            bool starts = i == orderBy || statement.IsPunctuation(i - 1, ',');
            bool ends = i + 1 == tokens.Length || statement.IsPunctuation(i + 1, ',') || statement.IsWord(i + 1, "ASC")
                || statement.IsWord(i + 1, "DESC") || statement.IsWord(i + 1, "NULLS") || statement.IsWord(i + 1, "LIMIT") || statement.IsWord(i + 1, "OFFSET");
            if (starts && ends && tokens[i].Kind == SqlTokenKind.Word && !edits.IsReplaced(i)
                && qualified.TryGetValue(statement.TextOf(i).ToString(), out var name))
            {
                edits.Replace(i, i + 1, name);
            }
        }
    }
}
