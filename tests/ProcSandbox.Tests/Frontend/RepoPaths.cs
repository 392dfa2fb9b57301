namespace TenantDb.ProcSandbox.Tests.Frontend;

/// <summary>Locates the repository (the directory holding TenantDb.sln) and the files tests read from it.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The WebAssembly core spec test suite vendored in tests/spec/wasm-testsuite.</summary>
    public static string SpecSuite => Path.Combine(Root, "tests", "spec", "wasm-testsuite");

    public static string Kernels => Path.Combine(Root, "bench", "TenantDb.Bench", "Kernels");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TenantDb.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("TenantDb.sln not found above " + AppContext.BaseDirectory);
    }
}
