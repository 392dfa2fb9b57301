using SQLitePCL;
using TenantDb.Engine.Errors;
using TenantDb.Engine.Sql;

namespace TenantDb.Engine;

/// <summary>
/// The tenant's write lock as one session sees it: a statement that writes takes it before it starts
/// (unless the session holds it already), and the session gives it back as soon as it has no write
/// transaction open any more: at the end of an autocommit statement, at COMMIT or ROLLBACK, after an
/// error that ended the transaction, and when the session is disposed.
/// </summary>
public sealed partial class TenantSession
{
    // Taken ahead of the statement that needs it (WaitForWriteLockAsync, BeginWrite, a procedure call):
    // statements that end before that one starts (BEGIN, reads) must not give it back.
    private bool _writeLockReserved;

    // The PostgreSQL catalog's refresh writes TEMP tables only, which need no tenant lock.
    private bool _tempWritesOnly;

    /// <summary>True while this session holds its tenant's write lock.</summary>
    public bool HoldsWriteLock => _store.WriteLock.IsHeldBy(this);

    /// <summary>
    /// While true, statements that write fail with <see cref="TenantDbErrorKind.ReadOnly"/> (SQLSTATE
    /// 25006): a READ ONLY transaction. Engine-internal statements are not affected. The caller sets it
    /// and clears it; it does not end with the transaction by itself.
    /// </summary>
    public bool ReadOnly { get; set; }

    /// <summary>Takes the tenant's write lock if it is free and nobody waits for it; true when this session holds it then.</summary>
    public bool TryTakeWriteLock()
    {
        ThrowIfUnusable();
        if (!_store.WriteLock.TryAcquire(this))
        {
            return false;
        }

        _writeLockReserved = true;
        return true;
    }

    /// <summary>
    /// Waits, without blocking a thread, in the tenant's first-in-first-out queue of writers until this
    /// session holds the write lock; the next statement that writes then runs at once. Fails with
    /// <see cref="TenantDbErrorKind.Busy"/> after <see cref="EngineOptions.BusyTimeout"/>, with
    /// <see cref="TenantDbErrorKind.WriteQueueFull"/> when <see cref="EngineOptions.MaxWriteLockWaiters"/>
    /// sessions wait already, and with <see cref="TenantDbErrorKind.Canceled"/> when
    /// <paramref name="cancellation"/> fires. A lock taken and not used is given back by
    /// <see cref="ReleaseWriteLockIfNotWriting"/> (or Commit, Rollback, Dispose).
    /// </summary>
    public async Task WaitForWriteLockAsync(CancellationToken cancellation)
    {
        ThrowIfUnusable();
        await _store.WriteLock.WaitAsync(this, Options.BusyTimeout, cancellation).ConfigureAwait(false);
        _writeLockReserved = true;
    }

    /// <summary>Gives the tenant's write lock back unless a write transaction of this session is still open.</summary>
    public void ReleaseWriteLockIfNotWriting()
    {
        if (!HoldsWriteLock || IsWriting())
        {
            return;
        }

        _writeLockReserved = false;
        _store.WriteLock.Release(this);
    }

    /// <summary>Called before a statement that writes starts: refuses it in a read-only transaction, else takes the lock (blocking).</summary>
    internal void BeforeWrite()
    {
        if (ReadOnly && !_guard.Trusted)
        {
            throw new TenantDbException(TenantDbErrorKind.ReadOnly, "cannot execute a statement that writes in a read-only transaction");
        }

        if (_tempWritesOnly)
        {
            return;
        }

        if (!HoldsWriteLock)
        {
            _store.WriteLock.Acquire(this, Options.BusyTimeout);
        }

        _writeLockReserved = false;
    }

    /// <summary>Called when a statement's execution ends (done, failed or abandoned).</summary>
    internal void AfterStatement()
    {
        if (!_writeLockReserved)
        {
            ReleaseWriteLockIfNotWriting();
        }

        // After the lock is given back, so the tenant's next writer does not wait for the checkpoint.
        _guard.CheckpointIfDue();
    }

    /// <summary>Takes the lock now (blocking up to the timeout) and keeps it for the statements that follow.</summary>
    private void ReserveWriteLock()
    {
        _store.WriteLock.Acquire(this, Options.BusyTimeout);
        _writeLockReserved = true;
    }

    private void ReleaseWriteLockOnDispose()
    {
        _writeLockReserved = false;
        _store.WriteLock.Release(this);
    }

    private unsafe bool IsWriting() => SqliteNative.TxnState(_db.DangerousGetHandle(), null) == SqliteResultCodes.TxnWrite;

    /// <summary>Runs <paramref name="action"/>, whose writes touch TEMP objects only, without the tenant's write lock.</summary>
    internal void WithTempWritesOnly(Action action)
    {
        bool outer = _tempWritesOnly;
        _tempWritesOnly = true;
        try
        {
            action();
        }
        finally
        {
            _tempWritesOnly = outer;
        }
    }
}
