// SAFETY-CRITICAL for the trust boundary: a rebuild runs trusted statements built from the tenant's
// stored schema. Each names its objects schema-qualified, the new table has a reserved name no tenant
// object can refer to, and no tenant trigger can run inside these statements (the authorizer refuses).
using TenantDb.Engine.Ddl;
using TenantDb.Engine.Errors;
using TenantDb.Engine.Hardening;
using TenantDb.Engine.Values;

namespace TenantDb.Engine;

/// <summary>
/// ALTER TABLE ... ADD/DROP CONSTRAINT, which SQLite cannot do in place: the table is rebuilt by
/// SQLite's documented procedure (create the new shape, copy the rows, drop the old table, rename the
/// new one, recreate indexes and triggers) in one savepoint, keeping rows, indexes, triggers, the
/// AUTOINCREMENT counter and the engine's per-column records (which are keyed by table and column name).
/// </summary>
public sealed partial class TenantSession
{
    private const string RebuildTable = "_tenantdb_rebuild";

    /// <summary>ALTER TABLE <paramref name="table"/> ADD <paramref name="constraint"/>.</summary>
    public void AddTableConstraint(string table, TableConstraint constraint)
    {
        ArgumentNullException.ThrowIfNull(constraint);
        ThrowIfUnusable();
        if (TenantAuthorizer.MentionsReservedName(constraint.Definition) || (constraint.Name is { } n && TenantAuthorizer.IsReserved(n)))
        {
            throw new TenantDbException(TenantDbErrorKind.Denied, "permission denied: a constraint may not name an object reserved for TenantDb");
        }

        string stored = MainTable(table);
        var existing = SchemaSql.Parse(TableSql(stored)).ConstraintNames();
        string name = constraint.Name ?? DefaultConstraintName(stored, constraint, existing);
        if (existing.Contains(name, StringComparer.OrdinalIgnoreCase))
        {
            throw new TenantDbException(TenantDbErrorKind.Sql, "42710", $"constraint \"{name}\" for relation \"{stored}\" already exists");
        }

        IReadOnlyCollection<string> notNull = [];
        if (constraint.Kind == TableConstraintKind.PrimaryKey)
        {
            if (QueryTrusted("SELECT 1 FROM pragma_table_info(?1, 'main') WHERE pk > 0", SqlValue.Text(stored)).Count > 0)
            {
                throw new TenantDbException(TenantDbErrorKind.Sql, "42P16", $"multiple primary keys for table \"{stored}\" are not allowed");
            }

            // PostgreSQL makes primary key columns NOT NULL, and refuses when a row has a NULL there.
            foreach (string column in constraint.Columns)
            {
                if (QueryTrusted($"SELECT 1 FROM main.{SchemaSql.Quote(stored)} WHERE {SchemaSql.Quote(column)} IS NULL LIMIT 1").Count > 0)
                {
                    throw new TenantDbException(TenantDbErrorKind.Constraint, "23502", $"column \"{column}\" of relation \"{stored}\" contains null values");
                }
            }

            notNull = constraint.Columns;
        }

        Rebuild(stored, sql => sql.RebuildTable($"main.{RebuildTable}", $"CONSTRAINT {SchemaSql.Quote(name)} {constraint.Definition}", null, notNull),
            checkForeignKeys: constraint.Kind == TableConstraintKind.ForeignKey);
    }

    /// <summary>ALTER TABLE <paramref name="table"/> DROP CONSTRAINT <paramref name="name"/>.</summary>
    public void DropTableConstraint(string table, string name, bool ifExists)
    {
        ArgumentNullException.ThrowIfNull(name);
        ThrowIfUnusable();
        string stored = MainTable(table);
        if (!SchemaSql.Parse(TableSql(stored)).ConstraintNames().Contains(name, StringComparer.OrdinalIgnoreCase))
        {
            if (ifExists) return;
            throw new TenantDbException(TenantDbErrorKind.UndefinedObject, "42704", $"constraint \"{name}\" of relation \"{stored}\" does not exist");
        }

        Rebuild(stored, sql => sql.RebuildTable($"main.{RebuildTable}", null, name, []), checkForeignKeys: false);
    }

