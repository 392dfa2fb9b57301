// SAFETY-CRITICAL: this state decides whether tenant SQL may touch reserved objects and when a running
// statement is stopped. Keep it small and obvious.
using System.Diagnostics;
using System.Runtime.InteropServices;
using SQLitePCL;
using TenantDb.Engine.Errors;
using TenantDb.Engine.Sql;
using TenantDb.Engine.Tenants;

namespace TenantDb.Engine.Hardening;

/// <summary>
/// Per-connection guard state shared by the authorizer and the progress handler: whether the engine is
/// running its own trusted statements, the running statement's deadline and why it was interrupted.
/// </summary>
internal sealed class ConnectionGuard
{
    private static readonly delegate_progress s_onProgress = OnProgress;

    private readonly long _timeoutTicks;
    private readonly int _busyTimeoutMs;
    private readonly sqlite3 _db;
    private readonly Lock _interruptLock = new();
    private long _deadline = long.MaxValue;
    private volatile bool _cancelRequested;
    private volatile bool _timedOut;
    private bool _closed;
    private GCHandle _quotaHooks;
    private bool _commitRefusedForQuota;

    // Set by the WAL hook when the WAL has grown past WalQuota.CheckpointFrames; cleared by CheckpointIfDue.
    private bool _checkpointDue;

    // The procedure call in progress, if any: its SQL shares the call's deadline and its cancel.
    private volatile bool _inCall;
    private long _callDeadline = long.MaxValue;
    private volatile bool _callCanceled;
    private volatile bool _callTimedOut;

    public ConnectionGuard(sqlite3 db, TimeSpan statementTimeout, TimeSpan busyTimeout)
    {
        _db = db;
        _busyTimeoutMs = (int)Math.Clamp(busyTimeout.TotalMilliseconds, 0, int.MaxValue);
        _timeoutTicks = statementTimeout <= TimeSpan.Zero || statementTimeout == Timeout.InfiniteTimeSpan
            ? long.MaxValue
            : (long)(statementTimeout.TotalSeconds * Stopwatch.Frequency);
    }

    /// <summary>True while the engine runs its own statements; lets the authorizer allow reserved names. Set only through <see cref="EnterTrusted"/>.</summary>
    public bool Trusted { get; private set; }

    /// <summary>The names this connection's authorizer has decoded (see <see cref="Hardening.AuthorizerNames"/>).</summary>
    public AuthorizerNames AuthorizerNames { get; } = new();

    /// <summary>
    /// Marks the engine's own statements until the scope is disposed, which restores the value before
    /// it: a trusted step nested in another leaves the outer one trusted, and nothing stays trusted after
    /// the outermost one ends. Never run tenant SQL inside the scope.
    /// </summary>
    public TrustedScope EnterTrusted()
    {
        var scope = new TrustedScope(this, Trusted);
        Trusted = true;
        return scope;
    }

    /// <summary>Ends a <see cref="TrustedScope"/>: back to the trust before it.</summary>
    internal void RestoreTrust(bool previous) => Trusted = previous;

    /// <summary>
    /// True while a stored procedure's statement is prepared: transaction control is denied then,
    /// because a procedure call is exactly one transaction that the engine opens and closes.
    /// </summary>
    public bool ProcedureMode { get; set; }

    /// <summary>
    /// Set when tenant SQL changed connection-level state (a pragma setting, a TEMP object), so the
    /// connection is not handed to the next session.
    /// </summary>
    public bool SessionStateChanged { get; set; }

    /// <summary>
    /// Set while preparing a statement that calls a function writing the tenant's database (nextval,
    /// setval): that statement writes even when SQLite calls it read-only (a SELECT).
    /// </summary>
    public bool PreparedCallsWritingFunction { get; set; }

    /// <summary>The tenant's quota; the connection follows its changes at the start of each statement.</summary>
    public TenantQuota? Quota { get; set; }

    private long _appliedQuotaBytes = -1;

    /// <summary>
    /// The SQL text most recently handed to SQLite for preparing on this connection. The authorizer
    /// reads it for what SQLite does not tell it (the new name in ALTER TABLE ... RENAME TO).
    /// </summary>
    public string? PreparingText { get; set; }

