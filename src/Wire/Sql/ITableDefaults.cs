using TenantDb.Engine.Ddl;

namespace TenantDb.Wire.Sql;

/// <summary>What the rewrite of an INSERT or UPDATE needs to know of the tenant's tables (<see cref="GeneratedValueRewriter"/>).</summary>
internal interface ITableDefaults
{
    /// <summary>The table's identity column and the columns that sequences generate (<see cref="TableGeneratedColumns.None"/> for none).</summary>
    TableGeneratedColumns GeneratedColumnsOf(string table);

    /// <summary>The columns an INSERT may name, in order, with what DEFAULT stands for in each; null when the table is unknown.</summary>
    IReadOnlyList<ColumnDefault>? ColumnDefaultsOf(string table);

    /// <summary>
    /// How many columns an INSERT without a column list fills (the length of <see cref="ColumnDefaultsOf"/>),
    /// 0 when the table is unknown; may be cached and so stale, as it only decides whether to look closer.
    /// </summary>
    int InsertableColumnCountOf(string table);
}
