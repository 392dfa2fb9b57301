namespace TenantDb.Engine.Hardening;

/// <summary>SQLite's process-wide threading mode (see <see cref="SqliteThreading"/>).</summary>
public enum SqliteThreadingMode
{
    /// <summary>Each connection has a mutex; a connection may be used by several threads at once.</summary>
    Serialized,

    /// <summary>No connection mutex; each connection is used by one thread at a time (what the engine does).</summary>
    MultiThread,
}
