using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TenantDb.Engine.Procedures;

namespace TenantDb.Engine.Tests.Procedures;

/// <summary>
/// For random tables and random parameters, a procedure computing an aggregate through its query
/// channel returns what the equivalent SQL returns.
/// </summary>
public sealed class ProcedureAggregateProperties : IDisposable
{
    /// <summary>
    /// sum_at_least(k int8) RETURNS TABLE(total int8, n int8): passes its argument row straight on as
    /// the query's parameter row, then sums column 0 of the rows with a non-null value.
    /// </summary>
    private const string SumAtLeast = $$"""
        (module
          {{ProcedureModules.Imports}}
          (memory (export "memory") 1)
          (data (i32.const 0) "SELECT v FROM t WHERE v >= ?1")
          (func (export "run") (result i32)
            (local $args i32) (local $ch i32) (local $n i32) (local $p i32) (local $end i32) (local $sum i64) (local $cnt i64)
            (local.set $args (call $read (i32.const 0) (i32.const 128) (i32.const 256)))
            (local.set $ch (call $query (i32.const 0) (i32.const 29) (i32.const 128) (local.get $args)))
            (if (i32.lt_s (local.get $ch) (i32.const 0)) (then (return (i32.const 1))))
            (block $done
              (loop $batch
                (local.set $n (call $read (local.get $ch) (i32.const 1024) (i32.const 300)))
                (br_if $done (i32.le_s (local.get $n) (i32.const 0)))
                (local.set $p (i32.const 1024))
                (local.set $end (i32.add (i32.const 1024) (local.get $n)))
                (block $rows_done
                  (loop $row
                    (br_if $rows_done (i32.ge_u (local.get $p) (local.get $end)))
                    (local.set $sum (i64.add (local.get $sum) (i64.load (i32.add (local.get $p) (i32.const 7)))))
                    (local.set $cnt (i64.add (local.get $cnt) (i64.const 1)))
                    (local.set $p (i32.add (local.get $p) (i32.add (i32.load (local.get $p)) (i32.const 4))))
                    (br $row)))
                (br $batch)))
            (i32.store (i32.const 512) (i32.const 20))
            (i32.store16 (i32.const 516) (i32.const 2))
            (i32.store8 (i32.const 518) (i32.const 1))
            (i64.store (i32.const 519) (local.get $sum))
            (i32.store8 (i32.const 527) (i32.const 1))
            (i64.store (i32.const 528) (local.get $cnt))
            (drop (call $emit (i32.const 512) (i32.const 24)))
            (i32.const 0)))
        """;

    private readonly TenantDbEngine _engine = TenantDbEngine.OpenInMemory();
    private int _case;

    public void Dispose() => _engine.Dispose();

    private sealed class Sink : IProcedureRowSink
    {
        public (long Total, long Count) Result { get; private set; }

        public void OnRow(ProcedureRow row) => Result = (row.GetInt64(0), row.GetInt64(1));
    }

    [Property(MaxTest = 60)]
    public Property Procedure_sum_equals_sql_sum(int[] values, int threshold)
    {
        string tenant = $"agg{Interlocked.Increment(ref _case)}";
        _engine.CreateTenant(tenant);
        try
        {
            using var session = _engine.OpenSession(tenant);
            using (var create = session.Prepare("CREATE TABLE t(v INTEGER)")) create.ExecuteNonQuery();
            session.Begin();
            using (var insert = session.Prepare("INSERT INTO t VALUES (?)"))
            {
                foreach (int v in values ?? [])
                {
                    insert.Bind(0, SqlValue.Integer(v));
                    insert.ExecuteNonQuery();
                }
            }
            session.Commit();
            session.CreateProcedure("sum_at_least", [new ProcedureColumn("k", ProcedureType.Int8)],
                [new ProcedureColumn("total", ProcedureType.Int8), new ProcedureColumn("n", ProcedureType.Int8)],
                Encoding.UTF8.GetBytes(SumAtLeast));

            var sink = new Sink();
            session.CallProcedure("sum_at_least", [SqlValue.Integer(threshold)], sink);

            using var sql = session.Prepare("SELECT coalesce(sum(v), 0), count(*) FROM t WHERE v >= ?");
            sql.Bind(0, SqlValue.Integer(threshold));
            using var reader = sql.ExecuteReader();
            reader.Read();
            var expected = (reader.GetInt64(0), reader.GetInt64(1));
            return (sink.Result == expected).Label($"procedure {sink.Result} vs sql {expected}");
        }
        finally
        {
            _engine.DropTenant(tenant);
        }
    }
}
