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
    /// Read at each call: only INSERTs that say DEFAULT or omit the column list of a table with generated
    /// columns ask. Inside a transaction that has not read yet this starts its snapshot a moment before
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
}
