using System.Collections.Concurrent;
using Xunit;

namespace TenantDb.TestKit;

/// <summary>
/// The C programs of examples/wasi and of this folder's Programs/, built at test time with
/// <c>clang-14 --target=wasm32-wasi -O2</c> (once per run). Without clang-14 or Debian's wasi-libc
/// the test (a [SkippableFact]) is skipped with a reason naming what is missing.
/// </summary>
public static class WasiPrograms
{
    private const string Install = "apt-get install clang-14 lld-14 wasi-libc libclang-rt-14-dev-wasm32";

    private static readonly ConcurrentDictionary<string, Lazy<(byte[]? Wasm, string? Missing)>> s_built = new();
    private static readonly Lazy<string> s_directory = new(() => Directory.CreateTempSubdirectory("tenantdb-wasi-programs-").FullName);

    /// <summary>An example program: examples/wasi/<paramref name="name"/>.c.</summary>
    public static byte[] Example(string name) => Build(Path.Combine(RepositoryRoot.Path, "examples", "wasi", name + ".c"));

    /// <summary>A test program: tests/ProcSandbox.Tests/Wasi/Programs/<paramref name="name"/>.c.</summary>
    public static byte[] Test(string name) =>
        Build(Path.Combine(RepositoryRoot.Path, "tests", "ProcSandbox.Tests", "Wasi", "Programs", name + ".c"));

    private static byte[] Build(string source)
    {
        var (wasm, missing) = s_built.GetOrAdd(source, s => new Lazy<(byte[]?, string?)>(() => Compile(s))).Value;
        return wasm ?? throw new SkipException(missing);
    }

    private static (byte[]? Wasm, string? Missing) Compile(string source)
    {
        string clang = ExternalTool.Clang14Wasm32.Require();
        string output = Path.Combine(s_directory.Value, Path.GetFileNameWithoutExtension(source) + ".wasm");
        var result = ChildProcess.Run(clang, ["--target=wasm32-wasi", "-O2", "-o", output, source], timeoutSeconds: 120);
        if (result.ExitCode == 0) return (File.ReadAllBytes(output), null);
        string all = result.Stderr + result.Stdout;
        // A missing sysroot or runtime library is the machine's, not the program's: skip, naming it.
        if (all.Contains("stdio.h", StringComparison.Ordinal) || all.Contains("libclang_rt", StringComparison.Ordinal) || all.Contains("crt1", StringComparison.Ordinal))
        {
            return (null, $"wasi-libc for clang-14 is missing ({all.Split('\n')[0].Trim()}); install: {Install}");
        }
        throw new InvalidOperationException($"clang-14 failed on {source}:\n{all}");
    }
}
