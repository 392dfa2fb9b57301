using System.Data.Common;
using System.Text;
using SQLitePCL;
using TenantDb.Engine.Errors;
using TenantDb.Engine.Hardening;
using TenantDb.Engine.Tenants;
using TenantDb.Engine.Values;

namespace TenantDb.Engine;

/// <summary>
/// One connection to one tenant. Prepare statements on it, run explicit transactions, or use
/// <see cref="Connection"/> with Dapper; all of them share the same hardened connection. A session is
/// used by one thread at a time, except <see cref="Interrupt"/>, which any thread may call.
/// </summary>
public sealed partial class TenantSession : IDisposable
{
    private readonly TenantDbEngine _engine;
    private readonly TenantStore _store;
    private readonly HardenedSqliteConnection _connection;
    private readonly sqlite3 _db;
    private readonly ConnectionGuard _guard;
    private readonly List<TenantStatement> _statements = [];
    private TenantStatement? _begin;
    private TenantStatement? _beginWrite;
    private TenantStatement? _commit;
    private TenantStatement? _rollback;
    private readonly Ddl.SessionSequenceValues _sequenceValues;
    // Orders Interrupt against Dispose: once the connection is back in the pool (and maybe serving
    // another session), an interrupt meant for this session must not reach it.
    private readonly Lock _interruptLock = new();
    private bool _closing;
    private bool _disposed;

    internal TenantSession(TenantDbEngine engine, TenantStore store, HardenedSqliteConnection connection, EngineOptions options)
    {
        _engine = engine;
        _store = store;
        _connection = connection;
        _db = connection.Handle!;
        _guard = connection.Guard!;
        _sequenceValues = connection.Sequences?.Values ?? new Ddl.SessionSequenceValues();
        Options = options;
        try
        {
            store.Register(this);
        }
        catch
        {
            engine.ReturnConnection(store, connection, reusable: false);
            throw;
        }
    }

    /// <summary>The tenant this session belongs to.</summary>
    public string Tenant => _store.Name;

    /// <summary>
    /// The session's hardened ADO.NET connection (for Dapper's Query/Execute). It is the same connection
    /// the session's statements use, so transactions are shared. Do not close or dispose it; dispose the
    /// session instead.
    /// </summary>
    public DbConnection Connection => _connection;

    /// <summary>True while an explicit transaction is open (by <see cref="Begin"/> or by SQL).</summary>
    public bool InTransaction => raw.sqlite3_get_autocommit(_db) == 0;

    /// <summary>
    /// What <c>currval</c> and <c>lastval</c> return in this session; pass it to
    /// <see cref="TenantDbEngine.OpenSession(string, Ddl.SessionSequenceValues?)"/> to go on with it in a later session.
    /// </summary>
    public Ddl.SessionSequenceValues SequenceValues => _sequenceValues;

    /// <summary>
    /// True when nothing of this session lives on its SQLite connection between statements, so a server
    /// may dispose it and open a new session for the same client's next transaction without the client
    /// noticing: no transaction is open, the write lock is neither held nor reserved, no statement is
    /// mid-execution, no procedure runs, and the tenant's SQL has not changed connection state (a
    /// PRAGMA setting, a TEMP object, a write to the PostgreSQL catalog's TEMP tables). Once false
    /// because of connection state, it stays false for the session's life.
    /// </summary>
    public bool CanLendConnection
    {
        get
        {
            if (_disposed || InTransaction || HoldsWriteLock || _writeLockReserved || _guard.SessionStateChanged
                || Volatile.Read(ref _runningProcedure) is not null || _store.Dropped)
            {
                return false;
            }

            foreach (TenantStatement statement in _statements)
            {
                if (statement.IsExecuting)
                {
                    return false;
                }
            }

            return true;
        }
    }

    internal EngineOptions Options { get; }

    internal sqlite3 Db => _db;

    internal ConnectionGuard Guard => _guard;

    /// <summary>
    /// Starts a transaction (BEGIN DEFERRED). It takes no lock: its reads see one snapshot, taken at its
    /// first read, and its first write takes the tenant's write lock, waiting in the tenant's queue of
    /// writers up to <see cref="EngineOptions.BusyTimeout"/>. If another transaction committed a write
    /// after this one's snapshot was taken, that first write fails with
    /// <see cref="TenantDbErrorKind.SerializationFailure"/> (SQLSTATE 40001): roll back and run the
    /// transaction again. Use <see cref="BeginWrite"/> to take the lock at once instead.
    /// </summary>
    public void Begin()
    {
        if (InTransaction)
        {
            throw new TenantDbException(TenantDbErrorKind.Misuse, "there is already a transaction in progress");
        }

        RefreshRememberedTypes();
        _begin ??= PrepareUncounted("BEGIN");
        _begin.ExecuteNonQuery();
    }

