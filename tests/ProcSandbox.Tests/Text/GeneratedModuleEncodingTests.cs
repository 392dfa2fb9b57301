using TenantDb.ProcSandbox.Tests.Differential;
using TenantDb.ProcSandbox.Text;
using TenantDb.TestKit;

namespace TenantDb.ProcSandbox.Tests.Text;

/// <summary>
/// The differential tests' random modules (typed expressions, locals, memory, loops, calls)
/// encode to exactly the bytes wat2wasm makes of them.
/// </summary>
public sealed class GeneratedModuleEncodingTests
{
    [SkippableFact]
    public void Random_modules_encode_like_wat2wasm()
    {
        using var dir = new TempDirectory("tenantdb-generated-wat-");
        for (int seed = 1; seed <= 60; seed++)
        {
            string text = new RandomModuleGenerator(seed).Generate();
            string path = dir.File($"m{seed}.wat");
            File.WriteAllText(path, text);
            byte[] expected = WasmToolchain.Wat2Wasm(path);
            byte[] actual = WatParser.ParseModuleBinary(text);
            Assert.True(expected.AsSpan().SequenceEqual(actual), $"seed {seed} differs:\n{text}");
        }
    }
}