    /// <summary>
    /// ALTER TABLE <paramref name="table"/> ALTER COLUMN <paramref name="column"/> TYPE: the column's type in
    /// the table's definition becomes <paramref name="columnTypeSql"/> (a type name with the length CHECK the
    /// wire layer derives from it) and the rows are copied, so SQLite's affinity converts them as they move.
    /// The text must be one column's type and its own constraints: no item separator, no statement end, no
    /// default, reference or generated expression, nothing reserved.
    /// <para>
    /// With <paramref name="usingSelect"/> (PostgreSQL's <c>USING expression</c>) the column's new values are
    /// what that query returns: one SELECT of two columns, each row's rowid and its new value. It is tenant
    /// SQL and runs as any tenant statement does, under the tenant's authorizer and read-only; the trusted
    /// rebuild only reads its results back from a reserved TEMP table, so no tenant text runs with the
    /// engine's rights.
    /// </para>
    /// </summary>
    public void AlterColumnType(string table, string column, string columnTypeSql, string? usingSelect = null)
    {
        ArgumentNullException.ThrowIfNull(column);
        ArgumentNullException.ThrowIfNull(columnTypeSql);
        ThrowIfUnusable();
        if (!IsColumnTypeOnly(columnTypeSql) || TenantAuthorizer.MentionsReservedName(columnTypeSql) || TenantAuthorizer.IsReserved(column))
        {
            throw new TenantDbException(TenantDbErrorKind.Denied, "42501", "permission denied: ALTER COLUMN ... TYPE takes a type name");
        }

        string stored = MainTable(table);
        if (usingSelect is null && TryRetypeRowIdColumn(stored, column, columnTypeSql)) return;
        if (usingSelect is null)
        {
            Rebuild(stored, sql => sql.RebuildTable($"main.{RebuildTable}", null, null, [], (column, columnTypeSql)), checkForeignKeys: false);
        }
        else
        {
            if (QueryTrusted("SELECT 1 FROM pragma_table_xinfo(?1, 'main') WHERE name = ?2", SqlValue.Text(stored), SqlValue.Text(column)).Count == 0)
            {
                throw new TenantDbException(TenantDbErrorKind.Sql, "42703", $"column \"{column}\" of relation \"{stored}\" does not exist");
            }

            // The USING query pairs each value with its row by rowid: a column that takes that name would break the pairing.
            if (QueryTrusted("SELECT 1 FROM pragma_table_xinfo(?1, 'main') WHERE lower(name) IN ('rowid', '_rowid_', 'oid')", SqlValue.Text(stored)).Count > 0)
            {
                throw new TenantDbException(TenantDbErrorKind.NotSupported, "0A000", $"ALTER COLUMN ... TYPE ... USING is not supported on table \"{stored}\", which has a column named rowid, _rowid_ or oid");
            }

            StageUsingValues(usingSelect);
            try
            {
                string newValue = $"(SELECT v FROM {UsingValuesTable} WHERE rid = main.{SchemaSql.Quote(stored)}.rowid)";
                Rebuild(stored, sql => sql.RebuildTable($"main.{RebuildTable}", null, null, [], (column, columnTypeSql)), checkForeignKeys: false,
                    (column, newValue));
            }
            finally
            {
                ExecuteTrusted($"DROP TABLE IF EXISTS {UsingValuesTable}");
            }
        }
        // A remembered integer width (of a serial column) no longer describes the column: its declaration does.
        if (QueryTrusted("SELECT 1 FROM main.sqlite_schema WHERE type = 'table' AND name = '_tenantdb_column_types'").Count > 0)
        {
            ExecuteTrusted($"DELETE FROM {ColumnTypesTable} WHERE table_name = ?1 AND column_name = ?2", SqlValue.Text(stored), SqlValue.Text(column));
        }

        _rememberedTypesVersion = -1;
    }

    private const string UsingValuesTable = "temp._tenantdb_using_values";

    // Runs the tenant's USING query (untrusted, read-only) and keeps its (rowid, value) rows in a reserved TEMP
    // table that only trusted statements can write; the rebuild reads the values from there.
    private void StageUsingValues(string usingSelect)
    {
        ExecuteTrusted($"DROP TABLE IF EXISTS {UsingValuesTable}");
        ExecuteTrusted($"CREATE TABLE {UsingValuesTable} (rid INTEGER PRIMARY KEY, v)");
        try
        {
            using var values = Prepare(usingSelect);
            if (values.ColumnCount != 2 || !values.IsReadOnly)
            {
                throw new TenantDbException(TenantDbErrorKind.Syntax, "42601", "ALTER COLUMN ... USING takes one expression over the table's row");
            }

            using var insert = PrepareTrusted($"INSERT INTO {UsingValuesTable} (rid, v) VALUES (?1, ?2)");
            using var reader = values.ExecuteReader();
            while (reader.Read())
            {
                if (reader.GetSqlType(0) != SqlType.Integer)
                {
                    throw new TenantDbException(TenantDbErrorKind.Syntax, "42601", "ALTER COLUMN ... USING takes one expression over the table's row");
                }

                insert.ClearBindings();
                insert.Bind(0, reader.GetValue(0));
                insert.Bind(1, reader.GetValue(1));
                using (Guard.EnterTrusted())
                {
                    insert.ExecuteNonQuery();
                }
            }
        }
        catch
        {
            ExecuteTrusted($"DROP TABLE IF EXISTS {UsingValuesTable}");
            throw;
        }
    }