    /// <summary>True when the last commit was refused because the tenant's files are over its quota.</summary>
    public bool CommitRefusedForQuota => _commitRefusedForQuota;

    /// <summary>Why the last commit was refused for the quota, with the sizes measured.</summary>
    public string? QuotaRefusal { get; private set; }

    /// <summary>Explanation of the authorizer's most recent denial.</summary>
    public string? LastDenial { get; set; }

    /// <summary>
    /// Why the last SQLITE_INTERRUPT happened: the statement timeout, an explicit cancel, or (inside a
    /// procedure call) the call's own time limit.
    /// </summary>
    public TenantDbErrorKind InterruptKind =>
        _callTimedOut ? TenantDbErrorKind.ProcedureLimit : _timedOut ? TenantDbErrorKind.Timeout : TenantDbErrorKind.Canceled;

    /// <summary>True when the running procedure call was canceled (its SQL may not run any more).</summary>
    public bool CallCanceled => _callCanceled;

    /// <summary>True when the running procedure call is past its time limit (its SQL may not run any more).</summary>
    public bool CallTimedOut => _callTimedOut || (_inCall && Stopwatch.GetTimestamp() > Volatile.Read(ref _callDeadline));

    /// <summary>Installs the progress handler (checked every <paramref name="opsPerCheck"/> VM steps).</summary>
    public void InstallProgressHandler(int opsPerCheck) => raw.sqlite3_progress_handler(_db, opsPerCheck, s_onProgress, this);

    /// <summary>Starts the deadline clock for a new statement and forgets earlier interrupts.</summary>
    public void StartStatement()
    {
        ApplyQuotaIfChanged();
        _commitRefusedForQuota = false;
        if (Quota is { Over: true } quota)
        {
            // The tenant's files were over its quota at the last measurement: try to give WAL space
            // back before anything else runs, so a writer is refused only while the space is really held.
            WalQuota.Reclaim(_db, quota, _busyTimeoutMs);
        }

        _timedOut = false;
        long now = Stopwatch.GetTimestamp();
        long deadline = _timeoutTicks == long.MaxValue ? long.MaxValue : now + _timeoutTicks;
        if (_inCall)
        {
            // A cancel that reached the call between two of its statements stays in force: each
            // statement of a procedure is part of one call, which is canceled as a whole.
            _cancelRequested = _callCanceled;
            deadline = Math.Min(deadline, Volatile.Read(ref _callDeadline));
        }
        else
        {
            _cancelRequested = false;
        }

        _deadline = deadline;
    }

    /// <summary>
    /// Starts the running statement's deadline afresh, without the rest of <see cref="StartStatement"/>:
    /// a statement whose rows are read in parts (a cursor's FETCH, a suspended portal's next Execute)
    /// gets the statement timeout for each part, as PostgreSQL times each FETCH and Execute.
    /// </summary>
    public void RestartDeadline()
    {
        if (_inCall)
        {
            return;
        }

        _timedOut = false;
        _cancelRequested = false;
        _deadline = _timeoutTicks == long.MaxValue ? long.MaxValue : Stopwatch.GetTimestamp() + _timeoutTicks;
    }

    /// <summary>True between <see cref="BeginCall"/> and <see cref="EndCall"/>.</summary>
    public bool InCall => _inCall;

    /// <summary>
    /// Starts a procedure call: until <see cref="EndCall"/>, every statement stops at the earlier of its
    /// own timeout and the call's deadline, and a cancel stops the running statement and every later one.
    /// </summary>
    public void BeginCall(TimeSpan timeLimit)
    {
        _callCanceled = false;
        _callTimedOut = false;
        long ticks = timeLimit <= TimeSpan.Zero || timeLimit == Timeout.InfiniteTimeSpan || timeLimit.TotalSeconds * Stopwatch.Frequency >= long.MaxValue / 2
            ? long.MaxValue
            : Stopwatch.GetTimestamp() + (long)(timeLimit.TotalSeconds * Stopwatch.Frequency);
        Volatile.Write(ref _callDeadline, ticks);
        _inCall = true;
    }

    /// <summary>Ends the procedure call; the engine's own commit or rollback that follows is not interrupted by it.</summary>
    public void EndCall()
    {
        _inCall = false;
        Volatile.Write(ref _callDeadline, long.MaxValue);
        _callCanceled = false;
        _callTimedOut = false;
        _cancelRequested = false;
        _timedOut = false;
    }

