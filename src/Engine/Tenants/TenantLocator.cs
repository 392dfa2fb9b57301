// SAFETY-CRITICAL: the only place that turns tenant names into file paths or database URIs.
using Microsoft.Data.Sqlite;
using TenantDb.Engine.Errors;

namespace TenantDb.Engine.Tenants;

/// <summary>
/// Where tenant databases live: <c>&lt;data&gt;/tenants/&lt;name&gt;/tenant.db</c> under the data directory
/// (for an in-memory engine, its private directory). Names are validated before they get here and the
/// resulting path is checked to stay inside the data directory.
/// </summary>
internal sealed class TenantLocator
{
    private readonly string _tenantsRoot;
    private readonly string? _tenantVfs;

    /// <param name="dataDirectory">The engine's data directory (an in-memory engine's private one).</param>
    /// <param name="exclusiveTenantFiles">Open tenant files with the unix-excl VFS (see <see cref="EngineOptions.ExclusiveTenantFiles"/>).</param>
    public TenantLocator(string dataDirectory, bool exclusiveTenantFiles = false)
    {
        DataDirectory = dataDirectory;
        _tenantVfs = exclusiveTenantFiles ? "unix-excl" : null;
        _tenantsRoot = Path.Combine(dataDirectory, "tenants");
    }

    public string DataDirectory { get; }

    public string RegistryConnectionString => FileConnectionString(Path.Combine(DataDirectory, "catalog.db"), create: true);

    /// <summary>The directory of tenant <paramref name="name"/>.</summary>
    public string TenantDirectory(string name)
    {
        string validated = TenantName.Validate(name);
        string directory = Path.GetFullPath(Path.Combine(_tenantsRoot, validated));
        string root = Path.GetFullPath(_tenantsRoot) + Path.DirectorySeparatorChar;
        if (!directory.StartsWith(root, StringComparison.Ordinal))
        {
            throw new TenantDbException(TenantDbErrorKind.InvalidTenantName, "tenant path escapes the data directory");
        }

        return directory;
    }

    /// <summary>Path of a tenant's database file.</summary>
    public string TenantFile(string name) => Path.Combine(TenantDirectory(name), "tenant.db");

    /// <summary>Connection string of a tenant store.</summary>
    public string TenantConnectionString(string name, bool create) =>
        FileConnectionString(Path.Combine(TenantDirectory(name), "tenant.db"), create, _tenantVfs);

    /// <summary>Connection string of a database file at an engine-chosen path.</summary>
    public static string FileConnectionString(string path, bool create, string? vfs = null) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = create ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadWrite,
        Pooling = false,
        Cache = SqliteCacheMode.Private,
        Vfs = vfs,
    }.ToString();
}
