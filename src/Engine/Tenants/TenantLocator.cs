// SAFETY-CRITICAL: the only place that turns tenant names into file paths or database URIs.
using Microsoft.Data.Sqlite;
using TenantDb.Engine.Errors;

namespace TenantDb.Engine.Tenants;

/// <summary>
/// Where tenant databases live: <c>&lt;data&gt;/tenants/&lt;name&gt;/tenant.db</c> on disk, or a named
/// memdb database (<c>file:/tdb-&lt;engine&gt;-&lt;store&gt;?vfs=memdb</c>) shared by the connections of one
/// engine in memory mode. Names are validated before they get here and the resulting path is checked
/// to stay inside the data directory.
/// </summary>
internal sealed class TenantLocator
{
    private readonly string? _tenantsRoot;
    private readonly string _memoryPrefix;
    private readonly string? _tenantVfs;

    /// <param name="dataDirectory">Null for memory mode.</param>
    /// <param name="exclusiveTenantFiles">Open tenant files with the unix-excl VFS (see <see cref="EngineOptions.ExclusiveTenantFiles"/>).</param>
    public TenantLocator(string? dataDirectory, bool exclusiveTenantFiles = false)
    {
        DataDirectory = dataDirectory;
        _tenantVfs = exclusiveTenantFiles ? "unix-excl" : null;
        _tenantsRoot = dataDirectory is null ? null : Path.Combine(dataDirectory, "tenants");
        _memoryPrefix = "/tdb-" + Guid.NewGuid().ToString("N");
    }

    public string? DataDirectory { get; }

    public bool InMemory => DataDirectory is null;

    public string RegistryConnectionString => InMemory
        ? MemoryConnectionString("registry")
        : FileConnectionString(Path.Combine(DataDirectory!, "catalog.db"), create: true);

    /// <summary>The directory of tenant <paramref name="name"/> (file mode only).</summary>
    public string TenantDirectory(string name)
    {
        string validated = TenantName.Validate(name);
        string directory = Path.GetFullPath(Path.Combine(_tenantsRoot!, validated));
        string root = Path.GetFullPath(_tenantsRoot!) + Path.DirectorySeparatorChar;
        if (!directory.StartsWith(root, StringComparison.Ordinal))
        {
            throw new TenantDbException(TenantDbErrorKind.InvalidTenantName, "tenant path escapes the data directory");
        }

        return directory;
    }

    /// <summary>Path of a tenant's database file (file mode only).</summary>
    public string TenantFile(string name) => Path.Combine(TenantDirectory(name), "tenant.db");

    /// <summary>Connection string of a tenant store.</summary>
    public string TenantConnectionString(string name, string storeId, bool create) => InMemory
        ? MemoryConnectionString(TenantName.Validate(name) + "-" + storeId)
        : FileConnectionString(Path.Combine(TenantDirectory(name), "tenant.db"), create, _tenantVfs);

    private string MemoryConnectionString(string suffix) => new SqliteConnectionStringBuilder
    {
        DataSource = "file:" + _memoryPrefix + "-" + suffix + "?vfs=memdb",
        Pooling = false,
    }.ToString();

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
