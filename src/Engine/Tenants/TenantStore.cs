using Microsoft.Data.Sqlite;
using TenantDb.Engine.Sql;
using TenantDb.Engine.Errors;
using TenantDb.Engine.Hardening;

namespace TenantDb.Engine.Tenants;

/// <summary>
/// One tenant's database as the engine sees it: where it lives, its quota, the idle hardened connections
/// kept for reuse.
/// </summary>
internal sealed class TenantStore
{
    private readonly Stack<HardenedSqliteConnection> _idle = new();
    private readonly HashSet<TenantSession> _active = [];
    private readonly Lock _lock = new();
    private volatile bool _dropped;
    private bool _offline;

    public TenantStore(string name, string connectionString, long quotaBytes, int maxWriteLockWaiters)
    {
        Name = name;
        WriteLock = new TenantWriteLock(name, maxWriteLockWaiters);
        ConnectionString = connectionString;
        // The data source is the database file's path.
        Quota = new TenantQuota(quotaBytes, new SqliteConnectionStringBuilder(connectionString).DataSource);
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public TenantQuota Quota { get; }

    /// <summary>The queue writers of this tenant wait in; one session writes at a time.</summary>
    public TenantWriteLock WriteLock { get; }

    /// <summary>Usage counted since it was last written to the catalog.</summary>
    public Usage.UsageCounters Usage { get; } = new();

    public bool Dropped => _dropped;

    /// <summary>Node in the engine's LRU list of stores holding idle connections.</summary>
    public LinkedListNode<TenantStore>? LruNode { get; set; }

    public int IdleCount
    {
        get
        {
            lock (_lock)
            {
                return _idle.Count;
            }
        }
    }

    /// <summary>True while a connection to the tenant's database is open, idle in the pool or in use by a session.</summary>
    public bool HasOpenConnections
    {
        get
        {
            lock (_lock)
            {
                return _idle.Count > 0 || _active.Count > 0;
            }
        }
    }

    /// <summary>Takes an idle connection or opens and hardens a new one.</summary>
    public HardenedSqliteConnection Rent(EngineOptions options)
    {
        lock (_lock)
        {
            if (_idle.Count > 0)
            {
                return _idle.Pop();
            }
        }

        var connection = new HardenedSqliteConnection(ConnectionString);
        try
        {
            connection.Open();
            connection.DefaultTimeout = (int)Math.Max(1, options.BusyTimeout.TotalSeconds);
            // Before the guard: its PRAGMA is the engine's setting, not a session change that would keep
            // the connection from being pooled (a tenant that changes it later does make it unpoolable).
            PgLikeFunctions.Register(connection);
            connection.Guard = ConnectionHardening.Apply(connection.Handle!, options, Quota);
            PgDateTimeFunctions.Register(connection);
            PgDateTimeCasts.Register(connection);
            PgJsonContainment.Register(connection);
            PgStringFunctions.Register(connection, options.MaxValueLength);
            PgJsonBuilders.Register(connection, options.MaxValueLength);
            PgRegexFunctions.Register(connection, options.MaxValueLength);
            PgByteaFunctions.Register(connection, options.MaxValueLength);
            PgComparisonFunctions.Register(connection);
            PgNumericFunctions.Register(connection);
            PgNumericCollation.Register(connection);
            return connection;
        }
        catch (SqliteException ex)
        {
            // E.g. the tenant was dropped between the lookup and the open, or its file vanished.
            connection.CloseByOwner();
            if (_dropped)
            {
                throw new TenantDbException(TenantDbErrorKind.UnknownTenant, $"tenant \"{Name}\" does not exist");
            }

            throw new TenantDbException(
                TenantDbErrorKind.Sql, $"cannot open tenant \"{Name}\": {ex.Message}", ex.SqliteErrorCode, ex.SqliteExtendedErrorCode, null);
        }
        catch
        {
            connection.CloseByOwner();
            throw;
        }
    }

    /// <summary>Keeps <paramref name="connection"/> for reuse; false when it was closed instead.</summary>
    public bool Return(HardenedSqliteConnection connection, int maxIdle)
    {
        lock (_lock)
        {
            if (!_dropped && _idle.Count < maxIdle)
            {
                _idle.Push(connection);
                return true;
            }
        }

        connection.CloseByOwner();
        return false;
    }

    public void Register(TenantSession session)
    {
        lock (_lock)
        {
            if (_dropped)
            {
                throw new TenantDbException(TenantDbErrorKind.UnknownTenant, $"tenant \"{Name}\" does not exist");
            }

            if (_offline)
            {
                throw new TenantDbException(TenantDbErrorKind.TenantInUse, $"tenant \"{Name}\" is being restored or forked; try again when that has finished");
            }

            _active.Add(session);
        }
    }

    public void Unregister(TenantSession session)
    {
        lock (_lock)
        {
            _active.Remove(session);
        }
    }

    /// <summary>
    /// Takes the tenant offline for an operation that replaces its whole content (restore): new sessions
    /// are refused until <see cref="BringOnline"/>. False when a session is open or it is offline already.
    /// </summary>
    public bool TryTakeOffline()
    {
        lock (_lock)
        {
            if (_offline || _active.Count > 0)
            {
                return false;
            }

            _offline = true;
        }

        CloseIdle();
        return true;
    }

    /// <summary>Ends <see cref="TryTakeOffline"/>.</summary>
    public void BringOnline()
    {
        lock (_lock)
        {
            _offline = false;
        }
    }

    /// <summary>Closes idle connections (LRU eviction or shutdown); sessions in use are unaffected.</summary>
    public void CloseIdle()
    {
        HardenedSqliteConnection[] idle;
        lock (_lock)
        {
            idle = [.. _idle];
            _idle.Clear();
        }

        foreach (HardenedSqliteConnection connection in idle)
        {
            connection.CloseByOwner();
        }
    }

    /// <summary>Marks the store dropped, interrupts running statements and closes what it can.</summary>
    public void Drop()
    {
        TenantSession[] active;
        lock (_lock)
        {
            _dropped = true;
            active = [.. _active];
        }

        foreach (TenantSession session in active)
        {
            session.Interrupt();
        }

        CloseIdle();
    }

    /// <summary>Engine shutdown: closes idle connections.</summary>
    public void Shutdown() => CloseIdle();
}
