using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace TenantDb.Bench.Procedures;

/// <summary>Short in-process runs: minutes, not hours, on the 2-core project machine; ratios against the baseline.</summary>
internal sealed class BenchConfig : ManualConfig
{
    public BenchConfig()
    {
        AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
        WithOptions(ConfigOptions.DisableOptimizationsValidator);
    }
}
