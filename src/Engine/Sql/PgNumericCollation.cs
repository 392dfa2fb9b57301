using Microsoft.Data.Sqlite;
using TenantDb.Engine.Values;

namespace TenantDb.Engine.Sql;

/// <summary>
/// The collation of numeric columns stored as exact text (<c>NUMERIC TEXT(p,s) COLLATE tenantdb_numeric</c>,
/// which the wire layer declares for numeric wider than a double): comparisons, ORDER BY, min/max,
/// DISTINCT, unique and primary keys see numbers by value, so <c>'1.10'</c> equals <c>'1.1'</c> and
/// <c>'9'</c> sorts before <c>'10'</c>. A comparison with a number literal or parameter converts it to text
/// first (the column's text affinity) and so is exact too.
/// </summary>
internal static class PgNumericCollation
{
    /// <summary>Registers the collation on <paramref name="connection"/>.</summary>
    public static void Register(SqliteConnection connection) => connection.CreateCollation(PgNumeric.CollationName, PgNumeric.Compare);
}
