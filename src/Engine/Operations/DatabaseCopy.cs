using Microsoft.Data.Sqlite;
using SQLitePCL;
using TenantDb.Engine.Hardening;

namespace TenantDb.Engine.Operations;

/// <summary>
/// Page-by-page copies between SQLite databases with the online backup API. The copy runs in one
/// step under one read transaction of the source, so it is a consistent snapshot: in WAL mode writers
/// keep committing meanwhile, and their commits are simply not part of it.
/// </summary>
internal static class DatabaseCopy
{
    /// <summary>Copies the main database of <paramref name="source"/> over that of <paramref name="destination"/>.</summary>
    /// <exception cref="SqliteException">SQLite refused (a locked destination past its busy timeout, a source that is not a database, ...).</exception>
    public static void Copy(SqliteConnection source, SqliteConnection destination)
    {
        sqlite3 sourceDb = source.Handle!;
        sqlite3 destinationDb = destination.Handle!;
        using sqlite3_backup backup = raw.sqlite3_backup_init(destinationDb, "main", sourceDb, "main")
            ?? throw new SqliteException(raw.sqlite3_errmsg(destinationDb).utf8_to_string(), raw.sqlite3_errcode(destinationDb));
        int rc = raw.sqlite3_backup_step(backup, -1);
        if (rc != raw.SQLITE_DONE)
        {
            string message = raw.sqlite3_errstr(rc).utf8_to_string();
            throw new SqliteException($"copying the database failed: {message}", rc);
        }
    }

    /// <summary>
    /// Copies <paramref name="source"/> into a tenant database nobody else uses yet (offline, just
    /// created): written once in rollback-journal mode without per-page syncs, then switched back to WAL,
    /// whose commit syncs the whole file. Copying into WAL mode would write every page twice.
    /// </summary>
    /// <returns>The size of the copy in bytes.</returns>
    public static long CopyIntoNew(SqliteConnection source, string destinationConnectionString, EngineOptions options)
    {
        using SqliteConnection destination = OpenHardened(destinationConnectionString, options);
        Run(destination, "PRAGMA main.journal_mode = DELETE");
        Run(destination, "PRAGMA main.synchronous = OFF");
        Copy(source, destination);
        Run(destination, "PRAGMA main.synchronous = NORMAL");
        Run(destination, "PRAGMA main.journal_mode = WAL");

        return Operations.RestoreInspection.SizeBytes(destination);
    }

    /// <summary>Runs one engine statement.</summary>
    public static void Run(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Opens a connection to <paramref name="connectionString"/> with the engine's connection safety settings.</summary>
    public static SqliteConnection OpenHardened(string connectionString, EngineOptions options)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            ConnectionHardening.ApplyConfigAndLimits(connection.Handle!, options);
            raw.sqlite3_busy_timeout(connection.Handle!, (int)Math.Min(int.MaxValue, options.BusyTimeout.TotalMilliseconds));
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}
