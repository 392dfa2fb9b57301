namespace TenantDb.TestKit;

/// <summary>The repository checkout the tests run from: the nearest directory above the test binaries holding TenantDb.sln.</summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> s_path = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "TenantDb.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("TenantDb.sln not found above " + AppContext.BaseDirectory);
    });

    public static string Path => s_path.Value;
}
