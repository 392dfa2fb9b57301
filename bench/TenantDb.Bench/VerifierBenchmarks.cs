using BenchmarkDotNet.Attributes;
using TenantDb.ProcSandbox;
using TenantDb.ProcSandbox.Compiler;
using TenantDb.ProcSandbox.Compiler.Verification;
using TenantDb.ProcSandbox.Module;
using TenantDb.ProcSandbox.Runtime;
using TenantDb.ProcSandbox.Text;

namespace TenantDb.Bench;

/// <summary>
/// Cost of the independent code verifier relative to compilation, on the same validated modules:
/// compile without verification (baseline), compile with it, and the verifier alone on the
/// compiled code. Figures in docs/reliability/verifier.md.
/// </summary>
[Config(typeof(QuickConfig))]
public class VerifierBenchmarks
{
    private static readonly CompileOptions s_unverified = new() { VerifyCode = false };
    private static readonly CompileOptions s_verified = new();
    private WasmModule _module = null!;
    private MachineCode _code = null!;

    /// <summary>synthetic-1000: 1000 functions (the CompileBenchmarks module); matmul-kernel: one small bench kernel.</summary>
    [Params("synthetic-1000", "matmul-kernel")]
    public string Module { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        string wat = Module == "synthetic-1000"
            ? CompileBenchmarks.SyntheticModule(functions: 1000)
            : File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Kernels", "matmul.wat"));
        _module = SandboxModules.Decode(WatParser.ParseModuleBinary(wat));
        _code = ModuleCompiler.Compile(_module, s_unverified);
        Console.WriteLine($"// {Module}: {_code.Code.Length} bytes of code, {CodeVerifier.Verify(_code.Code, _code.Layout)}");
    }

    [Benchmark(Baseline = true)]
    public int Compile_without_verification() => ModuleCompiler.Compile(_module, s_unverified).Code.Length;

    [Benchmark]
    public int Compile_with_verification() => ModuleCompiler.Compile(_module, s_verified).Code.Length;

    [Benchmark]
    public int Verify_only() => CodeVerifier.Verify(_code.Code, _code.Layout).Instructions;
}
