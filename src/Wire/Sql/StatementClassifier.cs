namespace TenantDb.Wire.Sql;

/// <summary>
/// Looks at the leading keywords of one statement to decide whether the wire layer handles it itself
/// (transaction control, SET/SHOW, catalog queries) and which CommandComplete tag it gets.
/// </summary>
internal static class StatementClassifier
{
    /// <summary>Classifies <paramref name="statement"/>.</summary>
    public static StatementKind Classify(ClientStatement statement)
    {
        var first = statement.WordAt(0);
        if (first.IsEmpty) return StatementKind.Engine;
        // SQLite's BEGIN DEFERRED/IMMEDIATE/EXCLUSIVE goes through the session too.
        if (Is(first, "BEGIN") || Is(first, "START")) return StatementKind.Begin;
        if (Is(first, "COMMIT") || Is(first, "END")) return StatementKind.Commit;
        if (Is(first, "ABORT")) return StatementKind.Rollback;
        if (Is(first, "ROLLBACK"))
        {
            // ROLLBACK [WORK|TRANSACTION] TO [SAVEPOINT] x is a savepoint operation: SQLite runs it.
            var next = 1;
            if (statement.IsWord(next, "WORK") || statement.IsWord(next, "TRANSACTION")) next++;
            return statement.IsWord(next, "TO") ? StatementKind.Engine : StatementKind.Rollback;
        }
        if (Is(first, "CALL")) return StatementKind.Procedure;
        if (Is(first, "COPY")) return StatementKind.Copy;
        if (Is(first, "PREPARE") && !statement.IsWord(1, "TRANSACTION")) return StatementKind.Prepare;
        if (Is(first, "EXECUTE")) return StatementKind.ExecutePrepared;
        if (Is(first, "DECLARE") || Is(first, "FETCH") || Is(first, "MOVE") || Is(first, "CLOSE")) return StatementKind.Cursor;
        if (Is(first, "CREATE") || Is(first, "DROP"))
        {
            var next = statement.IsWord(1, "OR") ? 3 : 1; // OR REPLACE
            if (statement.IsWord(next, "PROCEDURE")) return StatementKind.Procedure;
        }
        if (DdlClassifier.Classify(statement) is { } ddl) return ddl;
        if (Is(first, "SET") || Is(first, "RESET")) return StatementKind.Set;
        if (Is(first, "SHOW")) return StatementKind.Show;
        if (Is(first, "DISCARD") || Is(first, "DEALLOCATE")) return StatementKind.Discard;
        // UNLISTEN has nothing to stop (LISTEN and NOTIFY are unsupported): a harmless no-op (Npgsql's
        // connection-reset batch sends it).
        if (Is(first, "UNLISTEN")) return StatementKind.NoOp;
        return StatementKind.Engine;
    }

    /// <summary>
    /// True for <c>ROLLBACK [WORK|TRANSACTION] TO [SAVEPOINT] x</c>: the one statement besides COMMIT and
    /// ROLLBACK a failed transaction accepts, as in PostgreSQL (EF Core's SaveChanges relies on it).
    /// </summary>
    public static bool IsRollbackToSavepoint(ClientStatement statement)
    {
        if (!statement.IsWord(0, "ROLLBACK")) return false;
        var next = 1;
        if (statement.IsWord(next, "WORK") || statement.IsWord(next, "TRANSACTION")) next++;
        return statement.IsWord(next, "TO");
    }

    /// <summary>True when <paramref name="sql"/> starts with <c>ROLLBACK ... TO</c> (see <see cref="IsRollbackToSavepoint(ClientStatement)"/>).</summary>
    public static bool IsRollbackToSavepoint(string sql) =>
        sql.AsSpan().TrimStart().StartsWith("ROLLBACK", StringComparison.OrdinalIgnoreCase) && IsRollbackToSavepoint(ClientStatement.ReadFirst(sql));

    /// <summary>The CommandComplete verb for the engine statement <paramref name="sql"/>, e.g. "INSERT", "CREATE TABLE", "SELECT".</summary>
    public static string CommandVerb(string sql, bool returnsRows) => CommandVerb(ClientStatement.Read(sql, 0), returnsRows);

    /// <summary>The CommandComplete verb for <paramref name="statement"/>.</summary>
    public static string CommandVerb(ClientStatement statement, bool returnsRows)
    {
        var first = statement.WordAt(0);
        if (Is(first, "SELECT") || Is(first, "VALUES") || Is(first, "TABLE")) return "SELECT";
        if (Is(first, "INSERT") || Is(first, "REPLACE")) return "INSERT";
        if (Is(first, "UPDATE")) return "UPDATE";
        if (Is(first, "DELETE")) return "DELETE";
        if (Is(first, "WITH")) return FindDmlVerb(statement) ?? "SELECT";
        if (Is(first, "CREATE") || Is(first, "DROP") || Is(first, "ALTER"))
        {
            // CREATE [UNIQUE|TEMP|TEMPORARY|VIRTUAL] TABLE|INDEX|VIEW|TRIGGER ...
            var next = 1;
            var word = statement.WordAt(next);
            while (Is(word, "UNIQUE") || Is(word, "TEMP") || Is(word, "TEMPORARY") || Is(word, "VIRTUAL") || Is(word, "OR"))
            {
                next += Is(word, "OR") ? 2 : 1; // OR REPLACE
                word = statement.WordAt(next);
            }
            return word.IsEmpty ? first.ToString().ToUpperInvariant() : $"{first.ToString().ToUpperInvariant()} {word.ToString().ToUpperInvariant()}";
        }
        if (returnsRows) return "SELECT";
        return first.IsEmpty ? "SELECT" : first.ToString().ToUpperInvariant();
    }

    // After a CTE list the main statement's verb is the first top-level DML keyword outside parentheses.
    private static string? FindDmlVerb(ClientStatement statement)
    {
        var depth = 0;
        for (var i = 1; i < statement.Tokens.Length; i++)
        {
            if (statement.IsPunctuation(i, '(')) depth++;
            else if (statement.IsPunctuation(i, ')')) depth--;
            else if (depth == 0)
            {
                var word = statement.WordAt(i);
                if (Is(word, "SELECT")) return "SELECT";
                if (Is(word, "INSERT") || Is(word, "REPLACE")) return "INSERT";
                if (Is(word, "UPDATE")) return "UPDATE";
                if (Is(word, "DELETE")) return "DELETE";
            }
        }
        return null;
    }

    internal static bool Is(ReadOnlySpan<char> word, string keyword) => word.Equals(keyword, StringComparison.OrdinalIgnoreCase);
}
