using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using TenantDb.ProcSandbox;
using TenantDb.ProcSandbox.Runtime;
using TenantDb.ProcSandbox.Text;

namespace TenantDb.Bench;

/// <summary>Compile speed on a synthetic module of about 0.6 MB of code: decode + validate + compile against Wasmtime's compile.</summary>
[Config(typeof(QuickConfig))]
public class CompileBenchmarks
{
    private byte[] _binary = [];
    private Wasmtime.Engine _engine = null!;

    /// <summary>Size of the module binary in bytes (reported in docs/performance/sandbox.md).</summary>
    public int BinaryBytes => _binary.Length;

    [GlobalSetup]
    public void Setup()
    {
        _binary = WatParser.ParseModuleBinary(SyntheticModule(functions: 1000));
        _engine = new Wasmtime.Engine();
        Console.WriteLine($"// synthetic module: {_binary.Length} bytes");
    }

    [GlobalCleanup]
    public void Cleanup() => _engine.Dispose();

    [Benchmark(Baseline = true)]
    public void Wasmtime_compile()
    {
        using var module = Wasmtime.Module.FromBytes(_engine, "big", _binary);
    }

    [Benchmark]
    public int TenantDb_decode_validate_compile()
    {
        using var compiled = CompiledModule.Compile(SandboxModules.Decode(_binary));
        return compiled.CodeBytes;
    }

    /// <summary>Many functions mixing arithmetic, locals, memory, branches and calls (a compiled C program's texture).</summary>
    internal static string SyntheticModule(int functions)
    {
        var text = new StringBuilder("(module (memory 1)\n");
        for (int f = 0; f < functions; f++)
        {
            text.Append(CultureInfo.InvariantCulture, $"(func $f{f} (param i32 i32) (result i32) (local i32 i64 f64)\n");
            for (int s = 0; s < 8; s++)
            {
                text.Append(CultureInfo.InvariantCulture, $"""
                      (local.set 2 (i32.add (i32.mul (local.get 0) (i32.const {s + 3})) (i32.load offset={s * 4} (i32.and (local.get 1) (i32.const 1023)))))
                      (local.set 3 (i64.xor (local.get 3) (i64.extend_i32_u (local.get 2))))
                      (local.set 4 (f64.add (local.get 4) (f64.convert_i32_s (local.get 2))))
                      (if (i32.lt_s (local.get 2) (local.get 1)) (then (local.set 0 (i32.sub (local.get 0) (i32.const 1)))) (else (local.set 1 (i32.shr_u (local.get 1) (i32.const 1)))))
                      (i32.store offset={s * 4} (i32.and (local.get 0) (i32.const 1023)) (local.get 2))

                    """);
            }
            string call = f + 1 < functions ? $"(call $f{f + 1} (local.get 0) (local.get 2))" : "(local.get 2)";
            text.Append(CultureInfo.InvariantCulture, $"  (i32.add (i32.wrap_i64 (local.get 3)) (i32.add (i32.trunc_f64_s (f64.min (local.get 4) (f64.const 1000))) {call})))\n");
        }
        text.Append("(export \"f0\" (func $f0)))");
        return text.ToString();
    }
}
