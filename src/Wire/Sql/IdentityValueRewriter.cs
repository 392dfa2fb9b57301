using TenantDb.Engine.SqlText;

namespace TenantDb.Wire.Sql;

/// <summary>
/// PostgreSQL's rules for explicit values in identity columns, which SQLite's row id (the storage of an
/// identity column) does not know:
/// <list type="bullet">
/// <item>An INSERT that gives a <c>GENERATED ALWAYS</c> identity column a value fails with 428C9 unless it
/// says <c>OVERRIDING SYSTEM VALUE</c>; an UPDATE that sets one fails with 428C9.</item>
/// <item><c>OVERRIDING USER VALUE</c> ignores the values given for an identity column: each becomes NULL,
/// from which the row id generates the next value (supported for <c>INSERT ... VALUES</c> with a column list).</item>
/// <item>The <c>OVERRIDING ... VALUE</c> clause itself is removed: SQLite's grammar has none.</item>
/// </list>
/// </summary>
internal static class IdentityValueRewriter
{
    /// <summary>
    /// Records the edits for <paramref name="s"/> and returns why it must be refused (SQLSTATE and message),
    /// or null. <paramref name="identityOf"/> gives a table's identity column and its kind ('a' or 'd');
    /// without it only the OVERRIDING clause is removed.
    /// </summary>
    public static (string State, string Message)? AddEdits(ClientStatement s, SqlEdits edits, IdentityLookup? identityOf)
    {
        if (s.IsWord(0, "INSERT") && s.IsWord(1, "INTO")) return Insert(s, edits, identityOf);
        if (s.IsWord(0, "UPDATE") && identityOf is not null) return Update(s, identityOf);
        return null;
    }

    private static (string State, string Message)? Insert(ClientStatement s, SqlEdits edits, IdentityLookup? identityOf)
    {
        int i = 2;
        if (!TryReadTableName(s, ref i, out string table)) return null;
        if (s.IsWord(i, "AS")) i += 2;
        var columns = new List<(int Start, string Name)>();
        if (s.IsPunctuation(i, '('))
        {
            i++;
            while (i < s.Tokens.Length && !s.IsPunctuation(i, ')'))
            {
                if (s.Tokens[i].Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier) columns.Add((i, Name(s, i)));
                i++;
                if (s.IsPunctuation(i, ',')) i++;
            }
            i++;
        }

        char overriding = '\0';
        if (s.IsWord(i, "OVERRIDING") && (s.IsWord(i + 1, "SYSTEM") || s.IsWord(i + 1, "USER")) && s.IsWord(i + 2, "VALUE"))
        {
            overriding = s.IsWord(i + 1, "SYSTEM") ? 's' : 'u';
            edits.Replace(i, i + 3, "");
            i += 3;
        }

        if (identityOf is null || s.IsWord(i, "DEFAULT") || !identityOf(table, out string identityColumn, out char identity)) return null;
        int position = columns.FindIndex(c => string.Equals(c.Name, identityColumn, StringComparison.OrdinalIgnoreCase));
        bool explicitValue = columns.Count == 0 || position >= 0;
        if (!explicitValue) return null;
        if (overriding == 'u')
        {
            if (position < 0 || !s.IsWord(i, "VALUES"))
            {
                return ("0A000", "OVERRIDING USER VALUE is supported only in INSERT ... VALUES with a column list naming the identity column");
            }

            IgnoreValuesAt(s, edits, i + 1, position);
            return null;
        }

        if (identity == 'a' && overriding != 's')
        {
            return ("428C9", $"cannot insert a non-DEFAULT value into column \"{identityColumn}\": column \"{identityColumn}\" is an identity column defined as GENERATED ALWAYS (use OVERRIDING SYSTEM VALUE to override)");
        }

        return null;
    }

    // SET a = ..., b = ...: an assignment to a GENERATED ALWAYS identity column is refused.
    private static (string State, string Message)? Update(ClientStatement s, IdentityLookup identityOf)
    {
        int i = s.IsWord(1, "ONLY") ? 2 : 1;
        if (!TryReadTableName(s, ref i, out string table)) return null;
        if (!identityOf(table, out string identityColumn, out char identity) || identity != 'a') return null;
        while (i < s.Tokens.Length && !s.IsWord(i, "SET")) i++;
        int depth = 0;
        for (int k = i + 1; k < s.Tokens.Length; k++)
        {
            if (s.IsPunctuation(k, '(')) depth++;
            else if (s.IsPunctuation(k, ')')) depth--;
            else if (depth == 0 && (s.IsWord(k, "WHERE") || s.IsWord(k, "FROM") || s.IsWord(k, "RETURNING"))) break;
            else if (depth == 0 && (s.IsWord(k - 1, "SET") || s.IsPunctuation(k - 1, ','))
                && s.Tokens[k].Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier
                && string.Equals(Name(s, k), identityColumn, StringComparison.OrdinalIgnoreCase))
            {
                return ("428C9", $"column \"{identityColumn}\" can only be updated to DEFAULT: it is an identity column defined as GENERATED ALWAYS");
            }
        }

        return null;
    }

    // VALUES (a, b), (c, d): item `position` of every row becomes NULL, still evaluated for its parameters' sake.
    private static void IgnoreValuesAt(ClientStatement s, SqlEdits edits, int start, int position)
    {
        int depth = 0, item = 0, itemStart = start;
        for (int k = start; k < s.Tokens.Length; k++)
        {
            if (s.IsPunctuation(k, '('))
            {
                if (++depth == 1)
                {
                    item = 0;
                    itemStart = k + 1;
                }
            }
            else if (s.IsPunctuation(k, ')'))
            {
                if (--depth == 0 && item == position && k > itemStart) Ignore(itemStart, k);
            }
            else if (depth == 1 && s.IsPunctuation(k, ','))
            {
                if (item == position && k > itemStart) Ignore(itemStart, k);
                item++;
                itemStart = k + 1;
            }
            else if (depth == 0 && !s.IsPunctuation(k, ','))
            {
                break; // ON CONFLICT, RETURNING, ...
            }
        }

        void Ignore(int first, int end)
        {
            edits.InsertBefore(first, "CASE WHEN 0 THEN (");
            edits.CloseAfter(end - 1, ") END");
        }
    }

    // [schema.]name, leaving i after it.
    private static bool TryReadTableName(ClientStatement s, ref int i, out string table)
    {
        table = "";
        if (i >= s.Tokens.Length || s.Tokens[i].Kind is not (SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier)) return false;
        table = Name(s, i++);
        while (s.IsPunctuation(i, '.') && i + 1 < s.Tokens.Length && s.Tokens[i + 1].Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier)
        {
            table = Name(s, i + 1);
            i += 2;
        }

        return true;
    }

    private static string Name(ClientStatement s, int i) =>
        s.Tokens[i].Kind == SqlTokenKind.QuotedIdentifier ? SqlIdentifier.Unquote(s.Text, s.Tokens[i]) : s.TextOf(i).ToString();
}

/// <summary>The identity column of a table and its kind ('a' ALWAYS, 'd' BY DEFAULT); false when it has none.</summary>
internal delegate bool IdentityLookup(string table, out string column, out char identity);
