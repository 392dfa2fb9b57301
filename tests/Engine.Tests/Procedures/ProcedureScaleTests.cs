using System.Text;
using TenantDb.Engine.Errors;
using TenantDb.Engine.Procedures;

namespace TenantDb.Engine.Tests.Procedures;

/// <summary>
/// Procedures streaming very large results: rows are pulled lazily from the cursor, so host memory
/// stays bounded, and the rows-read limit stops a scan of a 10-million-row relation.
/// </summary>
public sealed class ProcedureScaleTests
{
    private static readonly ProcedureColumn[] SumColumns = [new("total", ProcedureType.Int8), new("n", ProcedureType.Int8)];

    private sealed class Sink : IProcedureRowSink
    {
        public long Total { get; private set; }

        public void OnRow(ProcedureRow row) => Total = row.GetInt64(0);
    }

    /// <summary>A tenant whose <c>t</c> is a view producing <paramref name="rows"/> rows on demand (nothing stored).</summary>
    private static TenantSession SessionOver(TenantDbEngine engine, long rows)
    {
        engine.CreateTenant("big");
        var session = engine.OpenSession("big");
        using (var s = session.Prepare($"CREATE VIEW t(amount) AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < {rows}) SELECT x FROM c"))
        {
            s.ExecuteNonQuery();
        }
        session.CreateProcedure("sum_amounts", [], SumColumns, Encoding.UTF8.GetBytes(ProcedureModules.SumAmounts));
        return session;
    }

    [Fact]
    public void Millions_of_rows_stream_through_a_procedure_in_bounded_host_memory()
    {
        const long rows = 2_000_000;
        using var engine = TenantDbEngine.OpenInMemory(new EngineOptions
        {
            StatementTimeout = TimeSpan.FromMinutes(2),
            ProcedureLimits = new ProcedureLimits { Timeout = TimeSpan.FromMinutes(2) },
        });
        using var session = SessionOver(engine, rows);
        var sink = new Sink();
        long before = GC.GetAllocatedBytesForCurrentThread();
        var result = session.CallProcedure("sum_amounts", [], sink);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(rows * (rows + 1) / 2, sink.Total);
        Assert.Equal(rows, result.RowsRead);
        // Rows are encoded from the cursor straight into guest memory: what the host allocates does
        // not grow with the number of rows (materialising them would take tens of megabytes).
        Assert.True(allocated < 2 << 20, $"the call allocated {allocated} bytes");
    }

    [Fact]
    public void The_rows_read_limit_stops_a_scan_of_ten_million_rows()
    {
        using var engine = TenantDbEngine.OpenInMemory(new EngineOptions { StatementTimeout = TimeSpan.FromMinutes(2), ProcedureLimits = new ProcedureLimits { MaxRowsRead = 100_000, Timeout = TimeSpan.FromMinutes(2) } });
        using var session = SessionOver(engine, 10_000_000);
        var e = Assert.Throws<TenantDbException>(() => session.CallProcedure("sum_amounts", [], new Sink()));
        Assert.Equal(TenantDbErrorKind.ProcedureLimit, e.Kind);
        Assert.Contains("rows read", e.Message, StringComparison.Ordinal);
    }
}
