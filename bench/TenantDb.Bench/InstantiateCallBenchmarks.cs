using BenchmarkDotNet.Attributes;
using TenantDb.ProcSandbox.Runtime;

namespace TenantDb.Bench;

/// <summary>Instantiate a module (or rent a pooled instance) and call its empty export, then drop the instance: the per-procedure-call overhead.</summary>
[Config(typeof(QuickConfig))]
public class InstantiateCallBenchmarks
{
    private CompiledModule _compiled = null!;
    private Instance _warm = null!;
    private InstancePool _pool = null!;
    private readonly InstanceLimits _limits = new();
    private Wasmtime.Engine _engine = null!;
    private Wasmtime.Module _module = null!;

    [GlobalSetup]
    public void Setup()
    {
        string wat = KernelSource.Wat("empty");
        _compiled = SandboxModules.Compile(wat);
        _warm = Instance.Instantiate(_compiled, null);
        _pool = new InstancePool(_compiled, null);
        _engine = new Wasmtime.Engine();
        _module = Wasmtime.Module.FromText(_engine, "empty", wat);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _warm.Dispose();
        _pool.Dispose();
        _compiled.Dispose();
        _module.Dispose();
        _engine.Dispose();
    }

    [Benchmark(Baseline = true)]
    public void Wasmtime_instantiate_and_call()
    {
        using var store = new Wasmtime.Store(_engine);
        var instance = new Wasmtime.Instance(store, _module);
        instance.GetAction("empty")!.Invoke();
    }

    [Benchmark]
    public void TenantDb_instantiate_and_call()
    {
        using var instance = Instance.Instantiate(_compiled, null);
        instance.Invoke("empty", [], []);
    }

    /// <summary>What a procedure call pays: a pooled instance, reset to its fresh state when it comes back.</summary>
    [Benchmark]
    public void TenantDb_pooled_instance_and_call()
    {
        var instance = _pool.Rent(_limits);
        instance.Invoke("empty", [], []);
        _pool.Return(instance);
    }

    [Benchmark]
    public void TenantDb_call_only()
    {
        _warm.Invoke("empty", [], []);
    }
}
