using Microsoft.Extensions.Logging;
using TenantDb.Engine;
using TenantDb.Engine.Errors;

namespace TenantDb.Wire.Server;

/// <summary>
/// A connection's transaction state machine: idle, implicit transaction, BEGIN block, failed block;
/// the ReadyForQuery status byte is derived from it.
/// </summary>
/// <remarks>
/// PostgreSQL runs the statements of one multi-statement Query message, and everything an extended-
/// protocol client sends up to Sync, as one implicit transaction: all of it commits, or none of it
/// does. SQLite's autocommit would commit each statement on its own, so a batch that failed half-way
/// would leave its first half behind. The wire layer therefore opens a transaction at the first
/// statement that writes inside a batch (read-only statements keep running in autocommit, so readers
/// never take the tenant's write lock) and commits it when the batch ends; an error rolls it back.
/// Every end of a transaction closes the connection's portals (through the callback given).
/// </remarks>
internal sealed class TransactionState
{
    private readonly ITransactionControl _control;
    private readonly Action _closePortals;
    private readonly ILogger _log;
    private readonly Func<bool> _defaultReadOnly;
    // The phase a failed transaction returns to after ROLLBACK TO SAVEPOINT: a block, or idle with the
    // engine transaction a SAVEPOINT opened.
    private TransactionPhase _phaseBeforeFailure = TransactionPhase.Block;

    /// <summary>Creates the state of a connection that starts idle.</summary>
    /// <param name="control">The engine session's transaction.</param>
    /// <param name="closePortals">Closes every portal; called whenever a transaction ends.</param>
    /// <param name="log">Where a failed rollback on the error path is reported.</param>
    /// <param name="defaultReadOnly">The session's <c>default_transaction_read_only</c>; read at each transaction's start.</param>
    public TransactionState(ITransactionControl control, Action closePortals, ILogger log, Func<bool>? defaultReadOnly = null)
    {
        _control = control;
        _closePortals = closePortals;
        _log = log;
        _defaultReadOnly = defaultReadOnly ?? (static () => false);
    }

    /// <summary>True while statements run read-only: in a READ ONLY block, or outside a block with <c>default_transaction_read_only</c> on.</summary>
    public bool ReadOnly { get; private set; }

    /// <summary>The current phase.</summary>
    public TransactionPhase Phase { get; private set; }

    /// <summary>True while running statements that belong to one implicit transaction (a multi-statement Query, or extended messages before Sync).</summary>
    public bool InBatch { get; private set; }

    /// <summary>True after an error inside a transaction, until COMMIT or ROLLBACK.</summary>
    public bool IsFailed => Phase == TransactionPhase.Failed;

    /// <summary>True while a BEGIN block (failed or not) is open.</summary>
    public bool InBlock => Phase is TransactionPhase.Block or TransactionPhase.Failed;

    /// <summary>ReadyForQuery's status: 'I' idle, 'T' in a transaction, 'E' in a failed transaction.</summary>
    public byte ReadyStatus => Phase == TransactionPhase.Failed ? (byte)'E' : _control.InTransaction ? (byte)'T' : (byte)'I';

    /// <summary>Statements from now until <see cref="EndBatch"/> form one implicit transaction.</summary>
    public void StartBatch() => InBatch = true;

    /// <summary>Ends the batch and commits its implicit transaction, if one was opened.</summary>
    /// <exception cref="TenantDbException">The commit failed; the transaction has been rolled back.</exception>
    public void EndBatch()
    {
        InBatch = false;
        if (Phase != TransactionPhase.Implicit) return;
        Phase = TransactionPhase.Idle;
        RefreshDefaults();
        _closePortals();
        if (!_control.InTransaction) return;
        try
        {
            _control.Commit();
        }
        catch (TenantDbException)
        {
            RollbackAfterError();
            throw;
        }
    }

    /// <summary>Opens the implicit transaction before a statement that may write, unless a transaction is already open.</summary>
    public void BeforeStatement(bool statementWrites)
    {
        if (!InBatch || !statementWrites || Phase != TransactionPhase.Idle || _control.InTransaction) return;
        _control.Begin();
        Phase = TransactionPhase.Implicit;
    }

