// SAFETY-CRITICAL for the trust boundary: these change the reserved column-types table and SQLite's
// sqlite_sequence through trusted, schema-qualified statements; the one piece of tenant SQL they take (a
// column default) is first compiled as a tenant statement under the tenant's authorizer.
using TenantDb.Engine.Ddl;
using TenantDb.Engine.Errors;
using TenantDb.Engine.Hardening;
using TenantDb.Engine.Values;

namespace TenantDb.Engine;

/// <summary>
/// ALTER TABLE ... ALTER COLUMN forms that change how a column's values are generated: its default (by
/// table rebuild) and its identity (by the remembered-types record and SQLite's AUTOINCREMENT counter,
/// which need no rebuild). An identity column is SQLite's row id, so only the row-id column of a table can
/// become one.
/// </summary>
public sealed partial class TenantSession
{
    /// <summary>
    /// ALTER COLUMN <paramref name="column"/> SET DEFAULT <paramref name="defaultSql"/> (SQLite's syntax of an
    /// expression), or DROP DEFAULT when it is null: the table is rebuilt with the new default, keeping its rows.
    /// </summary>
    public void AlterColumnDefault(string table, string column, string? defaultSql)
    {
        ArgumentNullException.ThrowIfNull(column);
        ThrowIfUnusable();
        if (defaultSql is not null)
        {
            // The expression must be one expression the tenant itself may evaluate: compiled as a tenant
            // statement (under the authorizer, with the engine's functions refused in a schema anyway).
            if (!IsSingleExpression(defaultSql) || TenantAuthorizer.MentionsReservedName(defaultSql))
            {
                throw new TenantDbException(TenantDbErrorKind.Denied, "42501", "permission denied: SET DEFAULT takes one expression");
            }

            using TenantStatement probe = Prepare("SELECT (" + defaultSql + ")");
        }

        string stored = MainTable(table);
        if (TenantAuthorizer.IsReserved(column)) throw new TenantDbException(TenantDbErrorKind.Denied, "42501", "permission denied: the column is reserved");
        InDdlSavepoint(deferForeignKeys: false, () =>
        {
            Rebuild(stored, sql => sql.RebuildTable($"main.{RebuildTable}", null, null, [], redefault: (column, defaultSql is null ? null : "(" + defaultSql + ")")), checkForeignKeys: false);

            // SQLite checks a default where it is used: an INSERT that uses it must compile for the tenant
            // (a function a schema may not call, such as nextval or load_extension, fails here, undoing the change).
            using TenantStatement insert = Prepare($"INSERT INTO main.{SchemaSql.Quote(stored)} DEFAULT VALUES");
        });
    }

    /// <summary>
    /// ALTER COLUMN <paramref name="column"/> ADD GENERATED ALWAYS|BY DEFAULT AS IDENTITY (<paramref name="identity"/>
    /// 'a' or 'd'): the column must be the table's row id (declared <c>INTEGER PRIMARY KEY</c>).
    /// </summary>
    public void AddIdentity(string table, string column, char identity)
    {
        ThrowIfUnusable();
        string stored = MainTable(table);
        var (storedColumn, current, type) = GeneratedColumn(stored, column);
        if (current != '\0') throw NotInState($"column \"{storedColumn}\" of relation \"{stored}\" is already an identity column");
        if (!IsRowIdColumn(stored, storedColumn))
        {
            throw new TenantDbException(TenantDbErrorKind.NotSupported, "0A000",
                $"column \"{storedColumn}\" cannot become an identity column: only a table's INTEGER PRIMARY KEY (its row id) can generate values in TenantDb");
        }

        RememberColumnType(stored, storedColumn, type + (identity == 'a' ? " " + IdentityColumn.Always : " " + IdentityColumn.ByDefault));
    }

    /// <summary>ALTER COLUMN <paramref name="column"/> SET GENERATED ALWAYS|BY DEFAULT (<paramref name="identity"/> 'a' or 'd').</summary>
    public void SetIdentityGeneration(string table, string column, char identity)
    {
        ThrowIfUnusable();
        string stored = MainTable(table);
        var (storedColumn, current, type) = GeneratedColumn(stored, column);
        if (current == '\0') throw NotInState($"column \"{storedColumn}\" of relation \"{stored}\" is not an identity column");
        RememberColumnType(stored, storedColumn, type + (identity == 'a' ? " " + IdentityColumn.Always : " " + IdentityColumn.ByDefault));
    }

