namespace TenantDb.Wire.Sql;

/// <summary>
/// Looks at the leading keywords of one statement to decide whether the wire layer handles it itself
/// (transaction control, SET/SHOW, catalog queries) and which CommandComplete tag it gets.
/// </summary>
internal static class StatementClassifier
{
    /// <summary>Classifies the statement <c>sql[start..end)</c>.</summary>
    public static StatementKind Classify(string sql, int start, int end)
    {
        var i = start;
        var first = SqlScanner.ReadWord(sql, ref i);
        if (first.IsEmpty) return CatalogAnswers.Matches(sql, start, end) ? StatementKind.Catalog : StatementKind.Engine;
        if (Is(first, "BEGIN"))
        {
            // SQLite's BEGIN DEFERRED/IMMEDIATE/EXCLUSIVE goes through the session too.
            return StatementKind.Begin;
        }
        if (Is(first, "START")) return StatementKind.Begin;
        if (Is(first, "COMMIT") || Is(first, "END")) return StatementKind.Commit;
        if (Is(first, "ABORT")) return StatementKind.Rollback;
        if (Is(first, "ROLLBACK"))
        {
            // ROLLBACK [WORK|TRANSACTION] TO [SAVEPOINT] x is a savepoint operation: SQLite runs it.
            var j = i;
            var next = SqlScanner.ReadWord(sql, ref j);
            if (Is(next, "WORK") || Is(next, "TRANSACTION")) next = SqlScanner.ReadWord(sql, ref j);
            return Is(next, "TO") ? StatementKind.Engine : StatementKind.Rollback;
        }
        if (Is(first, "CALL")) return StatementKind.Procedure;
        if (Is(first, "CREATE") || Is(first, "DROP"))
        {
            var j = i;
            var word = SqlScanner.ReadWord(sql, ref j);
            if (Is(word, "OR"))
            {
                SqlScanner.ReadWord(sql, ref j); // REPLACE
                word = SqlScanner.ReadWord(sql, ref j);
            }
            if (Is(word, "PROCEDURE")) return StatementKind.Procedure;
        }
        if (Is(first, "SET") || Is(first, "RESET")) return StatementKind.Set;
        if (Is(first, "SHOW")) return StatementKind.Show;
        if (Is(first, "DISCARD") || Is(first, "DEALLOCATE")) return StatementKind.Discard;
        // LISTEN/NOTIFY have no delivery here and CLOSE [ALL] closes cursors we never open: harmless no-ops
        // (Npgsql's connection-reset batch sends CLOSE ALL and UNLISTEN *).
        if (Is(first, "LISTEN") || Is(first, "UNLISTEN") || Is(first, "NOTIFY") || Is(first, "CLOSE")) return StatementKind.NoOp;
        if (Is(first, "SELECT") && CatalogAnswers.Matches(sql, start, end)) return StatementKind.Catalog;
        return StatementKind.Engine;
    }

    /// <summary>The CommandComplete verb for an engine statement, e.g. "INSERT", "CREATE TABLE", "SELECT".</summary>
    public static string CommandVerb(string sql, int start, bool returnsRows)
    {
        var i = start;
        var first = SqlScanner.ReadWord(sql, ref i);
        if (Is(first, "SELECT") || Is(first, "VALUES") || Is(first, "TABLE")) return "SELECT";
        if (Is(first, "INSERT") || Is(first, "REPLACE")) return "INSERT";
        if (Is(first, "UPDATE")) return "UPDATE";
        if (Is(first, "DELETE")) return "DELETE";
        if (Is(first, "WITH")) return FindDmlVerb(sql, i) ?? "SELECT";
        if (Is(first, "CREATE") || Is(first, "DROP") || Is(first, "ALTER"))
        {
            // CREATE [UNIQUE|TEMP|TEMPORARY|VIRTUAL] TABLE|INDEX|VIEW|TRIGGER ...
            var j = i;
            var word = SqlScanner.ReadWord(sql, ref j);
            while (Is(word, "UNIQUE") || Is(word, "TEMP") || Is(word, "TEMPORARY") || Is(word, "VIRTUAL") || Is(word, "OR"))
            {
                if (Is(word, "OR")) SqlScanner.ReadWord(sql, ref j); // OR REPLACE
                word = SqlScanner.ReadWord(sql, ref j);
            }
            return word.IsEmpty ? first.ToString().ToUpperInvariant() : $"{first.ToString().ToUpperInvariant()} {word.ToString().ToUpperInvariant()}";
        }
        if (returnsRows) return "SELECT";
        return first.IsEmpty ? "SELECT" : first.ToString().ToUpperInvariant();
    }

    /// <summary>True for verbs whose tag carries a row count.</summary>
    public static bool HasRowCount(string verb) => verb is "SELECT" or "INSERT" or "UPDATE" or "DELETE";

    private static string? FindDmlVerb(string sql, int i)
    {
        // After a CTE list the main statement's verb is the first top-level DML keyword outside parentheses.
        var depth = 0;
        while (i < sql.Length)
        {
            i = SqlScanner.SkipTrivia(sql, i);
            if (i >= sql.Length) break;
            var c = sql[i];
            if (c == '(') { depth++; i++; continue; }
            if (c == ')') { depth--; i++; continue; }
            if (c is '\'' or '"') { i = SkipString(sql, i); continue; }
            if (char.IsLetter(c))
            {
                var word = SqlScanner.ReadWord(sql, ref i);
                if (depth == 0)
                {
                    if (Is(word, "SELECT")) return "SELECT";
                    if (Is(word, "INSERT") || Is(word, "REPLACE")) return "INSERT";
                    if (Is(word, "UPDATE")) return "UPDATE";
                    if (Is(word, "DELETE")) return "DELETE";
                }
                continue;
            }
            i++;
        }
        return null;
    }

    private static int SkipString(string sql, int i)
    {
        var quote = sql[i++];
        while (i < sql.Length)
        {
            if (sql[i] == quote)
            {
                if (i + 1 < sql.Length && sql[i + 1] == quote) { i += 2; continue; }
                return i + 1;
            }
            i++;
        }
        return i;
    }

    internal static bool Is(ReadOnlySpan<char> word, string keyword) => word.Equals(keyword, StringComparison.OrdinalIgnoreCase);
}
