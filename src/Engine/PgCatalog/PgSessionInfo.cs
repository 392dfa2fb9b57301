namespace TenantDb.Engine.PgCatalog;

/// <summary>
/// What the PostgreSQL catalog of a session shows about the session itself: the user it authenticated
/// as, its backend process id, and its run-time parameters (for <c>current_setting</c>,
/// <c>pg_settings</c> and <c>pg_stat_activity</c>).
/// </summary>
/// <param name="User">The session's user name (<c>current_user</c>).</param>
/// <param name="ProcessId">The backend process id the client was given (<c>pg_backend_pid()</c>).</param>
/// <param name="Setting">Looks up a run-time parameter by name; null when it is not set.</param>
public sealed record PgSessionInfo(string User, int ProcessId, Func<string, string?> Setting)
{
    /// <summary>What <c>version()</c> returns: PostgreSQL 15 as far as clients are concerned, on SQLite storage.</summary>
    public const string ServerVersionString = "PostgreSQL 15.0 (TenantDb) on x86_64-pc-linux-gnu, SQLite storage, 64-bit";

    /// <summary>A session with no parameters, for the embedded API.</summary>
    public static PgSessionInfo ForUser(string user) => new(user, Environment.ProcessId, static _ => null);
}
