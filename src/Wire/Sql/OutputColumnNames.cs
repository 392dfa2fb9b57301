using TenantDb.Engine.SqlText;

namespace TenantDb.Wire.Sql;

/// <summary>
/// Names function-call result columns the way PostgreSQL does: <c>SELECT count(*), current_user</c>
/// gives columns <c>count</c> and <c>current_user</c>, where SQLite would name them by their text
/// (<c>count(*)</c>). Drivers that map columns by name (Dapper, psql's \gset) depend on it. Applies to
/// the outermost SELECT's items that are exactly one call, with no alias.
/// </summary>
internal static class OutputColumnNames
{
    /// <summary>Records the edits for <paramref name="statement"/>.</summary>
    public static void AddEdits(ClientStatement statement, SqlEdits edits)
    {
        var tokens = statement.Tokens;
        if (!statement.IsWord(0, "SELECT")) return;
        int start = 1;
        if (statement.IsWord(start, "DISTINCT") || statement.IsWord(start, "ALL")) start++;
        int depth = 0;
        for (int i = start; i <= tokens.Length; i++)
        {
            bool endOfList = i == tokens.Length;
            if (!endOfList)
            {
                if (statement.IsPunctuation(i, '(')) { depth++; continue; }
                if (statement.IsPunctuation(i, ')')) { depth--; continue; }
                if (depth > 0) continue;
                endOfList = statement.IsWord(i, "FROM") || statement.IsWord(i, "WHERE") || statement.IsWord(i, "GROUP") || statement.IsWord(i, "ORDER")
                    || statement.IsWord(i, "LIMIT") || statement.IsWord(i, "UNION") || statement.IsWord(i, "INTERSECT") || statement.IsWord(i, "EXCEPT")
                    || statement.IsWord(i, "HAVING") || statement.IsWord(i, "WINDOW") || statement.IsWord(i, "INTO");
                if (!endOfList && !statement.IsPunctuation(i, ',')) continue;
            }

            NameItem(statement, edits, start, i);
            if (endOfList) return;
            start = i + 1;
        }
    }

    private static void NameItem(ClientStatement statement, SqlEdits edits, int first, int end)
    {
        var tokens = statement.Tokens;
        if (end - first == 1 && tokens[first].Kind == SqlTokenKind.Word && edits.IsReplaced(first) && PgCatalogRewriter.IsBareFunction(statement.TextOf(first)))
        {
            var name = statement.TextOf(first).ToString().ToLowerInvariant();
            edits.Replace(first, first + 1, $"{name}() AS \"{name}\"");
            return;
        }

        if (statement.IsWord(first, "ARRAY") && (statement.IsPunctuation(first + 1, '[') || statement.IsPunctuation(first + 1, '(')) && UnaliasedArray(statement, first, end))
        {
            // ARRAY[...] and ARRAY(SELECT ...), with or without a cast: PostgreSQL names the column "array".
            edits.CloseAfter(end - 1, " AS \"array\"");
            return;
        }

        int nameToken = first;
        if (statement.IsWord(first, "pg_catalog") && statement.IsPunctuation(first + 1, '.')) nameToken = first + 2;
        if (end - nameToken < 3 || tokens[nameToken].Kind != SqlTokenKind.Word || !statement.IsPunctuation(nameToken + 1, '(') || !statement.IsPunctuation(end - 1, ')')) return;
        if (statement.IsWord(nameToken, "CAST") || statement.IsWord(nameToken, "ROW") || edits.IsReplaced(end - 1)
            || (edits.IsReplaced(nameToken) && !statement.IsWord(nameToken, "array_agg"))) return;

        // The call must span the whole item: its '(' closes at the item's last token.
        int depth = 0;
        for (int i = nameToken + 1; i < end; i++)
        {
            if (statement.IsPunctuation(i, '(')) depth++;
            else if (statement.IsPunctuation(i, ')') && --depth == 0 && i != end - 1) return;
        }

        var alias = statement.TextOf(nameToken).ToString().ToLowerInvariant();
        edits.Replace(end - 1, end, $") AS \"{alias}\"");
    }

    // ARRAY[...] or ARRAY(...) at first, closing before end, then at most casts to type names up to end.
    private static bool UnaliasedArray(ClientStatement statement, int first, int end)
    {
        int depth = 0, i = first + 1;
        for (; i < end; i++)
        {
            if (statement.IsPunctuation(i, '(') || statement.IsPunctuation(i, '[')) depth++;
            else if ((statement.IsPunctuation(i, ')') || statement.IsPunctuation(i, ']')) && --depth == 0) break;
        }

        for (i++; i < end;)
        {
            if (statement.Tokens[i].Kind != SqlTokenKind.TypeCast) return false;
            i = CastRewriter.ReadTypeName(statement, i + 1, out _);
        }

        return i == end;
    }
}
