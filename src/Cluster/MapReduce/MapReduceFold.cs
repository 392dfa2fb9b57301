using System.Text;
using TenantDb.Engine;
using TenantDb.Engine.Values;

namespace TenantDb.Cluster.MapReduce;

/// <summary>
/// The reduce step: the merged map rows become table <c>map</c> (a first column <c>tenant</c>, then
/// the map procedure's columns) in a scratch in-memory database, and a reduce query folds them
/// (for example <c>SELECT day, sum(revenue) FROM map GROUP BY day</c>). The scratch database is a
/// hardened tenant of its own, so the query has the same limits as any tenant's SQL.
/// </summary>
public static class MapReduceFold
{
    public static (string[] Columns, List<MapValue[]> Rows) Reduce(IReadOnlyList<TenantMapResult> results, string reduceSql)
    {
        var columns = results.FirstOrDefault(r => r.Succeeded && r.Columns.Length > 0)?.Columns ?? [];
        using var engine = TenantDbEngine.OpenInMemory();
        engine.CreateTenant("mapreduce");
        using var session = engine.OpenSession("mapreduce");
        var create = new StringBuilder("CREATE TABLE map (tenant TEXT");
        foreach (var column in columns) create.Append(", ").Append(Quote(column));
        Execute(session, create.Append(')').ToString());
        Execute(session, "BEGIN");
        using (var insert = session.Prepare($"INSERT INTO map VALUES (?{string.Concat(Enumerable.Repeat(", ?", columns.Length))})"))
        {
            foreach (var result in results.Where(r => r.Succeeded))
            {
                foreach (var row in result.Rows)
                {
                    insert.ClearBindings();
                    insert.Bind(0, SqlValue.Text(result.Tenant));
                    for (var i = 0; i < columns.Length && i < row.Length; i++) insert.Bind(i + 1, row[i].ToSqlValue());
                    insert.ExecuteNonQuery();
                }
            }
        }
        Execute(session, "COMMIT");
        using var reduce = session.Prepare(reduceSql);
        var names = Enumerable.Range(0, reduce.ColumnCount).Select(reduce.GetColumnName).ToArray();
        using var reader = reduce.ExecuteReader();
        var rows = new List<MapValue[]>();
        while (reader.Read())
        {
            var values = new MapValue[names.Length];
            for (var i = 0; i < values.Length; i++) values[i] = MapValue.From(reader.GetValue(i));
            rows.Add(values);
        }
        return (names, rows);
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static void Execute(TenantSession session, string sql)
    {
        using var statement = session.Prepare(sql);
        statement.ExecuteNonQuery();
    }
}
