using TenantDb.Engine.Errors;
using TenantDb.Engine.Usage;

namespace TenantDb.Engine;

/// <summary>Limits and tuning for a <see cref="TenantDbEngine"/>. All values have safe defaults.</summary>
public sealed class EngineOptions
{
    /// <summary>The defaults.</summary>
    public static EngineOptions Default { get; } = new();

    /// <summary>
    /// How many tenants may keep idle connections (and so file handles) open at once; the least recently
    /// used are closed beyond this and reopen transparently on next use. Default 256.
    /// </summary>
    public int MaxOpenTenants { get; init; } = 256;

    /// <summary>
    /// Opens tenant files through SQLite's <c>unix-excl</c> VFS: the first connection of this process to a
    /// tenant file takes an exclusive POSIX lock on it, held until the process's last connection to that file
    /// closes, so no other process can read or write the file meanwhile (its statements fail with
    /// <see cref="TenantDbErrorKind.Busy"/>). Connections inside this process share the file as usual, and
    /// the WAL index lives in this process's memory instead of a <c>-shm</c> file. Cluster mode fences tenant
    /// owners with it. Default false.
    /// </summary>
    public bool ExclusiveTenantFiles { get; init; }

    /// <summary>Idle connections kept per tenant for reuse by the next session. Default 2.</summary>
    public int MaxIdleConnectionsPerTenant { get; init; } = 2;

    /// <summary>When a commit reaches stable storage. Default <see cref="SynchronousMode.Normal"/>.</summary>
    public SynchronousMode Synchronous { get; init; } = SynchronousMode.Normal;

    /// <summary>Longest time one statement may run before it fails with <see cref="TenantDbErrorKind.Timeout"/>. Default 5 s.</summary>
    public TimeSpan StatementTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a transaction waits for the tenant's write lock (its first write waits while another
    /// transaction of the tenant is writing) before it fails with <see cref="TenantDbErrorKind.Busy"/>
    /// (SQLSTATE 55P03). Writers wait in a first-in-first-out queue inside this process; SQLite's own busy
    /// timeout is set to the same value and only matters for locks held by other processes. Default 5 s.
    /// </summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Most sessions that may wait at once for one tenant's write lock; the next one fails at once with
    /// <see cref="TenantDbErrorKind.WriteQueueFull"/> (SQLSTATE 53300). Default 1,024.
    /// </summary>
    public int MaxWriteLockWaiters { get; init; } = 1024;

    /// <summary>Size quota of each tenant's database in bytes (enforced with max_page_count). Default 1 GiB.</summary>
    public long DefaultQuotaBytes { get; init; } = 1L << 30;

    /// <summary>Longest SQL text accepted, in bytes (SQLITE_LIMIT_SQL_LENGTH). Default 1 MiB.</summary>
    public int MaxSqlLength { get; init; } = 1 << 20;

    /// <summary>Largest string or blob value, in bytes (SQLITE_LIMIT_LENGTH). Default 16 MiB.</summary>
    public int MaxValueLength { get; init; } = 16 << 20;

    /// <summary>Most columns in a table, result or index (SQLITE_LIMIT_COLUMN). Default 500.</summary>
    public int MaxColumns { get; init; } = 500;

    /// <summary>Deepest expression tree (SQLITE_LIMIT_EXPR_DEPTH). Default 200.</summary>
    public int MaxExpressionDepth { get; init; } = 200;

    /// <summary>Most terms in a compound SELECT (SQLITE_LIMIT_COMPOUND_SELECT). Default 100.</summary>
    public int MaxCompoundSelect { get; init; } = 100;

    /// <summary>Most virtual-machine instructions in one statement (SQLITE_LIMIT_VDBE_OP). Default 100,000.</summary>
    public int MaxVdbeOps { get; init; } = 100_000;

    /// <summary>Most parameters of one statement (SQLITE_LIMIT_VARIABLE_NUMBER). Default 10,000.</summary>
    public int MaxParameters { get; init; } = 10_000;

    /// <summary>Deepest trigger recursion (SQLITE_LIMIT_TRIGGER_DEPTH). Default 10.</summary>
    public int MaxTriggerDepth { get; init; } = 10;

    /// <summary>
    /// The most memory SQLite may hold at once in this process, over all tenants
    /// (<c>sqlite3_hard_heap_limit64</c>): a statement whose values would take more fails with
    /// <see cref="TenantDbErrorKind.TooBig"/> (SQLSTATE 54000) instead of taking the host's memory. One
    /// statement can otherwise need up to <see cref="MaxColumns"/> × <see cref="MaxValueLength"/> for a
    /// single row. 0 (the default) means a quarter of the memory available to the process; the limit is
    /// process-wide, so the last engine opened sets it.
    /// </summary>
    public long SqliteHeapLimitBytes { get; init; }

    /// <summary>Virtual-machine steps between deadline checks. Default 1,000.</summary>
    public int ProgressCheckInterval { get; init; } = 1000;

    /// <summary>PBKDF2 iterations for new SCRAM-SHA-256 verifiers. Default 4096.</summary>
    public int ScramIterations { get; init; } = 4096;

    /// <summary>
    /// Most procedure modules compiled at once (CREATE PROCEDURE, or a CALL after a restart);
    /// others wait, and their wait counts against their statement timeout. Default: half the
    /// processors, at least one.
    /// </summary>
    public int MaxConcurrentCompilations { get; init; } = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>What one stored-procedure call may consume (fuel, time, memory, rows, result size).</summary>
    public Procedures.ProcedureLimits ProcedureLimits { get; init; } = Procedures.ProcedureLimits.Default;

    /// <summary>
    /// Receives the lines procedures write with the ABI's <c>log</c> import, as (tenant, procedure,
    /// line); null drops them. At most 1,000 lines of 4 KiB per call, and at most
    /// <see cref="ProcedureLogLinesPerSecond"/> per tenant, reach it.
    /// </summary>
    public Action<string, string, string>? ProcedureLog { get; init; }

    /// <summary>
    /// Procedure log lines one tenant may write per second, over all its calls; more are dropped, and
    /// the next line that passes is preceded by a count of those dropped. Default 100.
    /// </summary>
    public int ProcedureLogLinesPerSecond { get; init; } = 100;

    /// <summary>
    /// How often the usage this engine counted is added to the totals in the catalog (and so survives a
    /// restart and becomes visible to other processes). It is also written when the engine is disposed.
    /// Zero writes only then and on <see cref="TenantDbEngine.FlushUsage"/>. Default 10 s.
    /// </summary>
    public TimeSpan UsageFlushInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Statements and procedure calls that take at least this long go to <see cref="SlowLog"/>. Zero
    /// (the default) turns the slow log off.
    /// </summary>
    public TimeSpan SlowThreshold { get; init; }

    /// <summary>Receives slow statements and calls (see <see cref="SlowThreshold"/>); null drops them.</summary>
    public Action<SlowOperation>? SlowLog { get; init; }

    /// <summary>
    /// Tenants whose measurements on <see cref="TenantDbMeter"/> carry a <c>tenant</c> label; all others
    /// are aggregated without one, so the number of series is bounded by this list. Null (the default):
    /// no tenant labels.
    /// </summary>
    public IReadOnlySet<string>? MetricsTenantLabels { get; init; }
}
