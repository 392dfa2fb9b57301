using TenantDb.Wire.Types;

namespace TenantDb.Wire.Sql;

/// <summary>A small result the wire layer makes up itself (catalog answers, SHOW): text columns and rows.</summary>
/// <param name="ColumnNames">Column names.</param>
/// <param name="ColumnTypes">Column type OIDs.</param>
/// <param name="Rows">Rows of values in text form (null = SQL NULL).</param>
internal sealed record SyntheticResult(string[] ColumnNames, uint[] ColumnTypes, IReadOnlyList<string?[]> Rows)
{
    /// <summary>One text column with one row.</summary>
    public static SyntheticResult Single(string column, string? value) => new([column], [PgTypeOid.Text], [[value]]);
}
