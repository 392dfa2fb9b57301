using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace TenantDb.Bench.Engine;

/// <summary>
/// The metrics-cost benchmarks' runs: in-process, with more iterations than the short runs, because the
/// difference they measure is small.
/// </summary>
internal sealed class MetricsCostConfig : ManualConfig
{
    public MetricsCostConfig()
    {
        AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(5).WithIterationCount(30));
        AddDiagnoser(MemoryDiagnoser.Default);
        WithOptions(ConfigOptions.DisableOptimizationsValidator);
    }
}
