// SAFETY-CRITICAL for the trust boundary: the expressions returned here go into the tenant's own
// statements (an INSERT's DEFAULT), which SQLite compiles under the tenant's authorizer. They come from
// the tenant's schema (its column defaults) or name a sequence through the quoting of SerialSequence.
using TenantDb.Engine.Ddl;
using TenantDb.Engine.Hardening;
using TenantDb.Engine.Values;

namespace TenantDb.Engine;

/// <summary>What PostgreSQL's <c>DEFAULT</c> in an INSERT's VALUES stands for, column by column.</summary>
public sealed partial class TenantSession
{
    /// <summary>
    /// The columns of <paramref name="table"/> (a table of the main schema) that an INSERT may name, in
    /// order, each with the expression its <c>DEFAULT</c> stands for; null when there is no such table.
    /// Read at each call: only INSERTs that say DEFAULT, omit the column list of a table with generated
    /// columns, or give VALUES rows shorter than the table (<see cref="InsertableColumnCountOf"/>) ask. Inside a transaction that has not read yet this starts its snapshot a moment before
    /// the INSERT itself would.
    /// </summary>
    public IReadOnlyList<ColumnDefault>? ColumnDefaultsOf(string table)
    {
        ArgumentNullException.ThrowIfNull(table);
        ThrowIfUnusable();
        // The engine's own tables are not the tenant's to insert into: nothing is read of them.
        if (TenantAuthorizer.IsReserved(table) || table.StartsWith("sqlite_", StringComparison.OrdinalIgnoreCase)) return null;
        var generated = GeneratedColumnsOf(table);
        var rows = QueryTrusted("SELECT name, type, dflt_value, pk, hidden FROM pragma_table_xinfo(?1, 'main') ORDER BY cid", SqlValue.Text(table));
        if (rows.Count == 0) return null;
        bool rowIdTable = QueryTrusted("SELECT 1 FROM pragma_index_list(?1, 'main') WHERE origin = 'pk'", SqlValue.Text(table)).Count == 0;
        int keys = rows.Count(row => row[3].Type == SqlType.Integer && row[3].AsInteger > 0);
        var columns = new List<ColumnDefault>(rows.Count);
        foreach (var row in rows)
        {
            // Generated columns (hidden 2 and 3) take no value from an INSERT.
            if (row[0].Type != SqlType.Text || row[4].Type != SqlType.Integer || row[4].AsInteger != 0) continue;
            string name = row[0].AsText;
            string sql;
            if (generated.SerialSequences.FirstOrDefault(s => string.Equals(s.Column, name, StringComparison.OrdinalIgnoreCase)) is { } serial)
            {
                sql = serial.NextValueSql;
            }
            else if (rowIdTable && keys == 1 && row[3].Type == SqlType.Integer && row[3].AsInteger == 1
                && row[1].Type == SqlType.Text && string.Equals(row[1].AsText, "INTEGER", StringComparison.OrdinalIgnoreCase))
            {
                sql = "NULL"; // the row id: NULL has SQLite generate it
            }
            else if (row[2].Type == SqlType.Text && IsSingleExpression(row[2].AsText))
            {
                sql = "(" + row[2].AsText + ")";
            }
            else
            {
                sql = "NULL";
            }

            columns.Add(new ColumnDefault(name, sql));
        }

        return columns;
    }

    // Distinct table names remembered per schema version; a tenant naming more starts the cache over.
    private const int MaxCountedTables = 256;
    private Dictionary<string, int>? _insertableColumnCounts;
    private long _insertableColumnCountsVersion = -1;

    /// <summary>
    /// How many columns an INSERT without a column list fills in <paramref name="table"/> (the length of
    /// <see cref="ColumnDefaultsOf"/>), 0 when there is no such table. Cached per schema version, so an
    /// INSERT whose VALUES rows are as long as the table costs no schema read; the wire front end only
    /// uses it to decide whether to read <see cref="ColumnDefaultsOf"/>, which it then checks the rows
    /// against, so a stale count can cost a read or leave a short row to SQLite's own error, never
    /// change what is inserted.
    /// </summary>
    public int InsertableColumnCountOf(string table)
    {
        ArgumentNullException.ThrowIfNull(table);
        ThrowIfUnusable();
        RememberedTypes(); // brings _rememberedTypesVersion up to date where it may be read
        long version = _rememberedTypesVersion;
        if (version == -1) return ColumnDefaultsOf(table)?.Count ?? 0; // schema changed in this transaction: not cached
        if (_insertableColumnCounts is null || _insertableColumnCountsVersion != version || _insertableColumnCounts.Count >= MaxCountedTables)
        {
            _insertableColumnCounts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            _insertableColumnCountsVersion = version;
        }

        if (!_insertableColumnCounts.TryGetValue(table, out int count))
        {
            count = ColumnDefaultsOf(table)?.Count ?? 0;
            _insertableColumnCounts[table] = count;
        }

        return count;
    }
}
