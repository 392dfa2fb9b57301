using TenantDb.ProcSandbox.Compiler;
using TenantDb.ProcSandbox.Compiler.Verification;
using TenantDb.ProcSandbox.Module;
using TenantDb.ProcSandbox.Runtime;
using TenantDb.ProcSandbox.Text;
using Xunit.Abstractions;

namespace TenantDb.ProcSandbox.Tests.Verifier;

/// <summary>
/// The verifier's claims also hold on what the real compiler emits: every function of the bench
/// kernels and of spec scripts heavy in arithmetic, division, memory, br_table and loops (modules
/// without imports, whose callees and global cells the emulation cannot set up) is verified with
/// the observer and run from adversarial states; no claim is contradicted and no access leaves the
/// sandbox. Runs stop early, without a verdict, at indirect calls (counted, and bounded).
/// </summary>
public class VerifierClaimsOnCompiledCodeTests(ITestOutputHelper output)
{
    private static readonly string[] s_scripts =
    [
        "i32.wast", "i64.wast", "int_exprs.wast", "br_table.wast", "loop.wast", "block.wast", "br_if.wast",
        "address.wast", "memory.wast", "load.wast", "store.wast", "local_get.wast", "local_set.wast", "select.wast",
        "memory_grow.wast", "call.wast", "fac.wast", "left-to-right.wast", "f32.wast", "f64.wast", "conversions.wast",
    ];

    [Fact]
    public void Claims_hold_when_compiled_code_runs_from_adversarial_states()
    {
        var modules = new List<WasmModule>();
        foreach (string path in Directory.GetFiles(Frontend.RepoPaths.Kernels, "*.wat").Order(StringComparer.Ordinal))
            modules.Add(WatParser.ParseModule(File.ReadAllText(path)));
        foreach (string script in s_scripts)
        {
            foreach (var (_, module) in VerifierCorpus.SpecModules(script)) modules.Add(module);
        }
        int functions = 0, runs = 0, steps = 0, stopped = 0, divisions = 0, accesses = 0;
        var stops = new HashSet<string>();
        foreach (var module in modules)
        {
            if (module.ImportedFunctionCount > 0 || module.Imports.Count > 0) continue;
            MachineCode code;
            try
            {
                code = ModuleCompiler.Compile(module, new CompileOptions { VerifyCode = false });
            }
            catch (WasmNotSupportedException)
            {
                continue;
            }
            var claims = new VerifierClaims();
            CodeVerifier.Verify(code.Code, code.Layout, claims.Record);
            foreach (var function in code.Layout.Entries.Where(e => e.Kind == CodeEntryKind.Function))
            {
                functions++;
                for (int seed = 0; seed < 4; seed++)
                {
                    var adversary = new Random(functions * 7 + seed);
                    var cpu = new CpuChoices(seed % 2 == 0, seed < 2, seed % 3 == 0, seed != 1);
                    var emulator = new VerifierEmulator(code.Code, code.Layout, function, -1, adversary, cpu, claims);
                    string? violation = emulator.Run(2000);
                    Assert.True(violation is null, $"function at {function.Offset:X}: {violation}");
                    runs++;
                    steps += emulator.Steps;
                    divisions += emulator.Divisions;
                    accesses += emulator.MemoryAccesses;
                    if (emulator.StopReason is { } reason)
                    {
                        stopped++;
                        stops.Add(reason.Split(':')[0]);
                    }
                }
            }
        }
        output.WriteLine($"{functions} functions, {runs} runs, {steps} instructions, {accesses} memory accesses, {divisions} divisions; {stopped} runs stopped early: {string.Join("; ", stops)}");
        Assert.True(functions > 300, $"only {functions} functions");
        Assert.True(steps > 50_000, $"only {steps} instructions emulated");
        Assert.True(divisions > 100, $"only {divisions} divisions emulated");
        Assert.True(stopped < runs / 20, $"{stopped} of {runs} runs stopped early: {string.Join("; ", stops)}");
    }
}