    /// <summary>
    /// BEGIN: opens a block. Inside an implicit transaction, that transaction becomes the client's
    /// block, as in PostgreSQL. False when a transaction was already in progress (a warning, not an error).
    /// </summary>
    public bool Begin(bool? readOnly = null)
    {
        switch (Phase)
        {
            case TransactionPhase.Implicit:
                Phase = TransactionPhase.Block;
                if (readOnly is { } mode) SetReadOnly(mode);
                return true;
            case TransactionPhase.Block or TransactionPhase.Failed:
                return false;
            default:
                if (_control.InTransaction)
                {
                    Phase = TransactionPhase.Block;
                    return false;
                }
                _control.Begin();
                Phase = TransactionPhase.Block;
                SetReadOnly(readOnly ?? _defaultReadOnly());
                return true;
        }
    }

    /// <summary>SET TRANSACTION READ ONLY / READ WRITE: changes the open block's mode. False outside a block (a warning, as in PostgreSQL).</summary>
    public bool SetTransactionReadOnly(bool readOnly)
    {
        if (!InBlock) return false;
        SetReadOnly(readOnly);
        return true;
    }

    /// <summary>After <c>default_transaction_read_only</c> changed: statements outside a block follow it at once.</summary>
    public void RefreshDefaults()
    {
        if (!InBlock) SetReadOnly(_defaultReadOnly());
    }

    private void SetReadOnly(bool readOnly)
    {
        if (ReadOnly == readOnly) return;
        ReadOnly = readOnly;
        _control.ReadOnly = readOnly;
    }

    /// <summary>
    /// COMMIT: ends the block, committing unless it failed (then it rolls back, as PostgreSQL does).
    /// Returns whether it committed, and in <paramref name="hadTransaction"/> whether there was anything to end.
    /// </summary>
    public bool Commit(out bool hadTransaction)
    {
        if (Phase == TransactionPhase.Failed)
        {
            hadTransaction = true;
            End(rollback: true);
            return false;
        }
        hadTransaction = _control.InTransaction;
        End(rollback: false);
        return true;
    }

    /// <summary>ROLLBACK: ends the block, rolling back. False when there was no transaction (a warning).</summary>
    public bool Rollback()
    {
        var hadTransaction = _control.InTransaction || Phase is TransactionPhase.Failed or TransactionPhase.Block;
        End(rollback: true);
        return hadTransaction;
    }

    /// <summary>
    /// After a statement failed: an implicit transaction is rolled back whole; inside a block (or an
    /// engine transaction a SAVEPOINT opened) the connection is failed until COMMIT or ROLLBACK.
    /// </summary>
    public void OnError()
    {
        if (Phase == TransactionPhase.Implicit)
        {
            Phase = TransactionPhase.Idle;
            _closePortals();
            RollbackAfterError();
        }
        else if (Phase == TransactionPhase.Block || _control.InTransaction)
        {
            if (Phase != TransactionPhase.Failed) _phaseBeforeFailure = Phase;
            Phase = TransactionPhase.Failed;
        }
    }

    /// <summary>
    /// Before <c>ROLLBACK TO SAVEPOINT</c> in a failed transaction: the transaction is usable again, as it
    /// was before the error (PostgreSQL's rule); should the rollback itself fail, <see cref="OnError"/>
    /// fails it again. Always true, so it can sit in the condition that lets the statement through.
    /// </summary>
    public bool ResumeForSavepointRollback()
    {
        if (Phase == TransactionPhase.Failed) Phase = _phaseBeforeFailure;
        return true;
    }

    /// <summary>True when Sync may close every portal: no transaction outlives it.</summary>
    public bool PortalsEndAtSync => !InBlock && !_control.InTransaction;

    // Ends a block or failed block; portals opened inside it die with it.
    private void End(bool rollback)
    {
        _closePortals();
        var wasFailed = Phase == TransactionPhase.Failed;
        Phase = TransactionPhase.Idle;
        RefreshDefaults();
        if (!_control.InTransaction) return;
        if (rollback || wasFailed) _control.Rollback();
        else _control.Commit();
    }

    // Runs on the error path, so it must not throw itself. The rollback can fail when the session has
    // become unusable (its tenant was dropped meanwhile); a transaction still open then leaves the
    // connection in the failed state, where only ROLLBACK is accepted, instead of silently idle.
    private void RollbackAfterError()
    {
        try
        {
            _control.Rollback();
        }
        catch (TenantDbException ex)
        {
            _log.LogWarning("rollback of the implicit transaction failed: {Message}", ex.Message);
            if (_control.InTransaction) Phase = TransactionPhase.Failed;
        }
    }
}
