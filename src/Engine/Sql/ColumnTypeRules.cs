using System.Globalization;
using TenantDb.Engine.Values;

namespace TenantDb.Engine.Sql;

/// <summary>How a result column's <see cref="ColumnType"/> follows from what SQLite says about it.</summary>
internal static class ColumnTypeRules
{
    /// <summary>The type implied by a declared column type (sqlite3_column_decltype), <see cref="ColumnType.Unknown"/> for none.</summary>
    public static ColumnType FromDeclaredType(string? declared)
    {
        if (string.IsNullOrEmpty(declared)) return ColumnType.Unknown;
        var d = declared.AsSpan();
        // The order follows SQLite's affinity rules (INT before CHAR before BLOB before REAL), with BOOL first.
        if (Contains(d, "BOOL")) return ColumnType.Boolean;
        // The PostgreSQL catalog's own column types: arrays and vectors are array text.
        if (d.StartsWith("_") || d.Equals("int2vector", StringComparison.OrdinalIgnoreCase)) return ColumnType.Text;
        if (d.Equals("oid", StringComparison.OrdinalIgnoreCase)) return ColumnType.Oid;
        if (d.Equals("name", StringComparison.OrdinalIgnoreCase)) return ColumnType.Name;
        if (d.Equals("\"char\"", StringComparison.Ordinal)) return ColumnType.Char;
        if (Contains(d, "INT")) return ColumnType.Integer;
        if (Contains(d, "CHAR") || Contains(d, "CLOB") || Contains(d, "TEXT")) return ColumnType.Text;
        if (Contains(d, "BLOB") || Contains(d, "BYTEA")) return ColumnType.Blob;
        if (Contains(d, "REAL") || Contains(d, "FLOA") || Contains(d, "DOUB")) return ColumnType.Real;
        if (Contains(d, "NUMERIC") || Contains(d, "DECIMAL")) return ColumnType.Numeric;
        return ColumnType.Text;
    }

    /// <summary>
    /// Best guess for an expression column from its name (SQLite names it after its text): a few
    /// aggregates and literals that always yield numbers; <see cref="ColumnType.Unknown"/> otherwise.
    /// </summary>
    public static ColumnType FromExpressionName(string columnName)
    {
        var n = columnName.AsSpan().Trim();
        // Calls the front end names after their function (count(*) is named count).
        if (n.Equals("count", StringComparison.OrdinalIgnoreCase) || n.Equals("length", StringComparison.OrdinalIgnoreCase)) return ColumnType.Integer;
        if (n.Equals("avg", StringComparison.OrdinalIgnoreCase) || n.Equals("total", StringComparison.OrdinalIgnoreCase)) return ColumnType.Real;
        if (StartsWith(n, "count(") || StartsWith(n, "length(") || StartsWith(n, "changes(") || StartsWith(n, "last_insert_rowid(")) return ColumnType.Integer;
        if (StartsWith(n, "avg(") || StartsWith(n, "total(")) return ColumnType.Real;
        if (long.TryParse(n, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)) return ColumnType.Integer;
        if (double.TryParse(n, NumberStyles.Float, CultureInfo.InvariantCulture, out _)) return ColumnType.Real;
        return ColumnType.Unknown;
    }

    private static bool Contains(ReadOnlySpan<char> s, string part) => s.Contains(part, StringComparison.OrdinalIgnoreCase);

    private static bool StartsWith(ReadOnlySpan<char> s, string part) => s.StartsWith(part, StringComparison.OrdinalIgnoreCase);
}
