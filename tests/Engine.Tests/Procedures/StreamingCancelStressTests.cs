using System.Text;
using TenantDb.Engine.Errors;
using TenantDb.Engine.Procedures;

namespace TenantDb.Engine.Tests.Procedures;

/// <summary>
/// Cancels land at any point of a call streaming rows over its channel (in SQLite's step, in the
/// host encoding a batch into guest memory, in the guest's loop, at the call's end), and against the
/// session's disposal: every call either completes with the right answer or fails as canceled,
/// the session stays usable, and nothing crashes (a stop writing into freed native memory would).
/// </summary>
public sealed class StreamingCancelStressTests
{
    private const int Rows = 20_000;
    private const long ExpectedTotal = (long)Rows * (Rows + 1) / 2;

    [Fact]
    public void Cancels_at_random_points_of_a_streaming_call_either_cancel_it_or_let_it_finish_correctly()
    {
        using var engine = TenantDbEngine.OpenInMemory();
        using var session = NewTenant(engine);
        var random = new Random(1234);
        int canceled = 0, completed = 0;
        for (int i = 0; i < 40; i++)
        {
            int spins = random.Next(0, 200_000);
            var sink = new Sums();
            using var go = new ManualResetEventSlim();
            var canceller = new Thread(() =>
            {
                go.Wait();
                Thread.SpinWait(spins);
                session.Interrupt();
            });
            canceller.Start();
            go.Set();
            try
            {
                session.CallProcedure("sum", [], sink);
                Assert.Equal((ExpectedTotal, (long)Rows), (sink.Total, sink.Count));
                completed++;
            }
            catch (TenantDbException e)
            {
                Assert.Equal(TenantDbErrorKind.Canceled, e.Kind);
                canceled++;
            }
            canceller.Join();
            Assert.False(session.InTransaction);
            // A cancel that arrived after the call ended must not cancel the next statement for good.
            Assert.Equal(Rows, CountRows(session));
        }
        Assert.Equal(40, canceled + completed);
    }

    [Fact]
    public void Cancels_racing_with_the_end_of_a_streaming_call_and_the_sessions_disposal_never_crash()
    {
        using var engine = TenantDbEngine.OpenInMemory();
        NewTenant(engine).Dispose();
        for (int i = 0; i < 20; i++)
        {
            var session = engine.OpenSession("s");
            using var stop = new CancellationTokenSource();
            var canceller = new Thread(() =>
            {
                while (!stop.IsCancellationRequested) session.Interrupt();
            });
            canceller.Start();
            try
            {
                session.CallProcedure("sum", [], new Sums());
            }
            catch (TenantDbException e)
            {
                Assert.Equal(TenantDbErrorKind.Canceled, e.Kind);
            }
            // Disposal (and the connection going back to the pool) while interrupts keep coming.
            session.Dispose();
            stop.Cancel();
            canceller.Join();
        }
        using var after = engine.OpenSession("s");
        Assert.Equal(Rows, CountRows(after));
    }

    private static TenantSession NewTenant(TenantDbEngine engine)
    {
        engine.CreateTenant("s");
        var session = engine.OpenSession("s");
        using (var s = session.Prepare($"CREATE TABLE t AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < {Rows}) SELECT x AS v FROM c"))
        {
            s.ExecuteNonQuery();
        }
        session.CreateProcedure("sum", [], [new ProcedureColumn("total", ProcedureType.Int8), new ProcedureColumn("n", ProcedureType.Int8)],
            Encoding.UTF8.GetBytes(ProcedureModules.SumQuery("SELECT v FROM t", forwardArguments: false, readCapacity: 1024)));
        return session;
    }

    private static long CountRows(TenantSession session)
    {
        using var s = session.Prepare("SELECT count(*) FROM t");
        using var r = s.ExecuteReader();
        Assert.True(r.Read());
        return r.GetInt64(0);
    }

    private sealed class Sums : IProcedureRowSink
    {
        public long Total { get; private set; }

        public long Count { get; private set; }

        public void OnRow(ProcedureRow row)
        {
            Total = row.GetValue(0).AsInteger;
            Count = row.GetValue(1).AsInteger;
        }
    }
}
