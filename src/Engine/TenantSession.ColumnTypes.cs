// SAFETY-CRITICAL for the trust boundary: the reserved column-types table is written and read only by
// trusted, schema-qualified statements, and every row read back is re-verified before it is used.
using SQLitePCL;
using TenantDb.Engine.Errors;
using TenantDb.Engine.PgCatalog;
using TenantDb.Engine.Ddl;
using TenantDb.Engine.Sql;
using TenantDb.Engine.Values;

namespace TenantDb.Engine;

/// <summary>
/// PostgreSQL types SQLite's declaration cannot carry. A <c>serial</c>, <c>bigserial</c> or identity
/// column must be declared exactly <c>INTEGER</c> to become SQLite's row id (and so generate its
/// values); the PostgreSQL type (integer, bigint, smallint) it was declared with is kept in a reserved
/// table beside the schema, written in the same savepoint as the DDL that created the column; an identity
/// column's says so too (<see cref="IdentityColumn"/>).
/// </summary>
public sealed partial class TenantSession
{
    private const string ColumnTypesTable = "main._tenantdb_column_types";
    private const string ColumnTypesSavepoint = "_tenantdb_column_types";

    private Dictionary<(string Table, string Column), PgDeclaredType>? _rememberedTypes;
    private Dictionary<string, TableGeneratedColumns> _generatedColumns = new(StringComparer.OrdinalIgnoreCase);
    private long _rememberedTypesVersion = -1;

