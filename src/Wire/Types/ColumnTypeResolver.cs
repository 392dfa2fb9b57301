using TenantDb.Engine;

namespace TenantDb.Wire.Types;

/// <summary>
/// Chooses the PostgreSQL type advertised for a result column. The declared column type wins
/// (SQLite's affinity rules, plus BOOL and NUMERIC/DECIMAL); for expressions without one, the value
/// of the first row decides; a column with neither is text.
/// </summary>
internal static class ColumnTypeResolver
{
    /// <summary>The type implied by a declared column type, or <see cref="PgTypeOid.Unspecified"/>.</summary>
    public static uint FromDeclaredType(string? declared)
    {
        if (string.IsNullOrEmpty(declared)) return PgTypeOid.Unspecified;
        var d = declared.AsSpan();
        if (Contains(d, "BOOL")) return PgTypeOid.Bool;
        // The catalog relations' own column types: arrays and vectors travel as PostgreSQL array text.
        if (d.StartsWith("_") || d.Equals("int2vector", StringComparison.OrdinalIgnoreCase)) return PgTypeOid.Text;
        if (d.Equals("oid", StringComparison.OrdinalIgnoreCase)) return PgTypeOid.Oid;
        if (d.Equals("name", StringComparison.OrdinalIgnoreCase)) return PgTypeOid.Name;
        if (d.Equals("\"char\"", StringComparison.Ordinal)) return PgTypeOid.Char;
        if (Contains(d, "INT")) return PgTypeOid.Int8;
        if (Contains(d, "CHAR") || Contains(d, "CLOB") || Contains(d, "TEXT")) return PgTypeOid.Text;
        if (Contains(d, "BLOB") || Contains(d, "BYTEA")) return PgTypeOid.Bytea;
        if (Contains(d, "REAL") || Contains(d, "FLOA") || Contains(d, "DOUB")) return PgTypeOid.Float8;
        if (Contains(d, "NUMERIC") || Contains(d, "DECIMAL")) return PgTypeOid.Numeric;
        // Dates, JSON, UUIDs and other names are stored as text by convention.
        return PgTypeOid.Text;
    }

    /// <summary>The type implied by a value's storage class.</summary>
    public static uint FromValueType(SqlType type) => type switch
    {
        SqlType.Integer => PgTypeOid.Int8,
        SqlType.Real => PgTypeOid.Float8,
        SqlType.Blob => PgTypeOid.Bytea,
        _ => PgTypeOid.Text,
    };

    /// <summary>
    /// Best guess without a row (Describe of a statement): a few aggregate and literal shapes that are
    /// always numbers, text otherwise. The guess is then fixed for the statement's lifetime.
    /// </summary>
    public static uint FromExpressionName(string columnName)
    {
        var n = columnName.AsSpan().Trim();
        if (StartsWith(n, "count(") || StartsWith(n, "length(") || StartsWith(n, "changes(") || StartsWith(n, "last_insert_rowid(")) return PgTypeOid.Int8;
        if (StartsWith(n, "avg(") || StartsWith(n, "total(")) return PgTypeOid.Float8;
        if (long.TryParse(n, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out _)) return PgTypeOid.Int8;
        if (double.TryParse(n, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _)) return PgTypeOid.Float8;
        return PgTypeOid.Text;
    }

    private static bool Contains(ReadOnlySpan<char> s, string part) => s.Contains(part, StringComparison.OrdinalIgnoreCase);

    private static bool StartsWith(ReadOnlySpan<char> s, string part) => s.StartsWith(part, StringComparison.OrdinalIgnoreCase);
}