    /// <summary>
    /// ALTER COLUMN <paramref name="column"/> DROP IDENTITY [IF EXISTS]; false when it was no identity column and
    /// <paramref name="ifExists"/> was given. The column stays the row id, which still fills in an omitted value.
    /// </summary>
    public bool DropIdentity(string table, string column, bool ifExists)
    {
        ThrowIfUnusable();
        string stored = MainTable(table);
        var (storedColumn, current, type) = GeneratedColumn(stored, column);
        if (current == '\0')
        {
            if (ifExists) return false;
            throw NotInState($"column \"{storedColumn}\" of relation \"{stored}\" is not an identity column");
        }

        RememberColumnType(stored, storedColumn, type);
        return true;
    }

    /// <summary>
    /// ALTER COLUMN <paramref name="column"/> RESTART [WITH <paramref name="restartWith"/>]: the next generated
    /// value is <paramref name="restartWith"/> (1 when null), or past the largest id in the table when that is larger
    /// (SQLite's row id never reuses a value that is taken).
    /// </summary>
    public void RestartIdentity(string table, string column, long? restartWith)
    {
        ThrowIfUnusable();
        string stored = MainTable(table);
        var (storedColumn, current, _) = GeneratedColumn(stored, column);
        if (current == '\0') throw NotInState($"column \"{storedColumn}\" of relation \"{stored}\" is not an identity column");
        long next = restartWith ?? 1;
        if (next < 1) throw new TenantDbException(TenantDbErrorKind.Sql, "22023", $"RESTART value ({next}) cannot be less than MINVALUE (1)");
        if (AutoincrementCounter(stored) is null)
        {
            throw new TenantDbException(TenantDbErrorKind.NotSupported, "0A000", $"RESTART of column \"{storedColumn}\": the table has no AUTOINCREMENT counter (its ids are one past the largest)");
        }

        ExecuteTrusted("UPDATE main.sqlite_sequence SET seq = ?2 WHERE name = ?1", SqlValue.Text(stored), SqlValue.Integer(next - 1));
    }

    // The column's stored name, its identity kind ('\0' for none) and its remembered integer type name.
    private (string Column, char Identity, string TypeName) GeneratedColumn(string stored, string column)
    {
        var rows = QueryTrusted("SELECT name FROM pragma_table_info(?1, 'main') WHERE name = ?2 COLLATE NOCASE", SqlValue.Text(stored), SqlValue.Text(column));
        if (rows.Count == 0) throw new TenantDbException(TenantDbErrorKind.UndefinedObject, "42703", $"column \"{column}\" of relation \"{stored}\" does not exist");
        string storedColumn = rows[0][0].AsText;

        // Read now, also inside a transaction: this DDL reads the schema anyway.
        var identities = new Dictionary<(string Table, string Column), char>(ColumnKeyComparer.Instance);
        var types = ReadRememberedTypes(identities);
        char identity = identities.TryGetValue((stored, storedColumn), out char found) ? found : '\0';
        string typeName = types.TryGetValue((stored, storedColumn), out var type) ? type.TypeOid switch
        {
            PgCatalog.PgBuiltinTypes.Int8 => "bigint",
            PgCatalog.PgBuiltinTypes.Int2 => "smallint",
            _ => "integer",
        } : "integer";
        return (storedColumn, identity, typeName);
    }

    // Declared exactly INTEGER and the table's only primary key column, in a table with row ids.
    private bool IsRowIdColumn(string stored, string column)
    {
        var keys = QueryTrusted("SELECT name, type FROM pragma_table_info(?1, 'main') WHERE pk > 0", SqlValue.Text(stored));
        bool withoutRowId = QueryTrusted("SELECT 1 FROM pragma_index_list(?1, 'main') WHERE origin = 'pk'", SqlValue.Text(stored)).Count > 0;
        return keys.Count == 1 && !withoutRowId && string.Equals(keys[0][0].AsText, column, StringComparison.OrdinalIgnoreCase)
            && string.Equals(keys[0][1].AsText, "INTEGER", StringComparison.OrdinalIgnoreCase);
    }

