using TenantDb.Engine.SqlText;

namespace TenantDb.Wire.Sql;

/// <summary>
/// Names result columns the way PostgreSQL does: <c>SELECT count(*), current_user, 1 + 1, a::text</c>
/// gives columns <c>count</c>, <c>current_user</c>, <c>?column?</c> and <c>a</c>, where SQLite would name
/// them by their text (<c>count(*)</c>). Drivers that map columns by name (Dapper, psql's \gset) depend on
/// it. Applies to the items without an alias of the statement's own SELECT (after WITH; the first branch
/// of a UNION, which names the columns).
/// </summary>
internal static class OutputColumnNames
{
    /// <summary>
    /// Records the edits for <paramref name="statement"/>'s calls; returns the other output items (with their
    /// aliases), for <see cref="AddUnnamedAliases"/> once every other pass has recorded its edits.
    /// </summary>
    public static List<(int Start, int End)> AddEdits(ClientStatement statement, SqlEdits edits)
    {
        var tokens = statement.Tokens;
        var others = new List<(int Start, int End)>();
        int select = MainSelect(statement);
        if (select < 0) return others;
        int start = select + 1;
        if (statement.IsWord(start, "DISTINCT") || statement.IsWord(start, "ALL")) start++;
        if (statement.IsWord(start - 1, "DISTINCT") && statement.IsWord(start, "ON") && statement.IsPunctuation(start + 1, '('))
        {
            int close = statement.Closing(start + 1);
            if (close < 0) return others;
            start = close + 1;
        }
        int depth = 0;
        for (int i = start; i <= tokens.Length; i++)
        {
            bool endOfList = i == tokens.Length;
            if (!endOfList)
            {
                if (statement.IsPunctuation(i, '(') || statement.IsPunctuation(i, '[')) { depth++; continue; }
                if (statement.IsPunctuation(i, ')') || statement.IsPunctuation(i, ']')) { depth--; continue; }
                if (depth > 0) continue;
                endOfList = statement.IsWord(i, "FROM") && !statement.IsWord(i - 1, "DISTINCT") || statement.IsWord(i, "WHERE") || statement.IsWord(i, "GROUP") || statement.IsWord(i, "ORDER")
                    || statement.IsWord(i, "LIMIT") || statement.IsWord(i, "UNION") || statement.IsWord(i, "INTERSECT") || statement.IsWord(i, "EXCEPT")
                    || statement.IsWord(i, "HAVING") || statement.IsWord(i, "WINDOW") || statement.IsWord(i, "INTO")
                    || statement.IsWord(i, "OFFSET") || statement.IsWord(i, "FETCH") || statement.IsWord(i, "FOR");
                if (!endOfList && !statement.IsPunctuation(i, ',')) continue;
            }

            if (i > start && !NameItem(statement, edits, start, i)) others.Add((start, i));
            if (endOfList) return others;
            start = i + 1;
        }
        return others;
    }

    // The SELECT of the statement's own query (after a WITH clause), or -1 for any other statement.
    private static int MainSelect(ClientStatement statement)
    {
        if (statement.IsWord(0, "SELECT")) return 0;
        if (!statement.IsWord(0, "WITH")) return -1;
        int depth = 0;
        for (int i = 1; i < statement.Tokens.Length; i++)
        {
            if (statement.IsPunctuation(i, '(')) depth++;
            else if (statement.IsPunctuation(i, ')')) depth--;
            else if (depth == 0 && statement.Tokens[i].Kind == SqlTokenKind.Word
                && (statement.IsWord(i, "SELECT") || statement.IsWord(i, "INSERT") || statement.IsWord(i, "UPDATE") || statement.IsWord(i, "DELETE") || statement.IsWord(i, "VALUES")))
                return statement.IsWord(i, "SELECT") ? i : -1;
        }
        return -1;
    }

