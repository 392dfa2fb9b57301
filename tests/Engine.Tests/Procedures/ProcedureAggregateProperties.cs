using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TenantDb.Engine.Procedures;
using TenantDb.Engine.Values;

namespace TenantDb.Engine.Tests.Procedures;

/// <summary>
/// For random tables and random parameters, a procedure computing an aggregate through its query
/// channel returns what the equivalent SQL returns.
/// </summary>
public sealed class ProcedureAggregateProperties : IDisposable
{
    /// <summary>sum_at_least(k int8) RETURNS TABLE(total int8, n int8), in small batches to cross many reads.</summary>
    private static readonly string SumAtLeast = ProcedureModules.SumQuery("SELECT v FROM t WHERE v >= ?1", forwardArguments: true, readCapacity: 300);

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
