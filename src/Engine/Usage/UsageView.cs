// SAFETY-CRITICAL: the tenant's window on its own usage; it must show that tenant's figures only.
using System.Text;
using TenantDb.Engine.Hardening;

namespace TenantDb.Engine.Usage;

/// <summary>
/// The <c>tenantdb_usage</c> view: one row of the connection's own tenant's usage figures, for tenant
/// SQL. It is a TEMP view over a function registered on the connection, which is bound to the tenant
/// the connection belongs to (a connection never changes tenant), so no argument can name another
/// tenant. The name is reserved: the tenant may read the view but not drop, replace or shadow it.
/// </summary>
internal static class UsageView
{
    /// <summary>The view's name.</summary>
    public const string Name = "tenantdb_usage";

    private const string FunctionName = "tenantdb_usage_value";

    /// <summary>The column holding the storage size, after the <see cref="UsageFigure"/> columns.</summary>
    private const int StorageColumn = UsageCounters.Count;

    /// <summary>Registers the function and creates the view on a freshly hardened connection.</summary>
    public static void Install(HardenedSqliteConnection connection, TenantDbEngine engine, string tenant)
    {
        connection.CreateFunction(FunctionName, (long column) =>
        {
            TenantUsage usage = engine.GetUsage(tenant);
            return column == StorageColumn ? usage.StorageBytes
                : column is >= 0 and < UsageCounters.Count ? usage.Figures[(int)column]
                : 0L;
        }, isDeterministic: false);

        var sql = new StringBuilder($"CREATE TEMP VIEW {Name} AS SELECT ");
        for (int i = 0; i < UsageCounters.Count; i++)
        {
            sql.Append(FunctionName).Append('(').Append(i).Append(") AS ").Append(TenantUsage.ColumnName((UsageFigure)i)).Append(", ");
        }

        sql.Append(FunctionName).Append('(').Append(StorageColumn).Append(") AS storage_bytes");
        ConnectionGuard guard = connection.Guard!;
        using (guard.EnterTrusted())
        {
            ConnectionHardening.Exec(connection.Handle!, guard, sql.ToString());
        }
    }
}
