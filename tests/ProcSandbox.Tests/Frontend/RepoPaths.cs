namespace TenantDb.ProcSandbox.Tests.Frontend;

/// <summary>Locates the repository (the directory holding TenantDb.sln) and the shared spec suite.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string SpecSuite => Path.GetFullPath(Path.Combine(Root, "..", "shared", "wasm-spec"));

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
