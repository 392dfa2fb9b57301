namespace TenantDb.Engine.Errors;

/// <summary>What went wrong, coarse enough for the wire layer to map each kind to one SQLSTATE.</summary>
public enum TenantDbErrorKind
{
    /// <summary>The tenant does not exist (or was dropped while a session was open).</summary>
    UnknownTenant,

    /// <summary>A tenant with that name already exists.</summary>
    TenantExists,

    /// <summary>The tenant name does not match <c>^[a-z][a-z0-9_-]{0,62}$</c>.</summary>
    InvalidTenantName,

    /// <summary>The SQL text does not parse, or holds more statements than allowed.</summary>
    Syntax,

    /// <summary>A UNIQUE, NOT NULL, CHECK, FOREIGN KEY or PRIMARY KEY constraint failed.</summary>
    Constraint,

    /// <summary>No such table, column, index, view, function or collation.</summary>
    UndefinedObject,

    /// <summary>The tenant's size quota (max_page_count) is exhausted.</summary>
    QuotaExceeded,

    /// <summary>The operation is not allowed for tenant SQL (authorizer, defensive mode, reserved names).</summary>
    Denied,

    /// <summary>The statement ran past its deadline.</summary>
    Timeout,

    /// <summary>The statement was cancelled by <see cref="TenantSession.Interrupt"/>.</summary>
    Canceled,

    /// <summary>
    /// The tenant's write lock stayed with another transaction for longer than the lock timeout
    /// (<see cref="EngineOptions.BusyTimeout"/>), or another process held the file locked that long: SQLSTATE 55P03.
    /// </summary>
    Busy,

    /// <summary>A write was attempted where only reads are possible.</summary>
    ReadOnly,

    /// <summary>A string, blob, row, expression, statement or procedure module exceeded a configured limit.</summary>
    TooBig,

    /// <summary>The API was used incorrectly (wrong parameter index, statement already running...).</summary>
    Misuse,

    /// <summary>Any other SQLite error; the message is SQLite's.</summary>
    Sql,

    /// <summary>No stored procedure of that name exists in the tenant.</summary>
    UndefinedProcedure,

    /// <summary>A stored procedure of that name already exists.</summary>
    DuplicateProcedure,

    /// <summary>An uploaded module is malformed, invalid, or breaks the procedure rules (docs/abi.md).</summary>
    InvalidProcedure,

    /// <summary>A procedure trapped (unreachable, out-of-bounds access, division by zero, ...).</summary>
    ProcedureTrap,

    /// <summary>A procedure exceeded one of its limits (fuel, time, memory, rows, result size).</summary>
    ProcedureLimit,

    /// <summary>A procedure returned non-zero from <c>run</c>.</summary>
    ProcedureFailed,

    /// <summary>A procedure misused the ABI (bad pointer, bad channel, malformed row).</summary>
    ProcedureMisuse,

    /// <summary>
    /// The engine's own state inside a tenant database failed verification (a stored module that does
    /// not match its hash, malformed stored limits); the engine refuses to use it.
    /// </summary>
    Corrupt,

    /// <summary>
    /// The feature cannot run on this platform or is not implemented (stored procedures off x86-64
    /// Linux, a construct of a valid module the procedure compiler does not support).
    /// </summary>
    NotSupported,

    /// <summary>
    /// The tenant is in use where the operation needs it alone (a restore over a tenant with open
    /// sessions), or is offline while it is being restored or forked into.
    /// </summary>
    TenantInUse,

    /// <summary>
    /// TenantDb failed an internal check (for example the code verifier refused generated code: a
    /// compiler bug, not the caller's fault). Nothing ran; the message says which check.
    /// </summary>
    Internal,

    /// <summary>A value's text does not fit its type (a procedure argument, a line a WASI procedure printed): SQLSTATE 22P02.</summary>
    InvalidText,

    /// <summary>
    /// The transaction read a snapshot that another transaction's commit made stale before this one's
    /// first write: SQLSTATE 40001. The transaction must be rolled back and run again.
    /// </summary>
    SerializationFailure,

    /// <summary>Too many sessions already wait for the tenant's write lock (<see cref="EngineOptions.MaxWriteLockWaiters"/>): SQLSTATE 53300.</summary>
    WriteQueueFull,
}
