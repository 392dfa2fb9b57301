using System.Text;
using TenantDb.Engine;
using TenantDb.Engine.Errors;
using TenantDb.Engine.Procedures;
using TenantDb.Engine.Values;

namespace TenantDb.Cluster.MapReduce;

/// <summary>
/// The reduce step: the merged map rows become table <c>map</c> (a first column <c>tenant</c>, then
/// the map procedure's columns) in a scratch in-memory database, and a reduce query (for example
/// <c>SELECT day, sum(revenue) FROM map GROUP BY day</c>) or a reduce procedure folds them. The
/// scratch database is a hardened tenant of its own, so a query has the limits of any tenant's SQL
/// and a procedure runs sandboxed under <see cref="ReduceLimits"/>.
/// </summary>
public static class MapReduceFold
{
    private const string ScratchTenant = "mapreduce";

    /// <summary>Folds the rows with <paramref name="reduceSql"/>, a query over table <c>map</c>.</summary>
    public static (string[] Columns, List<MapValue[]> Rows) Reduce(IReadOnlyList<TenantMapResult> results, string reduceSql)
    {
        using var engine = TenantDbEngine.OpenInMemory();
        using var session = OpenScratch(engine, results);
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

    /// <summary>
    /// Folds the rows with a copy of a tenant's stored procedure (read with
    /// <see cref="TenantDbEngine.ReadProcedureModule"/>), called without arguments in the scratch
    /// database under <paramref name="limits"/> (default <see cref="ReduceLimits.Default"/>); it reads
    /// table <c>map</c> with queries and emits the result rows. A limit ends it with a
    /// <see cref="TenantDbException"/> of kind ProcedureLimit (SQLSTATE 54000).
    /// </summary>
    public static (string[] Columns, List<MapValue[]> Rows) Reduce(IReadOnlyList<TenantMapResult> results, ProcedureModule reduce,
        ProcedureLimits? limits = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reduce);
        if (reduce.Parameters.Count != 0)
        {
            throw new TenantDbException(TenantDbErrorKind.UndefinedProcedure,
                $"reduce procedure {reduce.Name} of tenant {reduce.Tenant} takes {reduce.Parameters.Count} arguments; a reduce procedure takes none");
        }
        using var engine = TenantDbEngine.OpenInMemory();
        using var session = OpenScratch(engine, results);
        session.SetProcedureLimits(limits ?? ReduceLimits.Default);
        // Validated and compiled again here: the module is another tenant's input to this process. A
        // WASI procedure keeps its channel manifest: its stdin and channel queries now read this
        // scratch database (table map), which is all a reduce step may see.
        session.CreateProcedure(reduce.Name, reduce.Parameters, reduce.Columns, reduce.Module, wasi: reduce.Wasi);
        using var cancel = cancellationToken.Register(session.Interrupt);
        var sink = new CollectingRowSink();
        session.CallProcedure(reduce.Name, [], sink);
        return ([.. reduce.Columns.Select(c => c.Name)], sink.Rows);
    }

    // A scratch tenant holding table map.
    private static TenantSession OpenScratch(TenantDbEngine engine, IReadOnlyList<TenantMapResult> results)
    {
        var total = results.Where(r => r.Succeeded).Sum(r => (long)r.Rows.Length);
        if (total > ReduceLimits.MaxMapRows)
        {
            throw new TenantDbException(TenantDbErrorKind.TooBig, $"{total} map rows to reduce; at most {ReduceLimits.MaxMapRows} fit a reduce step");
        }
        var columns = results.FirstOrDefault(r => r.Succeeded && r.Columns.Length > 0)?.Columns ?? [];
        engine.CreateTenant(ScratchTenant);
        var session = engine.OpenSession(ScratchTenant);
        try
        {
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
            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static void Execute(TenantSession session, string sql)
    {
        using var statement = session.Prepare(sql);
        statement.ExecuteNonQuery();
    }
}
