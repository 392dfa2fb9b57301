// SAFETY-CRITICAL: the only bound on the memory SQLite itself allocates while computing a row.
using SQLitePCL;

namespace TenantDb.Engine.Hardening;

/// <summary>
/// Sets SQLite's process-wide hard heap limit. SQLite computes a whole result row before returning it,
/// and its functions (randomblob, zeroblob, replace, printf) check no deadline while they run, so a
/// single SELECT of many large values could otherwise take the host's memory before any per-row or
/// per-statement check of the engine sees it. Past the limit an allocation fails and so does the
/// statement (SQLITE_NOMEM, mapped to 54000); the connection stays usable.
/// </summary>
internal static class SqliteHeapLimit
{
    /// <summary>Applies <paramref name="requestedBytes"/>, or a quarter of the available memory when it is 0.</summary>
    public static long Apply(long requestedBytes)
    {
        long bytes = requestedBytes > 0 ? requestedBytes : DefaultBytes();
        // Microsoft.Data.Sqlite loads the native library on first use; this may run before that.
        Batteries_V2.Init();
        raw.sqlite3_hard_heap_limit64(bytes);
        return bytes;
    }

    /// <summary>A quarter of the memory available to this process (which honours container limits).</summary>
    public static long DefaultBytes() => Math.Max(256L << 20, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 4);
}
