using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using TenantDb.Engine.Errors;
using TenantDb.Engine.Hardening;
using TenantDb.Engine.Registry;
using TenantDb.Engine.Security;
using TenantDb.Engine.Tenants;

namespace TenantDb.Engine;

/// <summary>
/// The embeddable multi-tenant engine: a tenant registry plus one SQLite database per tenant, opened on demand.
/// Thread-safe; open one <see cref="TenantSession"/> per concurrent user of a tenant.
/// </summary>
public sealed partial class TenantDbEngine : IDisposable
{
    private readonly EngineOptions _options;
    private readonly TenantLocator _locator;
    private readonly TenantRegistry _registry;
    private byte[]? _unknownUserSaltSecret;
    private readonly PrivateStorageDirectory? _privateDirectory;
    private readonly TenantFileTemplate _template;
    private readonly ConcurrentDictionary<string, TenantStore> _tenants = new(StringComparer.Ordinal);
    private readonly Lock _ddlLock = new();
    private readonly Lock _lruLock = new();
    private readonly LinkedList<TenantStore> _lru = new();
    private bool _disposed;

    private TenantDbEngine(string? dataDirectory, EngineOptions? options)
    {
        _options = options ?? EngineOptions.Default;
        // Before anything of the engine initialises SQLite (the heap limit below does).
        SqliteThreading.Configure();
        SqliteHeapLimit.Apply(_options.SqliteHeapLimitBytes);

        // An in-memory engine keeps real database files in a private directory, so that its tenants run
        // in WAL mode as on disk; the directory goes with the engine, also when opening it fails.
        _privateDirectory = dataDirectory is null ? PrivateStorageDirectory.Create() : null;
        try
        {
            _locator = new TenantLocator(dataDirectory ?? _privateDirectory!.Path, _options.ExclusiveTenantFiles);
            Directory.CreateDirectory(Path.Combine(_locator.DataDirectory, "tenants"));
            _template = new TenantFileTemplate(_locator);
            _registry = new TenantRegistry(_locator.RegistryConnectionString, wal: true);
            foreach (TenantRegistry.TenantRow row in _registry.LoadTenants())
            {
                if (TenantName.IsValid(row.Name))
                {
                    _tenants[row.Name] = new TenantStore(
                        row.Name, _locator.TenantConnectionString(row.Name, create: false), row.QuotaBytes, _options.MaxWriteLockWaiters);
                }
            }
        }
        catch
        {
            _registry?.Dispose();
            _privateDirectory?.Dispose();
            throw;
        }

        StartUsageAccounting();
        Usage.EngineGauges.Add(this);
    }

    /// <summary>The options this engine was opened with.</summary>
    public EngineOptions Options => _options;

    /// <summary>The data directory, or null for an in-memory engine (whose files are its own business).</summary>
    public string? DataDirectory => _privateDirectory is null ? _locator.DataDirectory : null;

    /// <summary>Where the engine's files are: the data directory, or an in-memory engine's private directory.</summary>
    internal string StorageDirectory => _locator.DataDirectory;

    /// <summary>Opens (creating if missing) an engine whose tenant registry and tenants live under <paramref name="dataDirectory"/>.</summary>
    public static TenantDbEngine Open(string dataDirectory, EngineOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        return new TenantDbEngine(Path.GetFullPath(dataDirectory), options);
    }

    /// <summary>
    /// Opens an engine whose data lives only as long as it does (for tests and scratch work): its database
    /// files are in a private directory, on a RAM-backed file system where there is one, deleted when the
    /// engine is disposed (at the latest when the process exits). Tenants behave as on disk, WAL included.
    /// </summary>
    public static TenantDbEngine OpenInMemory(EngineOptions? options = null) => new(null, options);

    /// <summary>Creates an empty tenant database.</summary>
    /// <exception cref="TenantDbException">InvalidTenantName or TenantExists.</exception>
    public void CreateTenant(string name) => CreateTenantStore(name, offline: false);

