namespace TenantDb.ProcSandbox.Tests.Frontend;

/// <summary>Locates the repository (the directory holding TenantDb.sln) and the shared spec suite.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>
    /// ../shared/wasm-spec from the checkout root; a git worktree nested one level deeper
    /// (/work/wt/name) finds it by looking further up.
    /// </summary>
    public static string SpecSuite { get; } = FindSpecSuite();

    public static string Kernels => Path.Combine(Root, "bench", "TenantDb.Bench", "Kernels");

    private static string FindSpecSuite()
    {
        for (var dir = new DirectoryInfo(Root).Parent; dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared", "wasm-spec");
            if (Directory.Exists(candidate)) return candidate;
        }
        return Path.GetFullPath(Path.Combine(Root, "..", "shared", "wasm-spec"));
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TenantDb.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("TenantDb.sln not found above " + AppContext.BaseDirectory);
    }
}