    private static bool NameItem(ClientStatement statement, SqlEdits edits, int first, int end)
    {
        var tokens = statement.Tokens;
        if (end - first == 1 && tokens[first].Kind == SqlTokenKind.Word && edits.IsReplaced(first) && PgCatalogRewriter.IsBareFunction(statement.TextOf(first)))
        {
            var name = statement.TextOf(first).ToString().ToLowerInvariant();
            edits.Replace(first, first + 1, $"{name}() AS \"{name}\"");
            return true;
        }

        if (statement.IsWord(first, "ARRAY") && (statement.IsPunctuation(first + 1, '[') || statement.IsPunctuation(first + 1, '(')) && UnaliasedArray(statement, first, end))
        {
            // ARRAY[...] and ARRAY(SELECT ...), with or without a cast: PostgreSQL names the column "array".
            edits.CloseAfter(end - 1, " AS \"array\"");
            return true;
        }

        int nameToken = first;
        if (statement.IsWord(first, "pg_catalog") && statement.IsPunctuation(first + 1, '.')) nameToken = first + 2;
        if (end - nameToken < 3 || tokens[nameToken].Kind != SqlTokenKind.Word || !statement.IsPunctuation(nameToken + 1, '(') || !statement.IsPunctuation(end - 1, ')')) return false;
        if (statement.IsWord(nameToken, "CAST") || statement.IsWord(nameToken, "ROW") || edits.IsReplaced(end - 1)
            || (edits.IsReplaced(nameToken) && !statement.IsWord(nameToken, "array_agg"))) return false;

        // The call must span the whole item: its '(' closes at the item's last token.
        int depth = 0;
        for (int i = nameToken + 1; i < end; i++)
        {
            if (statement.IsPunctuation(i, '(')) depth++;
            else if (statement.IsPunctuation(i, ')') && --depth == 0 && i != end - 1) return false;
        }

        var alias = statement.TextOf(nameToken).ToString().ToLowerInvariant();
        edits.Replace(end - 1, end, $") AS \"{alias}\"");
        return true;
    }

    /// <summary>
    /// Gives each of <paramref name="items"/> that has no alias and is not a column reference the name PostgreSQL
    /// gives it (<see cref="ExpressionColumnName"/>: <c>SELECT 1 + 1</c> is <c>?column?</c>, <c>SELECT a::text</c>
    /// is <c>a</c>), where SQLite would name it by its text. Called after every other pass, so that the alias
    /// closes outside their edits of the item's last token.
    /// </summary>
    public static void AddUnnamedAliases(ClientStatement statement, SqlEdits edits, List<(int Start, int End)> items)
    {
        foreach (var (start, end) in items)
        {
            if (StatementShape.WithoutAlias(statement, start, end) != end || IsColumnReference(statement, start, end)) continue;
            var name = ExpressionColumnName.Of(statement, start, end);
            edits.CloseAfter(end - 1, " AS \"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"");
        }
    }

    // name, t.name, "T"."Name", *, t.*: SQLite already names these as PostgreSQL does.
    private static bool IsColumnReference(ClientStatement statement, int start, int end)
    {
        for (int i = start; i < end; i++)
        {
            bool namePosition = (i - start) % 2 == 0;
            var kind = statement.Tokens[i].Kind;
            if (namePosition)
            {
                bool star = i == end - 1 && kind == SqlTokenKind.Operator && statement.TextOf(i) is "*";
                if (!star && kind is not (SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier)) return false;
                if (kind == SqlTokenKind.Word && end - start == 1 && (PgCatalogRewriter.IsBareFunction(statement.TextOf(i)) || IsConstant(statement.TextOf(i)))) return false;
            }
            else if (!statement.IsPunctuation(i, '.')) return false;
        }
        return (end - start) % 2 == 1;
    }

    private static bool IsConstant(ReadOnlySpan<char> word) =>
        word.Equals("NULL", StringComparison.OrdinalIgnoreCase) || word.Equals("TRUE", StringComparison.OrdinalIgnoreCase) || word.Equals("FALSE", StringComparison.OrdinalIgnoreCase);

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
