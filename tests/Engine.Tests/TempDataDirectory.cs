namespace TenantDb.Engine.Tests;

/// <summary>
/// A fresh data directory, deleted on dispose. It lives on tmpfs (/dev/shm) when there is one, so the
/// suite does not spend its time in fsync on a shared disk; the engine code paths are the same.
/// </summary>
public sealed class TempDataDirectory : IDisposable
{
    public TempDataDirectory()
    {
        string root = Directory.Exists("/dev/shm") ? "/dev/shm" : System.IO.Path.GetTempPath();
        Path = System.IO.Path.Combine(root, "tenantdb-tests-" + Guid.NewGuid().ToString("N"));
    }

    public string Path { get; }

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
