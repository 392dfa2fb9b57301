// SAFETY-CRITICAL: bounds a tenant's disk use (database file + write-ahead log). Callbacks here run
// inside sqlite3_step on the connection's thread and must never throw.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SQLitePCL;
using TenantDb.Engine.Errors;
using TenantDb.Engine.Hardening;

namespace TenantDb.Engine.Tenants;

/// <summary>
/// Counts the write-ahead log against the tenant's quota. SQLite's max_page_count bounds only the
/// database's pages; the WAL grows with every commit until a checkpoint can copy it back and a later
/// writer can restart it, and a reader holding an old snapshot stops both. So the committing connection
/// checkpoints once the WAL holds <see cref="CheckpointFrames"/> frames (as SQLite's auto-checkpoint would,
/// but after its session has given the tenant's write lock back), tries to truncate a WAL
/// that grew past the idle limit without waiting for anyone, and measures the two files; while they
/// hold more than the quota, every commit of the tenant is refused (rolled back, 53100) and every
/// connection tries again to give the space back before its next statement.
/// </summary>
internal static unsafe partial class WalQuota
{
    /// <summary>The WAL frames after which a commit checkpoints (SQLite's default auto-checkpoint).</summary>
    public const int CheckpointFrames = 1000;

    // The WAL file format: a 32-byte file header, then per frame a 24-byte header and one page.
    private const int WalHeaderBytes = 32;
    private const int FrameHeaderBytes = 24;

    // sqlite3.h checkpoint modes.
    private const int CheckpointPassive = 0;
    private const int CheckpointTruncate = 3;

    private static readonly delegate_commit s_onCommit = OnCommit;

    /// <summary>
    /// Installs the commit and WAL hooks on <paramref name="guard"/>'s connection; the WAL hook replaces
    /// SQLite's auto-checkpoint, which it performs itself. Returns the handle to pass to <see cref="Uninstall"/>.
    /// </summary>
    public static GCHandle Install(sqlite3 db, ConnectionGuard guard)
    {
        raw.sqlite3_commit_hook(db, s_onCommit, guard);
        var handle = GCHandle.Alloc(guard, GCHandleType.Weak);
        SetWalHook(db.DangerousGetHandle(), &OnWalCommitted, GCHandle.ToIntPtr(handle));
        return handle;
    }

    /// <summary>Removes the WAL hook before the connection closes, so it never sees a freed handle.</summary>
    public static void Uninstall(sqlite3 db, GCHandle handle)
    {
        SetWalHook(db.DangerousGetHandle(), null, 0);
        handle.Free();
    }

    /// <summary>Bytes the tenant's database file and WAL occupy on disk now.</summary>
    public static long FileBytes(TenantQuota quota) =>
        quota.DatabaseFile is null ? 0 : Length(quota.DatabaseFile) + Length(quota.WalFile!);

    /// <summary>Measures the files and records whether they are over the quota; true when they fit.</summary>
    public static bool Measure(TenantQuota quota)
    {
        quota.DatabaseBytes = Length(quota.DatabaseFile!);
        bool over = quota.DatabaseBytes + Length(quota.WalFile!) > quota.Bytes;
        quota.Over = over;
        return !over;
    }

    /// <summary>
    /// Gives WAL space back if it can without waiting: a TRUNCATE checkpoint with no busy wait copies
    /// what no reader still needs into the database and, when no reader holds an older snapshot,
    /// empties the WAL. Only outside a transaction (SQLite refuses a checkpoint inside one).
    /// </summary>
    public static void Reclaim(sqlite3 db, TenantQuota quota, int busyTimeoutMs)
    {
        if (quota.DatabaseFile is null || raw.sqlite3_get_autocommit(db) == 0) return;
        raw.sqlite3_busy_timeout(db, 0);
        try
        {
            // SQLITE_BUSY here means a reader or writer was in the way: the measurement below says what is left.
            raw.sqlite3_wal_checkpoint_v2(db, "main", CheckpointTruncate, out _, out _);
        }
        finally
        {
            raw.sqlite3_busy_timeout(db, busyTimeoutMs);
        }
        Measure(quota);
    }

    // The commit hook: a non-zero return turns the commit into a rollback (SQLITE_CONSTRAINT_COMMITHOOK),
    // which the error mapper reports as QuotaExceeded through the guard.
    private static int OnCommit(object userData)
    {
        var guard = (ConnectionGuard)userData;
        if (guard.Quota is not { Over: true } quota) return 0;
        guard.RefuseCommitForQuota(FileBytes(quota));
        return 1;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int OnWalCommitted(nint userData, nint db, byte* database, int frames)
    {
        if (GCHandle.FromIntPtr(userData).Target is not ConnectionGuard { Quota: { } quota } guard) return SqliteResultCodes.Ok;
        try
        {
            guard.AfterWalCommit(quota, frames);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            // An exception leaving this native callback would end the whole process. The commit has
            // happened; the tenant stays marked over its quota so its next statement measures again.
            quota.Over = true;
        }
        return SqliteResultCodes.Ok;
    }

    private static long Length(string path)
    {
        // FileInfo reads the file's status once: Length after Exists uses that same status, so a file
        // deleted in between cannot make it throw.
        var info = new FileInfo(path);
        return info.Exists ? info.Length : 0;
    }

    /// <summary>
    /// Called by the guard after a commit with the WAL's frame count; true when the WAL has grown enough
    /// to be checkpointed (<see cref="Checkpoint"/>). The checkpoint is not run here: the commit hook runs
    /// while the tenant's write lock is still held, and copying a thousand pages there would make every
    /// writer of the tenant wait for it; the session runs it once it has given the lock back. The common
    /// case makes no system call: the WAL's size follows from its frame count, and the database file
    /// changes size only when a checkpoint writes to it, so it is measured after each checkpoint.
    /// </summary>
    public static bool AfterCommit(sqlite3 db, TenantQuota quota, int frames, int busyTimeoutMs)
    {
        if (quota.DatabaseBytes < 0)
        {
            quota.DatabaseBytes = Length(quota.DatabaseFile!);
        }

        long wal = WalBytes(frames);
        if (quota.DatabaseBytes + wal > quota.Bytes || wal > TenantQuota.IdleWalBytes(quota.Bytes))
        {
            Reclaim(db, quota, busyTimeoutMs);
        }
        else
        {
            quota.Over = false;
        }

        return frames >= CheckpointFrames;
    }

    /// <summary>
    /// A passive checkpoint (as SQLite's auto-checkpoint would run): copies the WAL frames no reader still
    /// needs into the database without waiting for anyone, so the next writer can restart the WAL; then
    /// measures the database file, which the checkpoint may have grown. Only outside a transaction.
    /// </summary>
    public static void Checkpoint(sqlite3 db, TenantQuota quota)
    {
        raw.sqlite3_wal_checkpoint_v2(db, "main", CheckpointPassive, out _, out _);
        quota.DatabaseBytes = Length(quota.DatabaseFile!);
    }

    /// <summary>The size of a WAL holding <paramref name="frames"/> frames: its header plus a header and a page per frame.</summary>
    public static long WalBytes(int frames) => WalHeaderBytes + (long)frames * (FrameHeaderBytes + TenantQuota.PageSize);

    [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_wal_hook")]
    private static partial nint SetWalHook(nint db, delegate* unmanaged[Cdecl]<nint, nint, byte*, int, int> callback, nint userData);
}
