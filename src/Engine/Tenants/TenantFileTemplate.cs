namespace TenantDb.Engine.Tenants;

/// <summary>
/// The bytes of an empty tenant database (WAL mode, reserved tables), built once per engine by SQLite
/// itself through <see cref="TenantSchema.Initialize(string)"/>. Creating a tenant on disk then is one file
/// write instead of a SQLite open, two schema transactions and a checkpoint.
/// </summary>
internal sealed class TenantFileTemplate
{
    private readonly TenantLocator _locator;
    private byte[]? _bytes;

    public TenantFileTemplate(TenantLocator locator)
    {
        _locator = locator;
    }

    /// <summary>Writes an empty tenant database to <paramref name="path"/>, which must not exist yet.</summary>
    public void WriteTo(string path)
    {
        byte[] bytes = _bytes ??= Build();
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        file.Write(bytes);
        file.Flush(flushToDisk: true);
    }

    private byte[] Build()
    {
        string directory = Path.Combine(_locator.DataDirectory, "tenants", ".template-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            string path = Path.Combine(directory, "tenant.db");
            TenantSchema.Initialize(TenantLocator.FileConnectionString(path, create: true));
            return File.ReadAllBytes(path);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
