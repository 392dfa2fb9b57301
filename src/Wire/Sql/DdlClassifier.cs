namespace TenantDb.Wire.Sql;

/// <summary>
/// Finds the DDL the wire layer runs itself (<see cref="StatementKind.Ddl"/>: what SQLite has no single
/// statement for) and the statements PostgreSQL has but TenantDb cannot emulate
/// (<see cref="StatementKind.Unsupported"/>: answered with 0A000 naming the feature, never a syntax error).
/// </summary>
internal static class DdlClassifier
{
    // CREATE/DROP/ALTER x where x is an object kind a tenant cannot have.
    private static readonly string[] s_unsupportedObjects =
    [
        "EXTENSION", "SCHEMA", "FUNCTION", "TYPE", "DOMAIN", "ROLE", "USER", "GROUP", "DATABASE", "MATERIALIZED", "RULE",
        "POLICY", "PUBLICATION", "SUBSCRIPTION", "TABLESPACE", "AGGREGATE", "OPERATOR", "CAST", "COLLATION", "CONVERSION",
        "EVENT", "FOREIGN", "SERVER", "LANGUAGE", "ACCESS", "STATISTICS", "TEXT", "TRANSFORM", "ROUTINE", "OWNED", "SYSTEM", "DEFAULT",
    ];

    // Statements whose first word alone names a feature TenantDb does not have.
    private static readonly string[] s_unsupportedVerbs =
    [
        "GRANT", "REVOKE", "COMMENT", "SECURITY", "CLUSTER", "DO", "REFRESH", "CHECKPOINT", "REASSIGN", "IMPORT", "LOAD", "LISTEN", "NOTIFY",
    ];

    /// <summary>Ddl, Unsupported, or null when the statement is none of these.</summary>
    public static StatementKind? Classify(ClientStatement statement)
    {
        var first = statement.WordAt(0);
        if (first.IsEmpty) return null;
        if (Is(first, "TRUNCATE") || Is(first, "VACUUM") || Is(first, "ANALYZE") || Is(first, "ANALYSE") || Is(first, "LOCK")) return StatementKind.Ddl;
        foreach (var verb in s_unsupportedVerbs)
        {
            if (Is(first, verb)) return StatementKind.Unsupported;
        }
        var isCreate = Is(first, "CREATE");
        var isDrop = Is(first, "DROP");
        var isAlter = Is(first, "ALTER");
        if (!isCreate && !isDrop && !isAlter) return null;
        var next = 1;
        if (isCreate && statement.IsWord(1, "OR") && statement.IsWord(2, "REPLACE")) next = 3;
        if (isCreate && (statement.IsWord(next, "TEMP") || statement.IsWord(next, "TEMPORARY") || statement.IsWord(next, "UNLOGGED"))) next++;
        var kind = statement.WordAt(next);
        if (Is(kind, "SEQUENCE")) return StatementKind.Ddl;
        if (Is(kind, "PROCEDURE") || Is(kind, "TABLE") && isCreate) return null;
        foreach (var unsupported in s_unsupportedObjects)
        {
            if (Is(kind, unsupported)) return StatementKind.Unsupported;
        }
        // Every DROP TABLE: PostgreSQL refuses to drop a table other tables' foreign keys reference (2BP01).
        if (isDrop && Is(kind, "TABLE")) return StatementKind.Ddl;
        if (isDrop && (Is(kind, "VIEW") || Is(kind, "INDEX")))
            return IsMultiOrCascade(statement) ? StatementKind.Ddl : null;
        if (isAlter && Is(kind, "TABLE"))
        {
            if (IsConstraintAction(statement)) return StatementKind.Ddl;
            // ALTER COLUMN (TYPE, [SET|DROP] NOT NULL, DEFAULT, identity): SQLite cannot change a column in place.
            // SQLite (3.53) changes [SET|DROP] NOT NULL of a single ALTER COLUMN in place, checking the rows.
            var alter = AlterColumnAt(statement);
            if (alter > 0)
            {
                var action = statement.IsWord(alter + 1, "COLUMN") ? alter + 3 : alter + 2;
                bool notNull = (statement.IsWord(action, "SET") || statement.IsWord(action, "DROP")) && statement.IsWord(action + 1, "NOT")
                    && statement.IsWord(action + 2, "NULL") && action + 3 == statement.Tokens.Length;
                if (notNull) return null;
            }
            return alter > 0 ? StatementKind.Unsupported : null;
        }
        return null;
    }

    // DROP x a, b or DROP x a CASCADE|RESTRICT: SQLite drops one object and has no CASCADE.
    private static bool IsMultiOrCascade(ClientStatement statement)
    {
        for (var i = 2; i < statement.Tokens.Length; i++)
        {
            if (statement.IsPunctuation(i, ',')) return true;
        }
        return statement.IsWord(statement.Tokens.Length - 1, "CASCADE") || statement.IsWord(statement.Tokens.Length - 1, "RESTRICT");
    }

    // ALTER TABLE t ADD [CONSTRAINT n] PRIMARY KEY|UNIQUE|FOREIGN KEY|CHECK ..., DROP CONSTRAINT n, DROP COLUMN c CASCADE|RESTRICT,
    // or ALTER COLUMN c TYPE t, or ALTER COLUMN c SET/DROP DEFAULT and the identity forms.
    private static bool IsConstraintAction(ClientStatement statement)
    {
        for (var i = 3; i < statement.Tokens.Length; i++)
        {
            if (statement.IsWord(i, "ADD"))
            {
                var w = i + 1;
                return statement.IsWord(w, "CONSTRAINT") || statement.IsWord(w, "PRIMARY") || statement.IsWord(w, "UNIQUE")
                    || statement.IsWord(w, "FOREIGN") || statement.IsWord(w, "CHECK");
            }
            if (statement.IsWord(i, "DROP"))
            {
                var ifExists = statement.IsWord(i + 1, "COLUMN") ? i + 2 : i + 1;
                return statement.IsWord(i + 1, "CONSTRAINT") || IsMultiOrCascade(statement) || (statement.IsWord(ifExists, "IF") && statement.IsWord(ifExists + 1, "EXISTS"));
            }
            if (statement.IsWord(i, "ALTER"))
            {
                // ALTER [COLUMN] c [SET DATA] TYPE t: SQLite cannot change a column's type in place.
                var name = statement.IsWord(i + 1, "COLUMN") ? i + 2 : i + 1;
                if (Server.Commands.AlterColumnGenerationCommand.IsGenerationAction(statement, name + 1)) return true;
                return statement.IsWord(name + 1, "TYPE") || (statement.IsWord(name + 1, "SET") && statement.IsWord(name + 2, "DATA") && statement.IsWord(name + 3, "TYPE"));
            }
        }
        return false;
    }

    /// <summary>The token of the ALTER that starts an <c>ALTER TABLE t ALTER [COLUMN] c ...</c> action, or -1.</summary>
    internal static int AlterColumnAt(ClientStatement statement)
    {
        for (var i = 3; i < statement.Tokens.Length; i++)
        {
            if (statement.IsWord(i, "ALTER")) return i;
        }
        return -1;
    }

    private static bool Is(ReadOnlySpan<char> word, string keyword) => word.Equals(keyword, StringComparison.OrdinalIgnoreCase);
}
