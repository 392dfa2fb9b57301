using TenantDb.ProcSandbox.Compiler;
using TenantDb.ProcSandbox.Compiler.Verification;
using TenantDb.ProcSandbox.Runtime;
using TenantDb.ProcSandbox.Text;
using TenantDb.TestKit;
using Xunit.Abstractions;

namespace TenantDb.ProcSandbox.Tests.Verifier;

/// <summary>
/// The verifier accepts the compiler's output for the example procedures built from C with
/// clang-14 (the same flags as the Wire end-to-end tests), and for the bench kernels (WAT).
/// </summary>
public class ExampleVerificationTests(ITestOutputHelper output)
{
    public static TheoryData<string> CExamples() => new() { "stream-transform/normalize_events.c", "top-customers/top_customers.c", "transfer/transfer.c" };

    [SkippableTheory]
    [MemberData(nameof(CExamples))]
    public void C_example_compiles_to_verified_code(string relativePath)
    {
        byte[] wasm = WasmToolchain.CompileC(Path.Combine(Frontend.RepoPaths.Root, "examples", relativePath));
        var stats = VerifyModule(wasm);
        output.WriteLine($"{relativePath}: {stats}");
    }

    [Fact]
    public void Bench_kernels_compile_to_verified_code()
    {
        int modules = 0;
        foreach (string path in Directory.GetFiles(Frontend.RepoPaths.Kernels, "*.wat").Order(StringComparer.Ordinal))
        {
            var stats = VerifyModule(WatParser.ParseModuleBinary(File.ReadAllText(path)));
            output.WriteLine($"{Path.GetFileName(path)}: {stats}");
            modules++;
        }
        Assert.True(modules > 0);
    }

    internal static VerificationStats VerifyModule(byte[] binary)
    {
        var module = Wasm.Module(binary);
        var code = ModuleCompiler.Compile(module, new CompileOptions { VerifyCode = false });
        var stats = CodeVerifier.Verify(code.Code, code.Layout);
        Assert.True(stats.Functions == module.Functions.Count && stats.Instructions > 0, stats.ToString());
        return stats;
    }
}