    /// <summary>Sets the connection's max_page_count when the tenant's quota differs from what was last applied.</summary>
    public void ApplyQuotaIfChanged()
    {
        if (Quota is null)
        {
            return;
        }

        long bytes = Quota.Bytes;
        if (bytes == _appliedQuotaBytes)
        {
            return;
        }

        // Set first: running the pragmas starts statements, which must not come back here.
        _appliedQuotaBytes = bytes;
        string pages = TenantQuota.Pages(bytes).ToString(System.Globalization.CultureInfo.InvariantCulture);
        using TrustedScope trusted = EnterTrusted();
        try
        {
            ConnectionHardening.Exec(_db, this, "PRAGMA main.max_page_count = " + pages);
            ConnectionHardening.Exec(_db, this, "PRAGMA temp.max_page_count = " + pages);
            string idleWal = TenantQuota.IdleWalBytes(bytes).ToString(System.Globalization.CultureInfo.InvariantCulture);
            ConnectionHardening.Exec(_db, this, "PRAGMA main.journal_size_limit = " + idleWal);
        }
        catch
        {
            _appliedQuotaBytes = -1;
            throw;
        }
    }

    /// <summary>Asks SQLite to stop the running statement; safe from any thread.</summary>
    public void Interrupt()
    {
        lock (_interruptLock)
        {
            if (_closed)
            {
                return;
            }

            _cancelRequested = true;
            if (_inCall)
            {
                _callCanceled = true;
            }

            raw.sqlite3_interrupt(_db);
        }
    }

    /// <summary>Marks the connection closed so a late <see cref="Interrupt"/> or hook never touches a freed handle.</summary>
    public void MarkClosed()
    {
        lock (_interruptLock)
        {
            if (!_closed && _quotaHooks.IsAllocated)
            {
                WalQuota.Uninstall(_db, _quotaHooks);
            }

            _closed = true;
        }
    }

    /// <summary>Installs the hooks that count the write-ahead log against the quota (file-backed tenants only).</summary>
    public void InstallQuotaHooks()
    {
        if (Quota?.DatabaseFile is not null)
        {
            _quotaHooks = WalQuota.Install(_db, this);
        }
    }

    /// <summary>Called from the commit hook when it refuses a commit for the quota.</summary>
    public void RefuseCommitForQuota(long usedBytes)
    {
        _commitRefusedForQuota = true;
        QuotaRefusal = $"tenant size quota exceeded: the database file and its write-ahead log hold {usedBytes} bytes, "
            + $"the quota is {Quota?.Bytes} bytes (the log cannot be truncated while a reader holds an older snapshot)";
    }

    /// <summary>Called from the WAL hook after each commit on this connection.</summary>
    public void AfterWalCommit(TenantQuota quota, int frames)
    {
        if (WalQuota.AfterCommit(_db, quota, frames, _busyTimeoutMs))
        {
            _checkpointDue = true;
        }
    }

    /// <summary>
    /// Runs the checkpoint a commit asked for (see <see cref="WalQuota.AfterCommit"/>) once the connection
    /// has no transaction open; the session calls it after giving the tenant's write lock back, so other
    /// writers go on while it copies pages.
    /// </summary>
    public unsafe void CheckpointIfDue()
    {
        if (!_checkpointDue || Quota is not { } quota || _closed || SqliteNative.TxnState(_db.DangerousGetHandle(), null) != SqliteResultCodes.TxnNone)
        {
            return;
        }

        _checkpointDue = false;
        try
        {
            WalQuota.Checkpoint(_db, quota);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The database file could not be measured: measure it again after the next commit.
            quota.DatabaseBytes = -1;
        }
    }

    private static int OnProgress(object userData)
    {
        var guard = (ConnectionGuard)userData;
        if (guard._cancelRequested)
        {
            return 1;
        }

        long now = Stopwatch.GetTimestamp();
        if (now > guard._deadline)
        {
            if (guard._inCall && now > Volatile.Read(ref guard._callDeadline))
            {
                guard._callTimedOut = true;
            }
            else
            {
                guard._timedOut = true;
            }

            return 1;
        }

        return 0;
    }
}
