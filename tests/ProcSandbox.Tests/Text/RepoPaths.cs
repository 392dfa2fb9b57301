namespace TenantDb.ProcSandbox.Tests.Text;

/// <summary>Finds the checkout root (the directory holding TenantDb.sln) and shared test data.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> s_root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TenantDb.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("TenantDb.sln not found above " + AppContext.BaseDirectory);
    });

    public static string Root => s_root.Value;

    /// <summary>The WebAssembly spec suite (../shared/wasm-spec from the checkout root).</summary>
    public static string SpecSuite => Path.GetFullPath(Path.Combine(Root, "..", "shared", "wasm-spec"));
}
