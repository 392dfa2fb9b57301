namespace TenantDb.Engine;

/// <summary>
/// A tenant's size quota in bytes, shared by the tenant's store and the guard of every connection open
/// on it. Setting it takes effect on each connection at its next statement, so lowering the quota of a
/// misbehaving tenant also binds the sessions it already holds.
/// </summary>
internal sealed class TenantQuota(long bytes)
{
    private long _bytes = bytes;

    /// <summary>SQLite's page size for tenant databases; the quota is enforced in whole pages.</summary>
    public const int PageSize = 4096;

    /// <summary>The smallest quota accepted: a database holding the reserved tables and a little data.</summary>
    public const long MinimumBytes = 16 * PageSize;

    public long Bytes
    {
        get => Volatile.Read(ref _bytes);
        set => Volatile.Write(ref _bytes, value);
    }

    /// <summary>The quota as a page count for <c>PRAGMA max_page_count</c>.</summary>
    public static long Pages(long bytes) => Math.Max(MinimumBytes, bytes) / PageSize;
}
