namespace TenantDb.Engine;

/// <summary>
/// When a tenant's commit reaches stable storage (SQLite's <c>PRAGMA synchronous</c> in WAL mode). Tenant
/// SQL can read the setting but not change it.
/// </summary>
public enum SynchronousMode
{
    /// <summary>
    /// A commit is written to the write-ahead log before it is acknowledged and survives a crash of the
    /// process; the log is flushed to disk at checkpoints, so a crash of the operating system or a power
    /// loss may lose the last commits (never corrupt the file). PostgreSQL's nearest setting is
    /// <c>synchronous_commit = off</c>, which is weaker: it may also lose them when the server process crashes.
    /// </summary>
    Normal,

    /// <summary>
    /// Every commit is flushed to disk (fsync) before it is acknowledged, like PostgreSQL's default
    /// <c>synchronous_commit = on</c>: it survives a power loss, at the cost of one flush per commit.
    /// </summary>
    Full,
}
