using TenantDb.ProcSandbox.Compiler;
using TenantDb.ProcSandbox.Compiler.Verification;
using TenantDb.ProcSandbox.Runtime;
using Xunit.Abstractions;

namespace TenantDb.ProcSandbox.Tests.Verifier;

/// <summary>
/// The verifier accepts everything the compiler produces for the spec suite: every module of every
/// script (parsed with the project's WAST parser, validated, compiled without the built-in check,
/// then verified explicitly so the counts can be reported).
/// </summary>
public class SpecSuiteVerificationTests(ITestOutputHelper output)
{
    [Fact]
    public void Every_spec_module_compiles_to_code_the_verifier_accepts()
    {
        int modules = 0, functions = 0, instructions = 0, dead = 0;
        var failures = new List<string>();
        foreach (var (file, module) in VerifierCorpus.SpecModules())
        {
            MachineCode code;
            try
            {
                code = ModuleCompiler.Compile(module, new CompileOptions { VerifyCode = false });
            }
            catch (WasmNotSupportedException)
            {
                continue;
            }
            try
            {
                var stats = CodeVerifier.Verify(code.Code, code.Layout);
                modules++;
                functions += stats.Functions;
                instructions += stats.Instructions;
                dead += stats.DeadInstructions;
            }
            catch (CodeVerificationException e)
            {
                failures.Add($"{file}: {e.Message}");
            }
        }
        output.WriteLine($"verified {modules} modules, {functions} functions, {instructions} reachable instructions, {dead} unreachable ones");
        foreach (string failure in failures.Take(40)) output.WriteLine(failure);
        Assert.Empty(failures);
        Assert.True(modules > 500, $"only {modules} modules compiled");
        Assert.True(instructions > 100_000, $"only {instructions} instructions verified");
    }
}
