using System.Diagnostics;
using Microsoft.Data.Sqlite;
using TenantDb.Engine.Errors;
using TenantDb.Engine.Hardening;
using TenantDb.Engine.Operations;
using TenantDb.Engine.Tenants;

namespace TenantDb.Engine;

public sealed partial class TenantDbEngine
{
    /// <summary>
    /// Writes a consistent snapshot of <paramref name="tenant"/> to <paramref name="file"/> (a new file,
    /// one self-contained SQLite database) with SQLite's online backup API, while its sessions keep
    /// reading and writing: the snapshot holds exactly the transactions committed when it started.
    /// The file appears only once complete.
    /// </summary>
    /// <exception cref="TenantDbException">UnknownTenant; Misuse when <paramref name="file"/> exists.</exception>
    public TenantOperationResult BackupTenant(string tenant, string file)
    {
        ArgumentException.ThrowIfNullOrEmpty(file);
        TenantStore store = GetStore(tenant);
        string path = Path.GetFullPath(file);
        if (File.Exists(path))
        {
            throw new TenantDbException(TenantDbErrorKind.Misuse, $"backup file \"{path}\" already exists; choose a new file");
        }

        var clock = Stopwatch.StartNew();
        string partial = path + ".partial-" + Guid.NewGuid().ToString("N");
        HardenedSqliteConnection source = store.Rent(_options);
        try
        {
            long bytes;
            using (var destination = new SqliteConnection(TenantLocator.FileConnectionString(partial, create: true)))
            {
                destination.Open();
                DatabaseCopy.Copy(source, destination);

                // The copy carries the tenant's WAL flag; a backup is one file, readable without a -wal.
                DatabaseCopy.Run(destination, "PRAGMA main.journal_mode = DELETE");
                bytes = RestoreInspection.SizeBytes(destination);
            }

            File.Move(partial, path, overwrite: false);
            return new TenantOperationResult(tenant, bytes, 0, clock.Elapsed);
        }
        catch (SqliteException e)
        {
            throw new TenantDbException(TenantDbErrorKind.Sql, $"backup of tenant \"{tenant}\" failed: {e.Message}", e.SqliteErrorCode, e.SqliteExtendedErrorCode, null);
        }
        finally
        {
            ReturnConnection(store, source, reusable: true);
            DeleteDatabaseFiles(partial);
        }
    }

    /// <summary>
    /// Restores <paramref name="tenant"/> from <paramref name="file"/>: a new tenant, or with
    /// <paramref name="replace"/> the existing one, which must have no open session and is offline
    /// (new sessions refused) until the restore ends. The file is treated as hostile and checked on a
    /// private copy before it is used: SQLite's integrity check, the page size and encoding of a tenant
    /// database, every schema object re-created and compiled under the tenant's authorizer, TenantDb's
    /// reserved objects exactly its own, and every stored procedure and limit re-verified and recompiled.
    /// A refused file changes nothing.
    /// </summary>
    /// <exception cref="TenantDbException">
    /// TenantExists or UnknownTenant; TenantInUse (sessions open); Corrupt (not an intact tenant database,
    /// or corrupt stored procedures); Denied (a schema object the tenant could not have created);
    /// QuotaExceeded (larger than the tenant's quota); InvalidProcedure and the other procedure kinds.
    /// </exception>
    public TenantOperationResult RestoreTenant(string tenant, string file, bool replace = false)
    {
        TenantName.Validate(tenant);
        ArgumentException.ThrowIfNullOrEmpty(file);
        ThrowIfDisposed();
        if (!replace && TenantExists(tenant))
        {
            throw new TenantDbException(TenantDbErrorKind.TenantExists, $"tenant \"{tenant}\" already exists (restore over it with replace)");
        }

        TenantStore? existing = replace ? GetStore(tenant) : null;
        string source = Path.GetFullPath(file);
        if (!File.Exists(source))
        {
            throw new TenantDbException(TenantDbErrorKind.Misuse, $"backup file \"{source}\" does not exist");
        }

        // A database is never larger than its file: a file over the quota is refused before it is copied.
        long quota = existing?.Quota.Bytes ?? _options.DefaultQuotaBytes;
        long fileBytes = new FileInfo(source).Length;
        if (fileBytes > quota)
        {
            throw new TenantDbException(TenantDbErrorKind.QuotaExceeded,
                $"{RestoreInspection.Refused}: the file is {fileBytes} bytes, over the tenant's quota of {quota} bytes");
        }

        var clock = Stopwatch.StartNew();
        string staging = StagingPath();
        try
        {
            using SqliteConnection candidate = Stage(source, staging);
            long bytes = RestoreInspection.SizeBytes(candidate);
            if (bytes > quota)
            {
                throw new TenantDbException(TenantDbErrorKind.QuotaExceeded,
                    $"{RestoreInspection.Refused}: the database is {bytes} bytes, over the tenant's quota of {quota} bytes");
            }

            int procedures = RevalidateStaged(tenant, staging, quota);
            Install(tenant, existing, candidate);
            return new TenantOperationResult(tenant, bytes, procedures, clock.Elapsed);
        }
        finally
        {
            DeleteDatabaseFiles(staging);
        }
    }