    /// <summary>
    /// Starts a transaction that holds the tenant's write lock from the start (BEGIN IMMEDIATE), waiting
    /// in the tenant's queue of writers up to <see cref="EngineOptions.BusyTimeout"/>: its snapshot cannot
    /// become stale, so a read-modify-write in it never fails with 40001, at the price of excluding other
    /// writers for its whole duration.
    /// </summary>
    public void BeginWrite()
    {
        if (InTransaction)
        {
            throw new TenantDbException(TenantDbErrorKind.Misuse, "there is already a transaction in progress");
        }

        RefreshRememberedTypes();
        ReserveWriteLock();
        try
        {
            _beginWrite ??= PrepareUncounted("BEGIN IMMEDIATE");
            _beginWrite.ExecuteNonQuery();
        }
        finally
        {
            ReleaseWriteLockIfNotWriting();
        }
    }

    /// <summary>Commits the open transaction and gives the tenant's write lock back.</summary>
    public void Commit()
    {
        if (!InTransaction)
        {
            throw new TenantDbException(TenantDbErrorKind.Misuse, "there is no transaction in progress");
        }

        _commit ??= PrepareUncounted("COMMIT");
        try
        {
            _commit.ExecuteNonQuery();
        }
        finally
        {
            ReleaseWriteLockIfNotWriting();
        }
    }

    /// <summary>Rolls the open transaction back (does nothing when none is open) and gives the tenant's write lock back.</summary>
    public void Rollback()
    {
        try
        {
            if (!InTransaction)
            {
                return;
            }

            _rollback ??= PrepareUncounted("ROLLBACK");
            _rollback.ExecuteNonQuery();
        }
        finally
        {
            ReleaseWriteLockIfNotWriting();
        }
    }

    /// <summary>Cancels the statement running on this session (from any thread); it fails with <see cref="TenantDbErrorKind.Canceled"/>.</summary>
    public void Interrupt()
    {
        lock (_interruptLock)
        {
            // The connection may serve another session by now: a late cancel must not reach it.
            if (_closing)
            {
                return;
            }

            _guard.Interrupt();
            CancelCompilation();
            if (Volatile.Read(ref _runningProcedure) is { } procedure)
            {
                _procedureCanceled = true;
                // Through the rental: once the call ended the instance may run another session's call.
                procedure.RequestStop(Volatile.Read(ref _runningLease));
            }
        }
    }

    /// <summary>Rolls back an open transaction, finalizes statements and returns the connection to the tenant's pool.</summary>
    public void Dispose()
    {
        lock (_interruptLock)
        {
            if (_closing)
            {
                return;
            }

            _closing = true;
        }

        bool reusable = !_store.Dropped && !_guard.SessionStateChanged;
        try
        {
            foreach (TenantStatement statement in _statements.ToArray())
            {
                statement.Dispose();
            }

            _statements.Clear();
            if (raw.sqlite3_get_autocommit(_db) == 0)
            {
                reusable &= raw.sqlite3_exec(_db, "ROLLBACK") == SqliteResultCodes.Ok;
            }

            if (reusable)
            {
                reusable = ForgetCatalogSession();
            }

            _sqlText.Release();
        }
        finally
        {
            // Whatever happened above, the next writer must not wait for a session that is gone.
            ReleaseWriteLockOnDispose();
            _disposed = true;
        }

        _store.Unregister(this);
        _engine.ReturnConnection(_store, _connection, reusable);
    }

    internal void Forget(TenantStatement statement) => _statements.Remove(statement);

    // A connection that cannot forget this session's catalog rows is closed rather than lent on.
    private bool ForgetCatalogSession()
    {
        if (_connection.PgCatalog is null)
        {
            return true;
        }

        try
        {
            WithTempWritesOnly(() => PgCatalog.PgSessionCatalog.ForgetSession(this, _connection));
            return true;
        }
        catch (TenantDbException)
        {
            return false;
        }
    }

    // Transactions opened and closed through the API (also around every procedure call) are not
    // statements of the tenant's in its usage; BEGIN and COMMIT sent as SQL are.
    private TenantStatement PrepareUncounted(string sql)
    {
        TenantStatement statement = Prepare(sql);
        statement.CountsAsUsage = false;
        return statement;
    }

    internal void ThrowIfUnusable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_store.Dropped)
        {
            throw new TenantDbException(TenantDbErrorKind.UnknownTenant, $"tenant \"{_store.Name}\" does not exist");
        }
    }

    /// <summary>Runs engine-internal SQL that may touch reserved objects; never pass tenant SQL here.</summary>
    internal long ExecuteTrusted(string sql, params SqlValue[] parameters)
    {
        using (_guard.EnterTrusted())
        {
            using TenantStatement statement = Prepare(sql);
            for (int i = 0; i < parameters.Length; i++)
            {
                statement.Bind(i, parameters[i]);
            }

            return statement.ExecuteNonQuery();
        }
    }

    /// <summary>Runs an engine query (trusted: never pass tenant SQL) and returns its rows.</summary>
    internal List<SqlValue[]> QueryTrusted(string sql, params SqlValue[] parameters)
    {
        using (_guard.EnterTrusted())
        {
            using TenantStatement statement = Prepare(sql);
            for (int i = 0; i < parameters.Length; i++) statement.Bind(i, parameters[i]);
            using TenantReader reader = statement.ExecuteReader();
            var rows = new List<SqlValue[]>();
            while (reader.Read())
            {
                var row = new SqlValue[reader.FieldCount];
                for (int i = 0; i < row.Length; i++) row[i] = reader.GetValue(i);
                rows.Add(row);
            }

            return rows;
        }
    }
}
