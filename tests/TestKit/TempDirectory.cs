namespace TenantDb.TestKit;

/// <summary>
/// A fresh directory for one test, deleted with everything in it on dispose. With
/// <c>inMemory: true</c> it lives on tmpfs (/dev/shm) when the machine has one, so tests that
/// create many databases do not spend their time in fsync on a shared disk; the code paths the
/// tests exercise are the same on either file system.
/// </summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory(string prefix = "tenantdb-", bool inMemory = false)
    {
        string root = inMemory && Directory.Exists("/dev/shm") ? "/dev/shm" : System.IO.Path.GetTempPath();
        Path = Directory.CreateDirectory(System.IO.Path.Combine(root, prefix + Guid.NewGuid().ToString("N"))).FullName;
    }

    /// <summary>A directory for database files: on tmpfs when the machine has one.</summary>
    public static TempDirectory ForDatabases(string prefix = "tenantdb-data-") => new(prefix, inMemory: true);

    public string Path { get; }

    /// <summary>The path of <paramref name="name"/> inside this directory (nothing is created).</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        // A test may already have removed it (for example to prove that a missing directory is handled).
        if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
    }
}