    private void RememberColumnType(string stored, string column, string pgType)
    {
        InDdlSavepoint(deferForeignKeys: false, () =>
        {
            ExecuteTrusted($"CREATE TABLE IF NOT EXISTS {ColumnTypesTable} (table_name TEXT NOT NULL COLLATE NOCASE, column_name TEXT NOT NULL COLLATE NOCASE, pg_type TEXT NOT NULL, PRIMARY KEY (table_name, column_name)) WITHOUT ROWID");
            ExecuteTrusted($"INSERT OR REPLACE INTO {ColumnTypesTable} (table_name, column_name, pg_type) VALUES (?, ?, ?)",
                SqlValue.Text(stored), SqlValue.Text(column), SqlValue.Text(pgType));

            // Every connection (and its PostgreSQL catalog) rereads the remembered types when the schema
            // version moves; a row alone does not move it, so a schema change that leaves nothing behind does.
            ExecuteTrusted("CREATE TABLE main._tenantdb_schema_change (x)");
            ExecuteTrusted("DROP TABLE main._tenantdb_schema_change");
        });
        _rememberedTypesVersion = -1;
    }

    /// <summary>
    /// ALTER COLUMN ... TYPE of an identity or serial column that is the row id, to an integer type: the
    /// column stays SQLite's INTEGER row id (which generates its values) and only its remembered type
    /// changes, after checking that every value fits. False when the column or the type is not such.
    /// </summary>
    private bool TryRetypeRowIdColumn(string stored, string column, string columnTypeSql)
    {
        string? type = columnTypeSql.Trim().ToLowerInvariant() switch
        {
            "smallint" or "int2" => "smallint",
            "integer" or "int" or "int4" => "integer",
            "bigint" or "int8" => "bigint",
            _ => null,
        };
        if (type is null || !IsRowIdColumn(stored, column)) return false;
        var identities = new Dictionary<(string Table, string Column), char>(ColumnKeyComparer.Instance);
        if (!ReadRememberedTypes(identities).ContainsKey((stored, column))) return false;
        var (storedColumn, identity, _) = GeneratedColumn(stored, column);
        long max = type switch { "smallint" => short.MaxValue, "integer" => int.MaxValue, _ => long.MaxValue };
        if (QueryTrusted($"SELECT 1 FROM main.{SchemaSql.Quote(stored)} WHERE {SchemaSql.Quote(storedColumn)} > ?1 OR {SchemaSql.Quote(storedColumn)} < ?2 LIMIT 1",
            SqlValue.Integer(max), SqlValue.Integer(-max - 1)).Count > 0)
        {
            throw new TenantDbException(TenantDbErrorKind.Sql, "22003", $"{type} out of range");
        }

        RememberColumnType(stored, storedColumn, type + identity switch
        {
            'a' => " " + IdentityColumn.Always,
            'd' => " " + IdentityColumn.ByDefault,
            _ => string.Empty,
        });
        return true;
    }

    // One expression: balanced parentheses, no top-level comma, no statement end, no subquery or pragma.
    private static bool IsSingleExpression(string sql)
    {
        int depth = 0;
        var lexer = new SqlText.SqlLexer(sql, 0, sqliteQuoting: true);
        bool any = false;
        for (var token = lexer.Next(); token.Kind != SqlText.SqlTokenKind.End; token = lexer.Next())
        {
            any = true;
            if (token.Kind is SqlText.SqlTokenKind.Unterminated) return false;
            if (token.IsPunctuation(sql, '(')) depth++;
            else if (token.IsPunctuation(sql, ')') && --depth < 0) return false;
            else if (token.IsPunctuation(sql, ';') || (depth == 0 && token.IsPunctuation(sql, ','))) return false;
            if (token.IsWord(sql, "SELECT") || token.IsWord(sql, "ATTACH") || token.IsWord(sql, "PRAGMA")) return false;
        }

        return any && depth == 0;
    }

    private static TenantDbException NotInState(string message) => new(TenantDbErrorKind.Sql, "55000", message);
}
