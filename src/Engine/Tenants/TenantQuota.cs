namespace TenantDb.Engine.Tenants;

/// <summary>
/// A tenant's size quota in bytes, shared by the tenant's store and the guard of every connection open
/// on it. Setting it takes effect on each connection at its next statement, so lowering the quota of a
/// misbehaving tenant also binds the sessions it already holds.
/// </summary>
/// <remarks>
/// The quota covers the database file and its write-ahead log together (see <see cref="WalQuota"/>).
/// </remarks>
internal sealed class TenantQuota(long bytes, string? databaseFile = null)
{
    private long _bytes = bytes;
    private long _databaseBytes = -1;
    private volatile bool _over;

    /// <summary>SQLite's page size for tenant databases; the quota is enforced in whole pages.</summary>
    public const int PageSize = 4096;

    /// <summary>The smallest quota accepted: a database holding the reserved tables and a little data.</summary>
    public const long MinimumBytes = 16 * PageSize;

    /// <summary>The largest <c>journal_size_limit</c>: what an idle WAL is truncated to at most.</summary>
    public const long MaxIdleWalBytes = 4L << 20;

    public long Bytes
    {
        get => Volatile.Read(ref _bytes);
        set => Volatile.Write(ref _bytes, value);
    }

    /// <summary>The tenant's database file, or null for a connection that is not a tenant store's.</summary>
    public string? DatabaseFile { get; } = databaseFile;

    /// <summary>The database file's write-ahead log, or null without a database file.</summary>
    public string? WalFile { get; } = databaseFile is null ? null : databaseFile + "-wal";

    /// <summary>
    /// Set when the files were last measured over the quota; every connection of the tenant then tries
    /// to checkpoint and truncate the WAL before its next statement, and commits are refused until the
    /// files fit again.
    /// </summary>
    public bool Over
    {
        get => _over;
        set => _over = value;
    }

    /// <summary>The database file's size at its last measurement (it changes only at checkpoints); -1 before the first.</summary>
    public long DatabaseBytes
    {
        get => Volatile.Read(ref _databaseBytes);
        set => Volatile.Write(ref _databaseBytes, value);
    }

    /// <summary>The quota as a page count for <c>PRAGMA max_page_count</c>.</summary>
    public static long Pages(long bytes) => Math.Max(MinimumBytes, bytes) / PageSize;

    /// <summary>The <c>journal_size_limit</c> for a quota: a quarter of it, at most <see cref="MaxIdleWalBytes"/>.</summary>
    public static long IdleWalBytes(long bytes) => Math.Min(MaxIdleWalBytes, Math.Max(MinimumBytes, bytes) / 4);
}