    // Balanced parentheses, no top-level comma, no ';', and none of the words that bring an expression or
    // another object into a column definition (CHECK takes no subquery and no engine function in SQLite).
    private static bool IsColumnTypeOnly(string sql)
    {
        int depth = 0;
        var lexer = new SqlText.SqlLexer(sql, 0, sqliteQuoting: true);
        for (var token = lexer.Next(); token.Kind != SqlText.SqlTokenKind.End; token = lexer.Next())
        {
            if (token.Kind is SqlText.SqlTokenKind.Unterminated) return false;
            if (token.IsPunctuation(sql, '(')) depth++;
            else if (token.IsPunctuation(sql, ')') && --depth < 0) return false;
            else if (token.IsPunctuation(sql, ';') || (depth == 0 && token.IsPunctuation(sql, ','))) return false;
            foreach (string word in s_notInColumnType)
            {
                if (token.IsWord(sql, word)) return false;
            }
        }

        return depth == 0;
    }

    private static readonly string[] s_notInColumnType = ["SELECT", "DEFAULT", "REFERENCES", "GENERATED", "AS", "PRIMARY", "UNIQUE", "FOREIGN", "ATTACH", "PRAGMA"];

    // PostgreSQL's names: t_pkey, t_a_b_key, t_a_fkey, t_check (with a number when taken).
    private static string DefaultConstraintName(string table, TableConstraint constraint, IReadOnlyList<string> taken)
    {
        string columns = constraint.Columns.Count > 0 ? "_" + string.Join('_', constraint.Columns) : string.Empty;
        string baseName = constraint.Kind switch
        {
            TableConstraintKind.PrimaryKey => $"{table}_pkey",
            TableConstraintKind.Unique => $"{table}{columns}_key",
            TableConstraintKind.ForeignKey => $"{table}{columns}_fkey",
            _ => $"{table}_check",
        };
        string name = baseName;
        for (int i = 1; taken.Contains(name, StringComparer.OrdinalIgnoreCase); i++) name = baseName + i;
        return name;
    }

    /// <summary>The stored name of the main-schema table <paramref name="table"/> (ALTER TABLE of a TEMP table is not rebuilt).</summary>
    private string MainTable(string table)
    {
        var found = FindTable(table) ?? throw UndefinedTable(table);
        if (found.Schema != "main")
        {
            throw new TenantDbException(TenantDbErrorKind.NotSupported, "0A000", $"ALTER TABLE ... CONSTRAINT is not supported on the temporary table \"{table}\"");
        }

        return found.Name;
    }

    private string TableSql(string stored)
    {
        var rows = QueryTrusted("SELECT sql FROM main.sqlite_schema WHERE type = 'table' AND name = ?1", SqlValue.Text(stored));
        if (rows.Count == 0 || rows[0][0].IsNull) throw UndefinedTable(stored);
        string sql = rows[0][0].AsText;
        if (!sql.StartsWith("CREATE TABLE", StringComparison.OrdinalIgnoreCase))
        {
            throw new TenantDbException(TenantDbErrorKind.NotSupported, "0A000", $"ALTER TABLE ... CONSTRAINT is not supported on the virtual table \"{stored}\"");
        }

        return sql;
    }

