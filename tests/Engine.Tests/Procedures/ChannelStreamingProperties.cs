using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TenantDb.Engine.Procedures;
using TenantDb.Engine.Values;
using TenantDb.TestKit;

namespace TenantDb.Engine.Tests.Procedures;

/// <summary>
/// Rows streamed over a query channel into a procedure: for random columns of every type (NULLs,
/// integers, reals, text, blobs) and random batch sizes, what the procedure adds up from the rows it
/// read equals what SQL computes over the same column; and a streamed row costs the host no managed
/// allocation.
/// </summary>
public sealed class ChannelStreamingProperties : IDisposable
{
    private static readonly ProcedureColumn[] TallyColumns =
    [
        new("ints", ProcedureType.Int8), new("reals", ProcedureType.Float8), new("nulls", ProcedureType.Int8),
        new("text_bytes", ProcedureType.Int8), new("blob_bytes", ProcedureType.Int8), new("n", ProcedureType.Int8),
    ];

    /// <summary>
    /// tally(capacity int8): reads <c>SELECT v FROM t</c> in batches of at most <c>capacity</c> bytes and
    /// returns the sum of its integers, the sum of its reals, its NULLs, the bytes of its text and blobs
    /// and its rows, walking each row by its own length and value tag.
    /// </summary>
    private const string Tally = $$"""
        (module
          {{ProcedureImports.Read}}
          {{ProcedureImports.Query}}
          {{ProcedureImports.Emit}}
          (memory (export "memory") 2)
          (data (i32.const 0) "SELECT v FROM t")
          (func (export "run") (result i32)
            (local $ch i32) (local $cap i32) (local $n i32) (local $p i32) (local $end i32) (local $tag i32)
            (local $ints i64) (local $reals f64) (local $nulls i64) (local $text i64) (local $blob i64) (local $rows i64)
            (drop (call $read (i32.const 0) (i32.const 64) (i32.const 64)))
            (local.set $cap (i32.wrap_i64 (i64.load (i32.const 71))))
            (local.set $ch (call $query (i32.const 0) (i32.const 15) (i32.const 0) (i32.const 0)))
            (if (i32.lt_s (local.get $ch) (i32.const 0)) (then (return (i32.const 1))))
            (block $done
              (loop $batch
                (local.set $n (call $read (local.get $ch) (i32.const 1024) (local.get $cap)))
                (br_if $done (i32.le_s (local.get $n) (i32.const 0)))
                (local.set $p (i32.const 1024))
                (local.set $end (i32.add (i32.const 1024) (local.get $n)))
                (block $rows_done
                  (loop $row
                    (br_if $rows_done (i32.ge_u (local.get $p) (local.get $end)))
                    (local.set $tag (i32.load8_u offset=6 (local.get $p)))
                    (if (i32.eqz (local.get $tag)) (then (local.set $nulls (i64.add (local.get $nulls) (i64.const 1)))))
                    (if (i32.eq (local.get $tag) (i32.const 1)) (then (local.set $ints (i64.add (local.get $ints) (i64.load offset=7 (local.get $p))))))
                    (if (i32.eq (local.get $tag) (i32.const 2)) (then (local.set $reals (f64.add (local.get $reals) (f64.load offset=7 (local.get $p))))))
                    (if (i32.eq (local.get $tag) (i32.const 3)) (then (local.set $text (i64.add (local.get $text) (i64.load32_u offset=7 (local.get $p))))))
                    (if (i32.eq (local.get $tag) (i32.const 4)) (then (local.set $blob (i64.add (local.get $blob) (i64.load32_u offset=7 (local.get $p))))))
                    (local.set $rows (i64.add (local.get $rows) (i64.const 1)))
                    (local.set $p (i32.add (local.get $p) (i32.add (i32.load (local.get $p)) (i32.const 4))))
                    (br $row)))
                (br $batch)))
            (i32.store (i32.const 512) (i32.const 56))
            (i32.store16 (i32.const 516) (i32.const 6))
            (i32.store8 (i32.const 518) (i32.const 1))
            (i64.store (i32.const 519) (local.get $ints))
            (i32.store8 (i32.const 527) (i32.const 2))
            (f64.store (i32.const 528) (local.get $reals))
            (i32.store8 (i32.const 536) (i32.const 1))
            (i64.store (i32.const 537) (local.get $nulls))
            (i32.store8 (i32.const 545) (i32.const 1))
            (i64.store (i32.const 546) (local.get $text))
            (i32.store8 (i32.const 554) (i32.const 1))
            (i64.store (i32.const 555) (local.get $blob))
            (i32.store8 (i32.const 563) (i32.const 1))
            (i64.store (i32.const 564) (local.get $rows))
            (drop (call $emit (i32.const 512) (i32.const 60)))
            (i32.const 0)))
        """;

    private readonly TenantDbEngine _engine = TenantDbEngine.OpenInMemory();
    private int _case;

    public void Dispose() => _engine.Dispose();

    private sealed class TallySink : IProcedureRowSink
    {
        public (long Ints, double Reals, long Nulls, long TextBytes, long BlobBytes, long Rows) Result { get; private set; }

