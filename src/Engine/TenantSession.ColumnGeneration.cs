// SAFETY-CRITICAL for the trust boundary: these change the reserved column-types table and SQLite's
// sqlite_sequence through trusted, schema-qualified statements; the one piece of tenant SQL they take (a
// column default) is first compiled as a tenant statement under the tenant's authorizer.
using TenantDb.Engine.Ddl;
using TenantDb.Engine.Errors;
using TenantDb.Engine.Hardening;
using TenantDb.Engine.PgCatalog;
using TenantDb.Engine.Values;

namespace TenantDb.Engine;

/// <summary>
/// ALTER TABLE ... ALTER COLUMN forms that change how a column's values are generated: its default (by
/// table rebuild, or a sequence that generates the values), and its identity (by the remembered-types
/// record and either SQLite's AUTOINCREMENT counter, when the column is the row id, or a sequence owned by
/// the column; neither needs a rebuild).
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

            // A sequence generated the column's omitted values until now (serial, nextval default): no more.
            TryDropDefaultSequence(stored, column);

            // SQLite checks a default where it is used: an INSERT that uses it must compile for the tenant
            // (a function a schema may not call, such as nextval or load_extension, fails here, undoing the change).
            using TenantStatement insert = Prepare($"INSERT INTO main.{SchemaSql.Quote(stored)} DEFAULT VALUES");
        });
    }

    /// <summary>
    /// ALTER COLUMN <paramref name="column"/> ADD GENERATED ALWAYS|BY DEFAULT AS IDENTITY (<paramref name="identity"/>
    /// 'a' or 'd') [( <paramref name="options"/> )]: the table's row id (declared <c>INTEGER PRIMARY KEY</c>) generates
    /// its values when the options allow (none given); otherwise a new sequence, <paramref name="sequenceName"/> or
    /// <c>table_column_seq</c>, owned by the column, does. Such a column must be NOT NULL, without a default, of an integer type.
    /// </summary>
    public void AddIdentity(string table, string column, char identity, SequenceOptions? options = null, string? sequenceName = null)
    {
        ThrowIfUnusable();
        string stored = MainTable(table);
        var generated = GeneratedColumn(stored, column);
        string storedColumn = generated.Column;
        if (generated.Identity != '\0') throw NotInState($"column \"{storedColumn}\" of relation \"{stored}\" is already an identity column");
        bool rowId = IsRowIdColumn(stored, storedColumn);
        if (rowId && options is null && sequenceName is null && generated.Sequence is null)
        {
            RememberColumnType(stored, storedColumn, IdentityColumn.Remembered(generated.TypeName, identity, null));
            return;
        }

        var info = QueryTrusted("SELECT type, \"notnull\", dflt_value, pk FROM pragma_table_info(?1, 'main') WHERE name = ?2", SqlValue.Text(stored), SqlValue.Text(storedColumn))[0];
        string? type = generated.Remembered ? generated.TypeName : IntegerTypeName(info[0].Type == SqlType.Text ? info[0].AsText : null);
        if (type is null) throw new TenantDbException(TenantDbErrorKind.Sql, "22023", "identity column type must be smallint, integer, or bigint");
        if (!rowId && info[1].AsInteger == 0)
        {
            throw NotInState($"column \"{storedColumn}\" of relation \"{stored}\" must be declared NOT NULL before identity can be added");
        }

        if (info[2].Type != SqlType.Null || generated.Sequence is not null)
        {
            throw NotInState($"column \"{storedColumn}\" of relation \"{stored}\" already has a default value");
        }

        string sequence = sequenceName ?? SerialSequence.DefaultName(stored, storedColumn);
        InDdlSavepoint(deferForeignKeys: false, () =>
        {
            CreateSerialSequence(stored, new SerialSequence(storedColumn, sequence, type) { Options = options });
            RememberColumnType(stored, storedColumn, IdentityColumn.Remembered(type, identity, sequence));
        });
    }

    /// <summary>ALTER COLUMN <paramref name="column"/> SET GENERATED ALWAYS|BY DEFAULT (<paramref name="identity"/> 'a' or 'd').</summary>
    public void SetIdentityGeneration(string table, string column, char identity)
    {
        ThrowIfUnusable();
        string stored = MainTable(table);
        var generated = IdentityOf(stored, column);
        RememberColumnType(stored, generated.Column, IdentityColumn.Remembered(generated.TypeName, identity, generated.Sequence));
    }

    /// <summary>
    /// ALTER COLUMN <paramref name="column"/> DROP IDENTITY [IF EXISTS]; false when it was no identity column and
    /// <paramref name="ifExists"/> was given. A column that is the row id stays that, which still fills in an
    /// omitted value; the sequence of any other is dropped with its identity.
    /// </summary>
    public bool DropIdentity(string table, string column, bool ifExists)
    {
        ThrowIfUnusable();
        string stored = MainTable(table);
        var generated = GeneratedColumn(stored, column);
        if (generated.Identity == '\0')
        {
            if (ifExists) return false;
            throw NotInState($"column \"{generated.Column}\" of relation \"{stored}\" is not an identity column");
        }

        InDdlSavepoint(deferForeignKeys: false, () =>
        {
            RememberColumnType(stored, generated.Column, generated.TypeName);
            if (generated.Sequence is { } sequence) ExecuteTrusted($"DELETE FROM {SequencesTable} WHERE name = ?1", SqlValue.Text(sequence));
        });
        return true;
    }

    /// <summary>
    /// ALTER COLUMN <paramref name="column"/> SET sequence options [RESTART [WITH n]] of an identity column that a
    /// sequence generates: its sequence changes as by ALTER SEQUENCE. The row id follows no options (0A000).
    /// </summary>
    public void AlterIdentityOptions(string table, string column, SequenceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ThrowIfUnusable();
        string stored = MainTable(table);
        var generated = IdentityOf(stored, column);
        if (generated.Sequence is not { } sequence)
        {
            throw new TenantDbException(TenantDbErrorKind.NotSupported, "0A000",
                $"column \"{generated.Column}\": the identity values of a table's row id start at 1 and grow by 1; DROP IDENTITY and ADD it again with options to use a sequence");
        }

        AlterSequence(sequence, options, ifExists: false);
    }

    /// <summary>
    /// ALTER COLUMN <paramref name="column"/> RESTART [WITH <paramref name="restartWith"/>]: the next generated
    /// value is <paramref name="restartWith"/> (the sequence's start when null). For the row id, the next value
    /// is that (1 when null), or past the largest id in the table when that is larger (SQLite's row id never
    /// reuses a value that is taken).
    /// </summary>
    public void RestartIdentity(string table, string column, long? restartWith)
    {
        ThrowIfUnusable();
        string stored = MainTable(table);
        var generated = IdentityOf(stored, column);
        if (generated.Sequence is { } sequence)
        {
            AlterSequence(sequence, new SequenceOptions { Restart = true, RestartWith = restartWith }, ifExists: false);
            return;
        }

        long next = restartWith ?? 1;
        if (next < 1) throw new TenantDbException(TenantDbErrorKind.Sql, "22023", $"RESTART value ({next}) cannot be less than MINVALUE (1)");
        if (AutoincrementCounter(stored) is null)
        {
            throw new TenantDbException(TenantDbErrorKind.NotSupported, "0A000", $"RESTART of column \"{generated.Column}\": the table has no AUTOINCREMENT counter (its ids are one past the largest)");
        }

        ExecuteTrusted("UPDATE main.sqlite_sequence SET seq = ?2 WHERE name = ?1", SqlValue.Text(stored), SqlValue.Integer(next - 1));
    }

    /// <summary>
    /// ALTER COLUMN <paramref name="column"/> SET DEFAULT nextval('<paramref name="sequenceArgument"/>'): the column
    /// (of an integer type, not an identity column) takes its omitted values from that existing sequence, which
    /// it does not own. Any default it had is dropped (by table rebuild).
    /// </summary>
    public void SetDefaultSequence(string table, string column, string sequenceArgument)
    {
        ThrowIfUnusable();
        string stored = MainTable(table);
        string sequence = SequenceFunctions.SequenceName(sequenceArgument);
        if (ReadSequence(sequence) is null) throw UndefinedTable(sequence);
        var generated = GeneratedColumn(stored, column);
        if (generated.Identity != '\0') throw new TenantDbException(TenantDbErrorKind.Sql, "42601", $"column \"{generated.Column}\" of relation \"{stored}\" is an identity column");
        var info = QueryTrusted("SELECT type, dflt_value FROM pragma_table_info(?1, 'main') WHERE name = ?2", SqlValue.Text(stored), SqlValue.Text(generated.Column))[0];
        string? type = generated.Remembered ? generated.TypeName : IntegerTypeName(info[0].Type == SqlType.Text ? info[0].AsText : null);
        if (type is null)
        {
            throw new TenantDbException(TenantDbErrorKind.NotSupported, "0A000", $"column \"{generated.Column}\": a nextval default is supported on smallint, integer and bigint columns");
        }

        InDdlSavepoint(deferForeignKeys: false, () =>
        {
            if (info[1].Type != SqlType.Null) AlterColumnDefault(stored, generated.Column, null);
            RememberColumnType(stored, generated.Column, IdentityColumn.Remembered(type, '\0', sequence));
        });
    }

    // A column that a sequence generates without being an identity column (a serial or nextval default):
    // DROP DEFAULT makes it a plain column of its type. False for any other column.
    private bool TryDropDefaultSequence(string stored, string column)
    {
        var generated = GeneratedColumn(stored, column);
        if (generated.Sequence is null || generated.Identity != '\0') return false;
        RememberColumnType(stored, generated.Column, generated.TypeName);
        return true;
    }

    private GeneratedColumnState IdentityOf(string stored, string column)
    {
        var generated = GeneratedColumn(stored, column);
        if (generated.Identity == '\0') throw NotInState($"column \"{generated.Column}\" of relation \"{stored}\" is not an identity column");
        return generated;
    }

    /// <summary>A column as its generation is remembered: stored name, identity kind ('\0' for none), integer type name, sequence (null for none or the row id).</summary>
    private sealed record GeneratedColumnState(string Column, char Identity, string TypeName, string? Sequence, bool Remembered);

    private GeneratedColumnState GeneratedColumn(string stored, string column)
    {
        var rows = QueryTrusted("SELECT name FROM pragma_table_info(?1, 'main') WHERE name = ?2 COLLATE NOCASE", SqlValue.Text(stored), SqlValue.Text(column));
        if (rows.Count == 0) throw new TenantDbException(TenantDbErrorKind.UndefinedObject, "42703", $"column \"{column}\" of relation \"{stored}\" does not exist");
        string storedColumn = rows[0][0].AsText;

        // Read now, also inside a transaction: this DDL reads the schema anyway.
        var identities = new Dictionary<(string Table, string Column), char>(ColumnKeyComparer.Instance);
        var sequences = new Dictionary<string, List<SerialSequence>>(StringComparer.OrdinalIgnoreCase);
        var types = ReadRememberedTypes(identities, sequences);
        char identity = identities.TryGetValue((stored, storedColumn), out char found) ? found : '\0';
        string? sequence = sequences.TryGetValue(stored, out var serials)
            ? serials.Find(c => string.Equals(c.Column, storedColumn, StringComparison.OrdinalIgnoreCase))?.Sequence
            : null;
        bool remembered = types.TryGetValue((stored, storedColumn), out var type);
        string typeName = remembered ? type.TypeOid switch
        {
            PgCatalog.PgBuiltinTypes.Int8 => "bigint",
            PgCatalog.PgBuiltinTypes.Int2 => "smallint",
            _ => "integer",
        } : "integer";
        return new GeneratedColumnState(storedColumn, identity, typeName, sequence, remembered);
    }

    // smallint, integer or bigint for a declared type SQLite keeps for a PostgreSQL integer type; null for any other.
    private static string? IntegerTypeName(string? declared) => declared is null ? null : PgDeclaredType.Resolve(declared).TypeOid switch
    {
        PgCatalog.PgBuiltinTypes.Int8 => "bigint",
        PgCatalog.PgBuiltinTypes.Int4 => "integer",
        PgCatalog.PgBuiltinTypes.Int2 => "smallint",
        _ => null,
    };

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
        var generated = GeneratedColumn(stored, column);
        string storedColumn = generated.Column;
        long max = type switch { "smallint" => short.MaxValue, "integer" => int.MaxValue, _ => long.MaxValue };
        if (QueryTrusted($"SELECT 1 FROM main.{SchemaSql.Quote(stored)} WHERE {SchemaSql.Quote(storedColumn)} > ?1 OR {SchemaSql.Quote(storedColumn)} < ?2 LIMIT 1",
            SqlValue.Integer(max), SqlValue.Integer(-max - 1)).Count > 0)
        {
            throw new TenantDbException(TenantDbErrorKind.Sql, "22003", $"{type} out of range");
        }

        RememberColumnType(stored, storedColumn, IdentityColumn.Remembered(type, generated.Identity, generated.Sequence));
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