    // SQLite's twelve steps, in one savepoint.
    private void Rebuild(string table, Func<SchemaSql, string> newDefinition, bool checkForeignKeys, (string Column, string Expression)? newValue = null)
    {
        string quoted = SchemaSql.Quote(table);
        string createNew = newDefinition(SchemaSql.Parse(TableSql(table)));

        // Dropping the old table deletes its rows first when foreign keys are on, which would run the
        // ON DELETE actions of tables that reference it. That cannot happen when those tables are empty;
        // otherwise foreign keys must be off, which SQLite allows only outside a transaction.
        bool foreignKeys = QueryTrusted("PRAGMA foreign_keys")[0][0].AsInteger != 0;
        bool referencedWithRows = ReferencingTables(table).Exists(child =>
            QueryTrusted($"SELECT 1 FROM main.{SchemaSql.Quote(child)} LIMIT 1").Count > 0);
        bool switchOffForeignKeys = foreignKeys && referencedWithRows;
        if (switchOffForeignKeys && InTransaction)
        {
            throw new TenantDbException(TenantDbErrorKind.NotSupported, "0A000",
                $"ALTER TABLE ... CONSTRAINT on table \"{table}\", which rows of other tables reference, must run outside a transaction block");
        }

        bool legacyAlter = QueryTrusted("PRAGMA legacy_alter_table")[0][0].AsInteger != 0;
        if (switchOffForeignKeys) ExecuteTrusted("PRAGMA foreign_keys = OFF");
        try
        {
            InDdlSavepoint(deferForeignKeys: false, () =>
            {
                var dependents = QueryTrusted("SELECT sql FROM main.sqlite_schema WHERE tbl_name = ?1 AND type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY rowid", SqlValue.Text(table));
                long? counter = AutoincrementCounter(table);
                var columns = new List<string>();
                var sources = new List<string>();
                foreach (SqlValue[] row in QueryTrusted("SELECT name FROM pragma_table_xinfo(?1, 'main') WHERE hidden = 0 ORDER BY cid", SqlValue.Text(table)))
                {
                    columns.Add(SchemaSql.Quote(row[0].AsText));
                    sources.Add(newValue is { } v && string.Equals(v.Column, row[0].AsText, StringComparison.OrdinalIgnoreCase) ? v.Expression : SchemaSql.Quote(row[0].AsText));
                }

                string list = string.Join(", ", columns);
                ExecuteTrusted(createNew);
                try
                {
                    ExecuteTrusted($"INSERT INTO main.{RebuildTable} ({list}) SELECT {string.Join(", ", sources)} FROM main.{quoted}");
                }
                catch (TenantDbException e) when (e.Message.Contains("foreign key mismatch", StringComparison.Ordinal))
                {
                    throw new TenantDbException(TenantDbErrorKind.Sql, "42830", $"there is no unique constraint matching given keys for referenced table ({e.Message})");
                }

                ExecuteTrusted($"DROP TABLE main.{quoted}");

                // Legacy renaming touches only the renamed table's own definition: views and triggers that
                // name the table keep naming it, and it does not stop at a view the drop left dangling.
                if (!legacyAlter) ExecuteTrusted("PRAGMA legacy_alter_table = ON");
                try
                {
                    ExecuteTrusted($"ALTER TABLE main.{RebuildTable} RENAME TO {quoted}");
                }
                finally
                {
                    if (!legacyAlter) ExecuteTrusted("PRAGMA legacy_alter_table = OFF");
                }

                foreach (SqlValue[] row in dependents)
                {
                    ExecuteTrusted(SchemaSql.Parse(row[0].AsText).QualifiedInMain());
                }

                if (counter is { } seq)
                {
                    ExecuteTrusted("UPDATE main.sqlite_sequence SET seq = max(seq, ?2) WHERE name = ?1", SqlValue.Text(table), SqlValue.Integer(seq));
                }

                if ((checkForeignKeys && !foreignKeys) || switchOffForeignKeys)
                {
                    var violations = QueryTrusted(switchOffForeignKeys ? "PRAGMA main.foreign_key_check" : $"PRAGMA main.foreign_key_check({quoted})");
                    if (violations.Count > 0)
                    {
                        throw new TenantDbException(TenantDbErrorKind.Constraint, "23503",
                            $"insert or update on table \"{violations[0][0]}\" violates foreign key constraint (a row references a missing row of \"{violations[0][2]}\")");
                    }
                }
            });
        }
        finally
        {
            if (switchOffForeignKeys) ExecuteTrusted("PRAGMA foreign_keys = ON");
        }
    }

    private long? AutoincrementCounter(string table)
    {
        if (QueryTrusted("SELECT 1 FROM main.sqlite_schema WHERE type = 'table' AND name = 'sqlite_sequence'").Count == 0) return null;
        var rows = QueryTrusted("SELECT seq FROM main.sqlite_sequence WHERE name = ?1", SqlValue.Text(table));
        return rows.Count > 0 && rows[0][0].Type == SqlType.Integer ? rows[0][0].AsInteger : null;
    }
}
