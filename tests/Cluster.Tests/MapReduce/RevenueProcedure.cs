using System.Text;
using TenantDb.Engine;
using TenantDb.Engine.Procedures;
using TenantDb.Engine.Values;

namespace TenantDb.Cluster.Tests.MapReduce;

/// <summary>
/// A map procedure written for these tests: runs one query and emits every row it returns unchanged
/// (rows read from a query channel and rows emitted share one encoding: an int32 length, then the row).
/// </summary>
internal static class RevenueProcedure
{
    public const string Name = "revenue_by_day";
    public const string Query = "SELECT day, sum(amount) FROM sales GROUP BY day";

    public static readonly ProcedureColumn[] Columns = [new("day", ProcedureType.Text), new("revenue", ProcedureType.Int8)];

    public static string Wat(string query) => $$"""
        (module
          (import "tenantdb" "read" (func $read (param i32 i32 i32) (result i32)))
          (import "tenantdb" "query" (func $query (param i32 i32 i32 i32) (result i32)))
          (import "tenantdb" "emit" (func $emit (param i32 i32) (result i32)))
          (memory (export "memory") 2)
          (data (i32.const 0) "{{query}}")
          (func (export "run") (result i32)
            (local $ch i32) (local $n i32) (local $p i32) (local $end i32) (local $len i32)
            (local.set $ch (call $query (i32.const 0) (i32.const {{query.Length}}) (i32.const 0) (i32.const 0)))
            (if (i32.lt_s (local.get $ch) (i32.const 0)) (then (return (i32.const 1))))
            (block $done
              (loop $batch
                (local.set $n (call $read (local.get $ch) (i32.const 1024) (i32.const 60000)))
                (br_if $done (i32.le_s (local.get $n) (i32.const 0)))
                (local.set $p (i32.const 1024))
                (local.set $end (i32.add (i32.const 1024) (local.get $n)))
                (block $rows_done
                  (loop $row
                    (br_if $rows_done (i32.ge_u (local.get $p) (local.get $end)))
                    (local.set $len (i32.add (i32.load (local.get $p)) (i32.const 4)))
                    (drop (call $emit (local.get $p) (local.get $len)))
                    (local.set $p (i32.add (local.get $p) (local.get $len)))
                    (br $row)))
                (br $batch)))
            (i32.const 0)))
        """;

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
        if (withProcedure) session.CreateProcedure(Name, [], Columns, Encoding.UTF8.GetBytes(Wat(Query)));
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