        public void OnRow(ProcedureRow row) =>
            Result = (row.GetInt64(0), row.GetDouble(1), row.GetInt64(2), row.GetInt64(3), row.GetInt64(4), row.GetInt64(5));
    }

    // Reals are quarters below 2^20, so any order of adding a few hundred of them is exact: the
    // procedure's plain sum and SQLite's compensated sum() must agree to the last bit.
    private static Gen<SqlValue> ValueGen() => Gen.OneOf(
        Gen.Constant(SqlValue.Null),
        ArbMap.Default.GeneratorFor<int>().Select(i => SqlValue.Integer(i)),
        Gen.Choose(-(1 << 22), 1 << 22).Select(k => SqlValue.Real(k / 4.0)),
        Gen.Elements("", "a", "tab\t", "é", "🙂", "customer-42").ArrayOf().Select(parts => SqlValue.Text(string.Concat(parts))),
        ArbMap.Default.GeneratorFor<byte[]>().Where(b => b is not null).Select(SqlValue.Blob));

    private static Arbitrary<(SqlValue[] Values, int Capacity)> Cases() =>
        (from values in Gen.ArrayOf(ValueGen())
         from capacity in Gen.Choose(16, 4096)
         select (values, capacity)).ToArbitrary();

    [Property(MaxTest = 80)]
    public Property A_procedure_tallying_a_streamed_column_agrees_with_sql() =>
        Prop.ForAll(Cases(), c =>
        {
            string tenant = $"tally{Interlocked.Increment(ref _case)}";
            _engine.CreateTenant(tenant);
            try
            {
                using var session = _engine.OpenSession(tenant);
                Fill(session, c.Values);
                session.CreateProcedure("tally", [new ProcedureColumn("capacity", ProcedureType.Int8)], TallyColumns, Encoding.UTF8.GetBytes(Tally));
                // A batch must hold at least the longest row, or the read refuses it (-3) and the tally stops early.
                int longest = c.Values.Length == 0 ? 0 : c.Values.Max(v => AbiRow.Measure([v]));
                int capacity = Math.Max(c.Capacity, longest);

                var sink = new TallySink();
                var call = session.CallProcedure("tally", [SqlValue.Integer(capacity)], sink);

                using var sql = session.Prepare("""
                    SELECT coalesce(sum(CASE WHEN typeof(v) = 'integer' THEN v END), 0),
                           coalesce(sum(CASE WHEN typeof(v) = 'real' THEN v END), 0.0),
                           count(*) - count(v),
                           coalesce(sum(CASE WHEN typeof(v) = 'text' THEN length(CAST(v AS BLOB)) END), 0),
                           coalesce(sum(CASE WHEN typeof(v) = 'blob' THEN length(v) END), 0),
                           count(*)
                    FROM t
                    """);
                using var reader = sql.ExecuteReader();
                reader.Read();
                var expected = (reader.GetInt64(0), reader.GetDouble(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5));
                return (sink.Result == expected && call.RowsRead == c.Values.Length)
                    .Label($"procedure {sink.Result} (rows read {call.RowsRead}) vs sql {expected}, capacity {capacity}");
            }
            finally
            {
                _engine.DropTenant(tenant);
            }
        });

    [Fact]
    public void Streaming_more_rows_allocates_nothing_more()
    {
        _engine.CreateTenant("alloc");
        using var session = _engine.OpenSession("alloc");
        using (var create = session.Prepare("CREATE TABLE t(v BLOB)")) create.ExecuteNonQuery();
        using (var fill = session.Prepare("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100000) INSERT INTO t SELECT CASE x % 4 WHEN 0 THEN x WHEN 1 THEN x * 0.5 WHEN 2 THEN NULL ELSE 'row ' || x END FROM c"))
        {
            fill.ExecuteNonQuery();
        }
        session.CreateProcedure("tally", [new ProcedureColumn("capacity", ProcedureType.Int8)], TallyColumns, Encoding.UTF8.GetBytes(Tally));

        var sink = new TallySink();
        SqlValue[] arguments = [SqlValue.Integer(4096)];
        long Allocated()
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            session.CallProcedure("tally", arguments, sink);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        for (int i = 0; i < 3; i++) Allocated();
        long all = Allocated();
        Assert.Equal(100_000, sink.Result.Rows);
        using (var shrink = session.Prepare("DELETE FROM t WHERE rowid > 1000")) shrink.ExecuteNonQuery();
        for (int i = 0; i < 3; i++) Allocated();
        long few = Allocated();
        Assert.Equal(1_000, sink.Result.Rows);
        // 99,000 more rows in about 400 more batches of 4 KiB: not one byte more.
        Assert.Equal(few, all);
    }

    private static void Fill(TenantSession session, SqlValue[] values)
    {
        using (var create = session.Prepare("CREATE TABLE t(v BLOB)")) create.ExecuteNonQuery();
        session.Begin();
        using (var insert = session.Prepare("INSERT INTO t VALUES (?)"))
        {
            foreach (var v in values)
            {
                insert.Bind(0, v);
                insert.ExecuteNonQuery();
            }
        }
        session.Commit();
    }
}
