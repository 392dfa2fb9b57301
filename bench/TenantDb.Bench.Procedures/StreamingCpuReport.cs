namespace TenantDb.Bench.Procedures;

/// <summary>
/// The streaming contenders timed by thread CPU time (minimum of several calls, repeated) instead of
/// wall time, with their ratio to SQLite's own sum in the same repetition:
/// <c>dotnet run -c Release --project bench/TenantDb.Bench.Procedures -- cpu</c>.
/// </summary>
internal static class StreamingCpuReport
{
    public static void Run(int repetitions = 3, int calls = 8, bool procedureOnly = false)
    {
        var bench = new StreamingBenchmarks();
        bench.Setup();
        try
        {
            if (procedureOnly)
            {
                // For a profiler: nothing but the procedure after setup, long enough to outweigh the setup.
                Console.WriteLine($"ABI procedure {ThreadCpuTime.MinimumMilliseconds(() => bench.ProcedureSum(), 200):F1} ms");
                return;
            }
            Console.WriteLine($"load average: {File.ReadAllText("/proc/loadavg").Trim()}");
            for (int r = 0; r < repetitions; r++)
            {
                double sum = ThreadCpuTime.MinimumMilliseconds(() => bench.SqliteOwnSum(), calls);
                double loop = ThreadCpuTime.MinimumMilliseconds(() => bench.TenantReaderLoop(), calls);
                double abi = ThreadCpuTime.MinimumMilliseconds(() => bench.ProcedureSum(), calls);
                Console.WriteLine($"sum() {sum,7:F1} ms | TenantReader loop {loop,7:F1} ms {loop / sum,5:F2}x | ABI procedure {abi,7:F1} ms {abi / sum,5:F2}x");
            }
            Console.WriteLine($"load average: {File.ReadAllText("/proc/loadavg").Trim()}");
        }
        finally
        {
            bench.Cleanup();
        }
    }
}