    /// <summary>
    /// Creates tenant <paramref name="destination"/> from a consistent snapshot of <paramref name="source"/>
    /// (its tables, data, stored procedures and limits; not its users, nor its usage figures) while the
    /// source keeps running. The copy is page by page, so its cost is the size of the database, and
    /// a small tenant forks in about a millisecond. The new tenant has the source's quota.
    /// </summary>
    /// <exception cref="TenantDbException">UnknownTenant (source), TenantExists (destination), InvalidTenantName.</exception>
    public TenantOperationResult ForkTenant(string source, string destination)
    {
        var clock = Stopwatch.StartNew();
        TenantStore from = GetStore(source);
        TenantStore to = CreateTenantStore(destination, offline: true);
        bool done = false;
        HardenedSqliteConnection reader = from.Rent(_options);
        try
        {
            long bytes = DatabaseCopy.CopyIntoNew(reader, to.ConnectionString, _options);
            SetQuota(destination, from.Quota.Bytes);
            done = true;
            return new TenantOperationResult(destination, bytes, 0, clock.Elapsed);
        }
        catch (SqliteException e)
        {
            throw new TenantDbException(TenantDbErrorKind.Sql, $"fork of tenant \"{source}\" failed: {e.Message}", e.SqliteErrorCode, e.SqliteExtendedErrorCode, null);
        }
        finally
        {
            ReturnConnection(from, reader, reusable: true);
            to.BringOnline();
            if (!done)
            {
                DropTenant(destination);
            }
        }
    }

    // A private copy of the file to inspect: nothing else can change it between the checks and the
    // install, and the operator's file is never written. On disk it lives beside the tenants (names
    // starting with '.' are never tenant names).
    private string StagingPath() => Path.Combine(_locator.DataDirectory, "tenants", ".restore-" + Guid.NewGuid().ToString("N") + ".db");

    private SqliteConnection Stage(string source, string staging)
    {
        try
        {
            using SqliteConnection from = DatabaseCopy.OpenHardened(
                new SqliteConnectionStringBuilder { DataSource = source, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString(), _options);
            using var to = new SqliteConnection(TenantLocator.FileConnectionString(staging, create: true));
            to.Open();
            DatabaseCopy.Copy(from, to);
        }
        catch (SqliteException e)
        {
            throw new TenantDbException(TenantDbErrorKind.Corrupt,
                $"{RestoreInspection.Refused}: \"{source}\" is not a readable SQLite database: {e.Message}", e.SqliteErrorCode, e.SqliteExtendedErrorCode, null);
        }

        // SQLite itself refuses a damaged file or schema (with trusted_schema off, also functions and
        // virtual tables that schema objects may not use) while loading it for the first check.
        try
        {
            SqliteConnection candidate = DatabaseCopy.OpenHardened(TenantLocator.FileConnectionString(staging, create: false), _options);
            try
            {
                RestoreAuthorizer.Install(candidate.Handle!);

                // The copy keeps the file's WAL flag; the staged copy is one file (and can go to memory).
                DatabaseCopy.Run(candidate, "PRAGMA main.journal_mode = DELETE");

                RestoreInspection.CheckIntegrity(candidate);
                RestoreInspection.CheckSchema(candidate, _options);
                return candidate;
            }
            catch
            {
                candidate.Dispose();
                throw;
            }
        }
        catch (SqliteException e)
        {
            throw new TenantDbException(TenantDbErrorKind.Corrupt,
                $"{RestoreInspection.Refused}: SQLite cannot load \"{source}\" safely: {e.Message}", e.SqliteErrorCode, e.SqliteExtendedErrorCode, null);
        }
    }

    // The reserved state is verified through an ordinary hardened session on the staged copy, by the
    // same code that checks a procedure at CREATE PROCEDURE.
    private int RevalidateStaged(string tenant, string staging, long quota)
    {
        var store = new TenantStore(tenant, TenantLocator.FileConnectionString(staging, create: false), quota, _options.MaxWriteLockWaiters);
        try
        {
            using TenantSession session = new(this, store, store.Rent(_options), _options);
            return session.RevalidateStoredState();
        }
        catch (TenantDbException e) when (!e.Message.StartsWith(RestoreInspection.Refused, StringComparison.Ordinal))
        {
            throw new TenantDbException(e.Kind, $"{RestoreInspection.Refused}: {e.Message}", e.SqliteErrorCode, e.SqliteExtendedErrorCode, null);
        }
        finally
        {
            RemoveFromLru(store);
            store.Shutdown();
        }
    }

    private void Install(string tenant, TenantStore? existing, SqliteConnection candidate)
    {
        TenantStore target;
        if (existing is not null)
        {
            if (!existing.TryTakeOffline())
            {
                throw new TenantDbException(TenantDbErrorKind.TenantInUse, $"tenant \"{tenant}\" has open sessions; close them before restoring over it");
            }

            target = existing;
        }
        else
        {
            target = CreateTenantStore(tenant, offline: true);
        }

        bool done = false;
        try
        {
            if (existing is null)
            {
                DatabaseCopy.CopyIntoNew(candidate, target.ConnectionString, _options);
            }
            else
            {
                // The tenant's file may be open in another process (a server on the same data directory):
                // the copy is one ordinary WAL transaction, which such readers see whole or not at all.
                using SqliteConnection writer = DatabaseCopy.OpenHardened(target.ConnectionString, _options);
                DatabaseCopy.Copy(candidate, writer);
                DatabaseCopy.Run(writer, "PRAGMA main.wal_checkpoint(TRUNCATE)");
            }

            done = true;
        }
        catch (SqliteException e)
        {
            throw new TenantDbException(TenantDbErrorKind.Sql, $"restore of tenant \"{tenant}\" failed while copying: {e.Message}", e.SqliteErrorCode, e.SqliteExtendedErrorCode, null);
        }
        finally
        {
            target.BringOnline();
            if (!done && existing is null)
            {
                DropTenant(tenant);
            }
        }
    }

    private static void DeleteDatabaseFiles(string path)
    {
        foreach (string suffix in (string[])["", "-journal", "-wal", "-shm"])
        {
            File.Delete(path + suffix);
        }
    }
}
