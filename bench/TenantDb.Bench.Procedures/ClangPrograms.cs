using System.Diagnostics;

namespace TenantDb.Bench.Procedures;

/// <summary>
/// The C procedures the benchmarks run, built at setup with clang-14 (Debian packages clang-14,
/// lld-14, wasi-libc and libclang-rt-14-dev-wasm32, as for the examples): WASI command modules with
/// wasi-libc, tenantdb-ABI modules freestanding with sdk/c/tenantdb.h.
/// </summary>
internal static class ClangPrograms
{
    /// <summary>A WASI command module from <paramref name="source"/> (relative to the repository root).</summary>
    public static byte[] Wasi(string source) => Build(source, ["--target=wasm32-wasi", "-O2"]);

    /// <summary>A tenantdb-ABI module exporting run from <paramref name="source"/> (relative to the repository root).</summary>
    public static byte[] Abi(string source) =>
        Build(source, ["--target=wasm32", "-O2", "-nostdlib", "-Wl,--no-entry", "-Wl,--export=run"]);

    private static byte[] Build(string source, string[] options)
    {
        string output = Path.Combine(Path.GetTempPath(), $"tenantdb-bench-{Environment.ProcessId}-{Path.GetFileNameWithoutExtension(source)}.wasm");
        var start = new ProcessStartInfo("clang-14") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var option in options) start.ArgumentList.Add(option);
        start.ArgumentList.Add("-o");
        start.ArgumentList.Add(output);
        start.ArgumentList.Add(Path.Combine(RepositoryRoot(), source));
        using var clang = Process.Start(start) ?? throw new InvalidOperationException("clang-14 did not start");
        string errors = clang.StandardError.ReadToEnd() + clang.StandardOutput.ReadToEnd();
        clang.WaitForExit();
        if (clang.ExitCode != 0) throw new InvalidOperationException($"clang-14 failed on {source}:\n{errors}");
        try
        {
            return File.ReadAllBytes(output);
        }
        finally
        {
            File.Delete(output);
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TenantDb.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("the repository root (TenantDb.sln) is not above " + AppContext.BaseDirectory);
    }
}
