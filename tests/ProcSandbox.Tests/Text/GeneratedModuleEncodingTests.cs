using TenantDb.ProcSandbox.Tests.Differential;

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
        string dir = Directory.CreateTempSubdirectory("tenantdb-generated-wat-").FullName;
        try
        {
            for (int seed = 1; seed <= 60; seed++)
            {
                string text = new RandomModuleGenerator(seed).Generate();
                string path = Path.Combine(dir, $"m{seed}.wat");
                File.WriteAllText(path, text);
                byte[] expected = Wat2Wasm.Encode(path);
                byte[] actual = WatParser.ParseModuleBinary(text);
                Assert.True(expected.AsSpan().SequenceEqual(actual), $"seed {seed} differs:\n{text}");
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