    /// <summary>
    /// Creates an empty tenant; with <paramref name="offline"/> it is published already offline, so no
    /// session sees it before the caller fills it and calls <see cref="TenantStore.BringOnline"/>.
    /// </summary>
    private TenantStore CreateTenantStore(string name, bool offline)
    {
        TenantName.Validate(name);
        ThrowIfDisposed();
        lock (_ddlLock)
        {
            if (_tenants.ContainsKey(name))
            {
                throw new TenantDbException(TenantDbErrorKind.TenantExists, $"tenant \"{name}\" already exists");
            }

            string storeId = Guid.NewGuid().ToString("N");

            // A directory without a registry row is debris of an interrupted create or drop.
            string directory = _locator.TenantDirectory(name);
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }

            Directory.CreateDirectory(directory);
            var store = new TenantStore(
                name, _locator.TenantConnectionString(name, create: false), _options.DefaultQuotaBytes, _options.MaxWriteLockWaiters);
            _template.WriteTo(_locator.TenantFile(name));

            if (offline)
            {
                store.TryTakeOffline();
            }

            _registry.InsertTenant(new TenantRegistry.TenantRow(name, storeId, _options.DefaultQuotaBytes));
            _tenants[name] = store;
            return store;
        }
    }

    /// <summary>True when <paramref name="name"/> is a valid tenant name (<c>^[a-z][a-z0-9_-]{0,62}$</c>).</summary>
    public static bool IsValidTenantName(string? name) => TenantName.IsValid(name);

    /// <summary>True when the tenant exists.</summary>
    public bool TenantExists(string name) => TenantName.IsValid(name) && _tenants.ContainsKey(name);

    /// <summary>All tenant names in ordinal order.</summary>
    public IReadOnlyList<string> ListTenants()
    {
        var names = new List<string>(_tenants.Keys);
        names.Sort(StringComparer.Ordinal);
        return names;
    }

    /// <summary>
    /// Deletes a tenant and its data. Running statements of its open sessions are interrupted and the
    /// sessions fail with <see cref="TenantDbErrorKind.UnknownTenant"/> from then on.
    /// </summary>
    public void DropTenant(string name)
    {
        TenantName.Validate(name);
        ThrowIfDisposed();
        lock (_ddlLock)
        {
            if (!_tenants.TryRemove(name, out TenantStore? store))
            {
                throw UnknownTenant(name);
            }

            _registry.DeleteTenant(name);
            _procedureLogBudget?.Forget(name);
            RemoveFromLru(store);
            store.Drop();
            string directory = _locator.TenantDirectory(name);
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    /// <summary>
    /// Sets the tenant's size quota. Sessions already open follow it from their next statement; a quota
    /// below the database's current size stops it from growing (SQLite never shrinks a database to fit).
    /// A server running on the same data directory picks up a quota changed by another process at the
    /// tenant's next login.
    /// </summary>
    /// <exception cref="TenantDbException">UnknownTenant.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The quota is below 64 KiB.</exception>
    public void SetQuota(string tenant, long bytes)
    {
        if (bytes < TenantQuota.MinimumBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(bytes), $"a tenant quota must be at least {TenantQuota.MinimumBytes / 1024} KiB, not {bytes} bytes");
        }

        lock (_ddlLock)
        {
            TenantStore store = GetStore(tenant);
            _registry.UpdateQuota(tenant, bytes);
            store.Quota.Bytes = bytes;
        }
    }

    /// <summary>The tenant's size quota in bytes.</summary>
    /// <exception cref="TenantDbException">UnknownTenant.</exception>
    public long GetQuota(string tenant) => GetStore(tenant).Quota.Bytes;

    /// <summary>Stores a SCRAM-SHA-256 verifier for <paramref name="user"/> of <paramref name="tenant"/> (never the password).</summary>
    public void SetPassword(string tenant, string user, string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(user);
        ArgumentNullException.ThrowIfNull(password);
        GetStore(tenant);
        _registry.UpsertVerifier(tenant, user, ScramVerifier.Create(password, _options.ScramIterations));
    }

    /// <summary>The stored verifier of <paramref name="user"/> in <paramref name="tenant"/>, or null.</summary>
    public ScramVerifier? FindScramVerifier(string tenant, string user)
    {
        if (!TenantExists(tenant))
        {
            return null;
        }

        ScramVerifier? verifier = _registry.FindVerifier(tenant, user, out long quotaBytes);
        if (verifier is not null && _tenants.TryGetValue(tenant, out TenantStore? store))
        {
            store.Quota.Bytes = quotaBytes;
        }

        return verifier;
    }

    /// <summary>
    /// SECURITY: the salt to show in a SCRAM exchange for a user that does not exist, so that it
    /// looks like a real one: 16 bytes (as real salts), stable for the same name (as a real user's is),
    /// and unpredictable without the server's secret, which is random, kept in the registry and so the
    /// same across restarts and for every process over this data directory.
    /// </summary>
    public byte[] UnknownUserScramSalt(string tenant, string user)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(user);
        byte[] secret = LazyInitializer.EnsureInitialized(ref _unknownUserSaltSecret, () => _registry.GetOrCreateSecret("scram-unknown-user-salt"));
        byte[] mac = HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(tenant + "\0" + user));
        return mac.AsSpan(0, 16).ToArray();
    }

    /// <summary>Opens a session (one hardened connection) on a tenant. Not thread-safe itself; dispose it.</summary>
    public TenantSession OpenSession(string tenant) => OpenSession(tenant, sequenceValues: null);

    /// <summary>
    /// Opens a session that goes on with <paramref name="sequenceValues"/> (what <c>currval</c> and
    /// <c>lastval</c> return, from <see cref="TenantSession.SequenceValues"/> of an earlier session of
    /// the same client): a server that gives its clients' connections back between transactions keeps
    /// each client's values this way. Null starts with none.
    /// </summary>
    public TenantSession OpenSession(string tenant, Ddl.SessionSequenceValues? sequenceValues)
    {
        TenantStore store = GetStore(tenant);
        HardenedSqliteConnection connection = store.Rent(_options);
        if (!connection.UsageViewInstalled)
        {
            try
            {
                Usage.UsageView.Install(connection, this, tenant);
            }
            catch
            {
                connection.CloseByOwner();
                throw;
            }

            connection.UsageViewInstalled = true;
        }

        // currval and lastval are per session: a pooled connection starts each session with that session's own.
        (connection.Sequences ??= Ddl.SequenceFunctions.Install(connection)).StartSession(sequenceValues ?? new Ddl.SessionSequenceValues());

        return new TenantSession(this, store, connection, _options);
    }

    /// <summary>Closes every idle connection and the tenant registry. Sessions still open keep working until disposed.</summary>
    public void Dispose()
    {
        lock (_ddlLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            Usage.EngineGauges.Remove(this);
            StopUsageAccounting();
            foreach (TenantStore store in _tenants.Values)
            {
                store.Shutdown();
            }

            _registry.Dispose();
            DeletePrivateDirectoryWhenUnused();
        }
    }

    // Sessions still open when the engine is disposed keep working until they are disposed: the private
    // directory goes when the last of them has given its connection back.
    private void DeletePrivateDirectoryWhenUnused()
    {
        if (_privateDirectory is null)
        {
            return;
        }

        foreach (TenantStore store in _tenants.Values)
        {
            if (store.HasOpenConnections)
            {
                return;
            }
        }

        _privateDirectory.Dispose();
    }

    /// <summary>
    /// Adds bytes a network front end received from and sent to a client of <paramref name="tenant"/> to
    /// the tenant's usage, also while the client holds no session (see <see cref="TenantSession.RecordNetworkBytes"/>).
    /// </summary>
    public void RecordNetworkBytes(string tenant, long received, long sent)
    {
        if (!_tenants.TryGetValue(tenant, out TenantStore? store))
        {
            return;
        }

        store.Usage.Add(Usage.UsageFigure.BytesIn, Math.Max(0, received));
        store.Usage.Add(Usage.UsageFigure.BytesOut, Math.Max(0, sent));
    }

    /// <summary>The names of <paramref name="tenant"/>'s users.</summary>
    internal IReadOnlyList<string> TenantUserNames(string tenant) => _registry.UserNames(tenant);

    /// <summary>Called by a session when it is disposed: pool the connection and update the LRU.</summary>
    internal void ReturnConnection(TenantStore store, HardenedSqliteConnection connection, bool reusable)
    {
        if (!reusable || _disposed)
        {
            connection.CloseByOwner();
            if (_disposed)
            {
                lock (_ddlLock)
                {
                    DeletePrivateDirectoryWhenUnused();
                }
            }

            return;
        }

        if (store.Return(connection, _options.MaxIdleConnectionsPerTenant))
        {
            TouchLru(store);
        }
    }

    internal TenantStore GetStore(string tenant)
    {
        TenantName.Validate(tenant);
        ThrowIfDisposed();
        return _tenants.TryGetValue(tenant, out TenantStore? store) ? store : throw UnknownTenant(tenant);
    }

    private static TenantDbException UnknownTenant(string name) =>
        new(TenantDbErrorKind.UnknownTenant, $"tenant \"{name}\" does not exist");

    private void TouchLru(TenantStore store)
    {
        TenantStore? evicted = null;
        lock (_lruLock)
        {
            if (store.LruNode is { } node)
            {
                _lru.Remove(node);
                _lru.AddFirst(node);
            }
            else
            {
                store.LruNode = _lru.AddFirst(store);
            }

            if (_lru.Count > _options.MaxOpenTenants)
            {
                evicted = _lru.Last!.Value;
                _lru.RemoveLast();
                evicted.LruNode = null;
            }
        }

        evicted?.CloseIdle();
    }

    private void RemoveFromLru(TenantStore store)
    {
        lock (_lruLock)
        {
            if (store.LruNode is { } node)
            {
                _lru.Remove(node);
                store.LruNode = null;
            }
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
