using BenchmarkDotNet.Attributes;
using TenantDb.ProcSandbox.Module;
using TenantDb.ProcSandbox.Runtime;

namespace TenantDb.Bench;

/// <summary>Compute kernels on warm instances: TenantDb's baseline compiler against Wasmtime (Cranelift).</summary>
[Config(typeof(QuickConfig))]
public class KernelBenchmarks
{
    private readonly Dictionary<string, (CompiledModule Compiled, Instance Instance)> _ours = [];
    private readonly Dictionary<string, Wasmtime.Function> _theirs = [];
    private Wasmtime.Engine _engine = null!;
    private Wasmtime.Store _store = null!;

    [Params("fib:25", "sieve:1000000", "hash:1000000", "matmul:100")]
    public string Kernel { get; set; } = "";

    private string Name => Kernel.Split(':')[0];
    private int Argument => int.Parse(Kernel.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture);

    [GlobalSetup]
    public void Setup()
    {
        _engine = new Wasmtime.Engine();
        _store = new Wasmtime.Store(_engine);
        string wat = KernelSource.Wat(Name);
        var compiled = SandboxModules.Compile(wat);
        _ours[Name] = (compiled, Instance.Instantiate(compiled, null));
        using var module = Wasmtime.Module.FromText(_engine, Name, wat);
        var instance = new Wasmtime.Instance(_store, module);
        _theirs[Name] = instance.GetFunction(Name)!;
        // Both must agree before their speed means anything.
        object? expected = _theirs[Name].Invoke(Argument);
        var actual = _ours[Name].Instance.Invoke(Name, WasmValue.I32(Argument))[0];
        string ours = actual.Type switch
        {
            ValType.I32 => actual.AsI32.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ValType.I64 => actual.AsI64.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => actual.AsF64.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        };
        string theirs = Convert.ToString(expected, System.Globalization.CultureInfo.InvariantCulture)!;
        if (expected is double d) theirs = d.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        if (ours != theirs) throw new InvalidOperationException($"{Kernel}: TenantDb {ours} but Wasmtime {theirs}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var (compiled, instance) in _ours.Values)
        {
            instance.Dispose();
            compiled.Dispose();
        }
        _store.Dispose();
        _engine.Dispose();
    }

    [Benchmark(Baseline = true)]
    public object? Wasmtime_call() => _theirs[Name].Invoke(Argument);

    [Benchmark]
    public WasmValue TenantDb_call()
    {
        Span<WasmValue> result = stackalloc WasmValue[1];
        _ours[Name].Instance.Invoke(Name, [WasmValue.I32(Argument)], result);
        return result[0];
    }
}
