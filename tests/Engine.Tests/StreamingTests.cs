using TenantDb.Engine;

namespace TenantDb.Engine.Tests;

public sealed class StreamingTests
{
    [Fact]
    public void A_reader_over_a_huge_result_streams_instead_of_materialising()
    {
        using var engine = TenantDbEngine.OpenInMemory(new EngineOptions { StatementTimeout = TimeSpan.FromSeconds(30) });
        engine.CreateTenant("t");
        using TenantSession session = engine.OpenSession("t");

        // 100 million rows of 100 bytes would be ~10 GB if materialised.
        using TenantStatement huge = session.Prepare(
            "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r LIMIT 100000000) SELECT n, printf('%100d', n) FROM r");
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        long sum = 0;
        long textBytes = 0;
        using (TenantReader reader = huge.ExecuteReader())
        {
            for (int i = 0; i < 100_000 && reader.Read(); i++)
            {
                sum += reader.GetInt64(0);
                textBytes += reader.GetTextUtf8Span(1).Length;
            }
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        Assert.Equal(100_000L * 100_001 / 2, sum);
        Assert.Equal(100_000L * 100, textBytes);
        Assert.True(allocated < 1_000_000, $"allocated {allocated} bytes for 100,000 rows");

        // Re-executing the same prepared statement starts from the first row again.
        using TenantReader again = huge.ExecuteReader();
        Assert.True(again.Read());
        Assert.Equal(1, again.GetInt64(0));
    }
}
