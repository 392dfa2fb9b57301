using TenantDb.Bench.Procedures;

namespace TenantDb.Bench;

/// <summary>
/// The <see cref="InstantiateCallBenchmarks"/> contenders timed by the calling thread's CPU time
/// (least of several batches, repeated), with the ratio to Wasmtime in the same repetition: on a
/// loaded machine wall time measures the load, thread CPU time what each contender costs.
/// <c>dotnet run -c Release --project bench/TenantDb.Bench -- cpu</c>
/// </summary>
internal static class InstantiateCallCpuReport
{
    private const int PerBatch = 20_000;

    public static void Run(int repetitions = 3, int batches = 5)
    {
        var bench = new InstantiateCallBenchmarks();
        bench.Setup();
        try
        {
            Console.WriteLine($"load average: {File.ReadAllText("/proc/loadavg").Trim()}");
            for (int r = 0; r < repetitions; r++)
            {
                double wasmtime = NanosecondsPerCall(bench.Wasmtime_instantiate_and_call, batches);
                double fresh = NanosecondsPerCall(bench.TenantDb_instantiate_and_call, batches);
                double pooled = NanosecondsPerCall(bench.TenantDb_pooled_instance_and_call, batches);
                double call = NanosecondsPerCall(bench.TenantDb_call_only, batches);
                Console.WriteLine($"Wasmtime {wasmtime,7:F0} ns | instantiate {fresh,5:F0} ns ({wasmtime / fresh,4:F1}x faster) | pooled {pooled,5:F0} ns ({wasmtime / pooled,4:F1}x faster) | call only {call,5:F0} ns");
            }
            Console.WriteLine($"load average: {File.ReadAllText("/proc/loadavg").Trim()}");
        }
        finally
        {
            bench.Cleanup();
        }
    }

    private static double NanosecondsPerCall(Action call, int batches) =>
        ThreadCpuTime.MinimumMilliseconds(() =>
        {
            for (int i = 0; i < PerBatch; i++) call();
        }, batches) * 1e6 / PerBatch;
}
