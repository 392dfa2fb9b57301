using System.Text;
using TenantDb.Engine;
using TenantDb.Engine.Procedures;
using TenantDb.Engine.Values;
using TenantDb.TestKit;

namespace TenantDb.Cluster.Tests.MapReduce;

/// <summary>
/// The map procedure of these tests (<see cref="EmitQueryWat"/> over <see cref="Query"/>), the data it
/// maps and the same computation done directly in SQL.
/// </summary>
internal static class RevenueProcedure
{
    public const string Name = "revenue_by_day";
    public const string Query = "SELECT day, sum(amount) FROM sales GROUP BY day";

    public static readonly ProcedureColumn[] Columns = [new("day", ProcedureType.Text), new("revenue", ProcedureType.Int8)];

    /// <summary>Creates table sales with <paramref name="rows"/> (day, amount) rows from <paramref name="seed"/>, and the procedure unless told not to.</summary>
    public static void Install(TenantDbEngine engine, string tenant, int seed, int rows, bool withProcedure)
    {
        using var session = engine.OpenSession(tenant);
        Execute(session, "CREATE TABLE sales (day TEXT NOT NULL, amount INTEGER NOT NULL)");
        var random = new Random(seed);
        Execute(session, "BEGIN");
        using (var insert = session.Prepare("INSERT INTO sales VALUES (?, ?)"))
        {
            for (var i = 0; i < rows; i++)
            {
                insert.ClearBindings();
                insert.Bind(0, SqlValue.Text($"2026-11-{random.Next(1, 8):D2}"));
                insert.Bind(1, SqlValue.Integer(random.Next(1, 1000)));
                insert.ExecuteNonQuery();
            }
        }
        Execute(session, "COMMIT");
        if (withProcedure) session.CreateProcedure(Name, [], Columns, Encoding.UTF8.GetBytes(EmitQueryWat.Build(Query)));
    }

    /// <summary>The same computation done directly with SQL in one tenant: day -> revenue.</summary>
    public static Dictionary<string, long> Direct(TenantDbEngine engine, string tenant)
    {
        using var session = engine.OpenSession(tenant);
        using var select = session.Prepare(Query);
        using var reader = select.ExecuteReader();
        var result = new Dictionary<string, long>();
        while (reader.Read()) result[reader.GetString(0)] = reader.GetInt64(1);
        return result;
    }

    private static void Execute(TenantSession session, string sql)
    {
        using var statement = session.Prepare(sql);
        statement.ExecuteNonQuery();
    }
}
