using TenantDb.Bench.Procedures;

namespace TenantDb.Bench;

/// <summary>
/// The <see cref="KernelBenchmarks"/> kernels timed by the calling thread's CPU time (least of several calls,
/// Wasmtime and TenantDb alternating, repeated), with the ratio TenantDb / Wasmtime within each repetition:
/// on a loaded machine wall time measures the load, thread CPU time what each kernel costs.
/// <c>dotnet bench/TenantDb.Bench/bin/Release/net10.0/TenantDb.Bench.dll kernels-cpu</c>
/// </summary>
internal static class KernelCpuReport
{
    public static void Run(int repetitions = 3, int calls = 15)
    {
        Console.WriteLine($"load average: {File.ReadAllText("/proc/loadavg").Trim()}");
        foreach (string kernel in new[] { "fib:25", "sieve:1000000", "hash:1000000", "matmul:100" })
        {
            var bench = new KernelBenchmarks { Kernel = kernel };
            bench.Setup();
            try
            {
                for (int r = 0; r < repetitions; r++)
                {
                    double wasmtime = ThreadCpuTime.MinimumMilliseconds(() => bench.Wasmtime_call(), calls);
                    double ours = ThreadCpuTime.MinimumMilliseconds(() => bench.TenantDb_call(), calls);
                    Console.WriteLine($"{kernel,-14} Wasmtime {wasmtime * 1000,8:F0} µs | TenantDb {ours * 1000,8:F0} µs | ratio {ours / wasmtime,5:F2}");
                }
            }
            finally
            {
                bench.Cleanup();
            }
        }
        Console.WriteLine($"load average: {File.ReadAllText("/proc/loadavg").Trim()}");
    }
}