    /// <summary>
    /// Runs the DDL <paramref name="statement"/> (CREATE TABLE or ALTER TABLE ADD COLUMN) and records,
    /// atomically with it, the PostgreSQL type of each column in <paramref name="columnTypes"/> (pairs
    /// of column name and PostgreSQL type name such as <c>bigint</c>). With <paramref name="replaceTable"/>
    /// rows left for an older table of the same name are removed first.
    /// </summary>
    /// <param name="statement">The DDL statement.</param>
    /// <param name="table">The table it defines.</param>
    /// <param name="columnTypes">Column names and their PostgreSQL types.</param>
    /// <param name="replaceTable">Forget types remembered for an older table of the name.</param>
    /// <param name="serialSequences">
    /// Serial columns that are not the row id, with the name and type of the sequence each gets (created
    /// here, owned by the column); their remembered type must name that sequence (<see cref="IdentityColumn"/>).
    /// </param>
    public long ExecuteDefiningColumnTypes(TenantStatement statement, string table, IReadOnlyList<KeyValuePair<string, string>> columnTypes, bool replaceTable,
        IReadOnlyList<SerialSequence>? serialSequences = null)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(columnTypes);
        ExecuteTrusted($"SAVEPOINT {ColumnTypesSavepoint}");
        try
        {
            long changes = statement.ExecuteNonQuery();
            foreach (SerialSequence serial in serialSequences ?? [])
            {
                CreateSerialSequence(table, serial);
            }

            ExecuteTrusted($"CREATE TABLE IF NOT EXISTS {ColumnTypesTable} (table_name TEXT NOT NULL COLLATE NOCASE, column_name TEXT NOT NULL COLLATE NOCASE, pg_type TEXT NOT NULL, PRIMARY KEY (table_name, column_name)) WITHOUT ROWID");
            if (replaceTable) ExecuteTrusted($"DELETE FROM {ColumnTypesTable} WHERE table_name = ?", SqlValue.Text(table));
            foreach (var (column, pgType) in columnTypes)
            {
                ExecuteTrusted($"INSERT OR REPLACE INTO {ColumnTypesTable} (table_name, column_name, pg_type) VALUES (?, ?, ?)",
                    SqlValue.Text(table), SqlValue.Text(column), SqlValue.Text(pgType));
            }

            ExecuteTrusted($"RELEASE {ColumnTypesSavepoint}");
            _rememberedTypesVersion = -1;
            return changes;
        }
        catch (TenantDbException)
        {
            ExecuteTrusted($"ROLLBACK TO {ColumnTypesSavepoint}");
            ExecuteTrusted($"RELEASE {ColumnTypesSavepoint}");
            throw;
        }
    }

    /// <summary>
    /// The PostgreSQL type recorded for <paramref name="table"/>.<paramref name="column"/> (a column of the
    /// main schema declared <c>INTEGER</c>), if any. Only integer types are accepted from the table: a row
    /// the tenant's file carries can at most choose between integer widths, never change a column's storage.
    /// </summary>
    internal bool TryGetRememberedType(string table, string column, out PgDeclaredType type)
    {
        var map = RememberedTypes();
        return map.TryGetValue((table, column), out type);
    }

    /// <summary>
    /// The columns of <paramref name="table"/> (a table of the main schema) whose values the engine
    /// generates: its identity column, whose explicit values the wire front end treats by PostgreSQL's
    /// rules (<c>OVERRIDING</c>), and its serial columns that are not the row id, for which it supplies
    /// <c>nextval</c> of their sequences when an INSERT omits them. Cached with the remembered types.
    /// </summary>
    public TableGeneratedColumns GeneratedColumnsOf(string table)
    {
        ArgumentNullException.ThrowIfNull(table);
        ThrowIfUnusable();
        RememberedTypes();
        return _generatedColumns.TryGetValue(table, out var found) ? found : TableGeneratedColumns.None;
    }

    // A sequence left by a dropped table of the same name and column is the old column's: it is replaced.
    private void CreateSerialSequence(string table, SerialSequence serial)
    {
        CheckSequenceName(serial.Sequence);
        if (SequencesTableExists())
        {
            var owner = QueryTrusted($"SELECT owned_table, owned_column FROM {SequencesTable} WHERE name = ?1", SqlValue.Text(serial.Sequence));
            if (owner is [var row] && row[0].Type == SqlType.Text && row[1].Type == SqlType.Text
                && string.Equals(row[0].AsText, table, StringComparison.OrdinalIgnoreCase) && string.Equals(row[1].AsText, serial.Column, StringComparison.OrdinalIgnoreCase))
            {
                ExecuteTrusted($"DELETE FROM {SequencesTable} WHERE name = ?1", SqlValue.Text(serial.Sequence));
            }
        }

        var options = serial.Options ?? new SequenceOptions();
        CreateSequence(serial.Sequence, options with { DataType = options.DataType ?? serial.Type, OwnedBy = (table, serial.Column) }, ifNotExists: false);
    }

    private Dictionary<(string Table, string Column), PgDeclaredType> RememberedTypes()
    {
        // Inside a transaction the map read last (at the latest when it began, see RefreshRememberedTypes)
        // is used: reading before the transaction has a snapshot would start one it did not ask for (and
        // which would make its first write stale), and other sessions' changes are not in its snapshot
        // anyway. Its own DDL is read back once it has a snapshot, which reading then leaves as it is.
        if (raw.sqlite3_get_autocommit(_db) == 0 && (_rememberedTypesVersion != -1 || !HasSnapshot())) return _rememberedTypes ?? [];
        long version = SchemaVersion();
        if (_rememberedTypes is not null && version == _rememberedTypesVersion) return _rememberedTypes;
        var identities = new Dictionary<(string Table, string Column), char>(ColumnKeyComparer.Instance);
        var sequences = new Dictionary<string, List<SerialSequence>>(StringComparer.OrdinalIgnoreCase);
        _rememberedTypes = ReadRememberedTypes(identities, sequences);
        var byTable = new Dictionary<string, TableGeneratedColumns>(StringComparer.OrdinalIgnoreCase);
        foreach (var ((table, column), identity) in identities)
        {
            var existing = byTable.TryGetValue(table, out var found) ? found.Identities : [];
            byTable[table] = new TableGeneratedColumns([.. existing, new GeneratedIdentity(column, identity)], []);
        }
        foreach (var (table, serials) in sequences)
        {
            byTable[table] = (byTable.TryGetValue(table, out var withIdentity) ? withIdentity : TableGeneratedColumns.None) with { SerialSequences = serials };
        }

        _generatedColumns = byTable;
        _rememberedTypesVersion = version;
        return _rememberedTypes;
    }

    /// <summary>
    /// Reads the remembered types now, also inside a transaction: for a caller that reads the schema in
    /// that transaction anyway (the PostgreSQL catalog), so no snapshot is started that would not be.
    /// </summary>
    /// <param name="identities">When given, receives pg_attribute.attidentity ('a' or 'd') of the identity columns among them.</param>
    /// <param name="serialSequences">When given, receives the serial columns generated by a sequence of their own, by table.</param>
    internal Dictionary<(string Table, string Column), PgDeclaredType> ReadRememberedTypes(Dictionary<(string Table, string Column), char>? identities = null,
        Dictionary<string, List<SerialSequence>>? serialSequences = null)
    {
        var map = new Dictionary<(string, string), PgDeclaredType>(ColumnKeyComparer.Instance);
        if (QueryTrusted("SELECT 1 FROM main.sqlite_schema WHERE type = 'table' AND name = '_tenantdb_column_types'").Count > 0)
        {
            foreach (SqlValue[] row in QueryTrusted($"SELECT table_name, column_name, pg_type FROM {ColumnTypesTable}"))
            {
                if (row[0].Type != SqlType.Text || row[1].Type != SqlType.Text || row[2].Type != SqlType.Text) continue;
                string typeName = IdentityColumn.Split(row[2].AsText, out char identity, out string? sequence);
                var resolved = PgDeclaredType.Resolve(typeName);
                if (resolved.TypeOid is PgBuiltinTypes.Int2 or PgBuiltinTypes.Int4 or PgBuiltinTypes.Int8)
                {
                    map[(row[0].AsText, row[1].AsText)] = resolved;
                    if (identity != '\0' && identities is not null) identities[(row[0].AsText, row[1].AsText)] = identity;
                    if (sequence is not null && serialSequences is not null)
                    {
                        // The name goes into generated SQL (as a quoted string literal): a NUL could not.
                        if (sequence.Length == 0 || sequence.Contains('\0', StringComparison.Ordinal)) continue;
                        if (!serialSequences.TryGetValue(row[0].AsText, out var list)) serialSequences[row[0].AsText] = list = [];
                        list.Add(new SerialSequence(row[1].AsText, sequence, typeName));
                    }
                }
            }
        }

        return map;
    }

    // Called as a transaction begins (the connection is still in autocommit): what the transaction's
    // statements are rewritten with is then no older than its start.
    private void RefreshRememberedTypes() => RememberedTypes();

    private unsafe bool HasSnapshot() => SqliteNative.TxnState(_db.DangerousGetHandle(), null) != SqliteResultCodes.TxnNone;

    private long SchemaVersion() => QueryTrusted("PRAGMA main.schema_version") is [var row, ..] ? row[0].AsInteger : 0;

    internal sealed class ColumnKeyComparer : IEqualityComparer<(string Table, string Column)>
    {
        public static readonly ColumnKeyComparer Instance = new();

        public bool Equals((string Table, string Column) x, (string Table, string Column) y) =>
            string.Equals(x.Table, y.Table, StringComparison.OrdinalIgnoreCase) && string.Equals(x.Column, y.Column, StringComparison.OrdinalIgnoreCase);

        public int GetHashCode((string Table, string Column) key) =>
            HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(key.Table), StringComparer.OrdinalIgnoreCase.GetHashCode(key.Column));
    }
}
