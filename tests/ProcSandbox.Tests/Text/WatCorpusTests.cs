using TenantDb.ProcSandbox.Tests.Frontend;
using TenantDb.ProcSandbox.Text;
using TenantDb.TestKit;

namespace TenantDb.ProcSandbox.Tests.Text;

/// <summary>Every module of the corpus encodes to exactly the bytes wabt's wat2wasm produces.</summary>
public sealed class WatCorpusTests
{
    public static TheoryData<string> CorpusFiles()
    {
        var data = new TheoryData<string>();
        foreach (string file in Directory.GetFiles(Path.Combine(RepoPaths.Root, "bench", "TenantDb.Bench", "Kernels"), "*.wat"))
        {
            data.Add(Path.GetRelativePath(RepoPaths.Root, file));
        }
        foreach (string file in Directory.GetFiles(Path.Combine(RepoPaths.Root, "tests", "ProcSandbox.Tests", "Text", "Corpus"), "*.wat"))
        {
            data.Add(Path.GetRelativePath(RepoPaths.Root, file));
        }
        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(CorpusFiles))]
    public void Encoding_matches_wat2wasm(string relativePath)
    {
        string path = Path.Combine(RepoPaths.Root, relativePath);
        byte[] expected = WasmToolchain.Wat2Wasm(path);
        byte[] actual = WatParser.ParseModuleBinary(File.ReadAllText(path));
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(actual));
    }
}
