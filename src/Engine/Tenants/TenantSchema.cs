using Microsoft.Data.Sqlite;

namespace TenantDb.Engine.Tenants;

/// <summary>Creates a new tenant database: WAL mode and the engine's reserved tables.</summary>
internal static class TenantSchema
{
    /// <summary>Name of the stored-procedures table inside every tenant database.</summary>
    public const string ProceduresTable = "_tenantdb_procedures";

    /// <summary>The read-only view through which tenant SQL lists its procedures (without their code).</summary>
    public const string ProceduresView = "tenantdb_procedures";

    /// <summary>Per-tenant settings the engine keeps inside the tenant database (procedure limits).</summary>
    public const string SettingsTable = "_tenantdb_settings";

    // Trusted statements name reserved tables only through these: the temp schema is searched before
    // main, so an unqualified name could resolve to a TEMP table the tenant made.

    /// <summary><see cref="ProceduresTable"/>, schema-qualified, for the engine's own statements.</summary>
    public const string QualifiedProceduresTable = "main." + ProceduresTable;

    /// <summary><see cref="SettingsTable"/>, schema-qualified, for the engine's own statements.</summary>
    public const string QualifiedSettingsTable = "main." + SettingsTable;

    /// <summary>Creates the database file and the reserved objects.</summary>
    /// <param name="createConnectionString">Where to create the database.</param>
    public static void Initialize(string createConnectionString) => Initialize(new SqliteConnection(createConnectionString), wal: true);

    /// <summary>Creates the reserved objects through <paramref name="connection"/>, which it opens and disposes.</summary>
    /// <param name="connection">A connection not opened yet.</param>
    /// <param name="wal">Switch the database to WAL mode (a scratch database in memory has no WAL).</param>
    public static void Initialize(SqliteConnection connection, bool wal)
    {
        try
        {
            connection.Open();
            using SqliteCommand command = connection.CreateCommand();
            // synchronous = OFF only while creating: the tenant does not exist until its registry row is
            // written, and the same crash-safety as synchronous = NORMAL holds for the rest of its life.
            command.CommandText = (wal ? "PRAGMA synchronous = OFF; PRAGMA journal_mode = WAL; " : string.Empty) + $"""
                CREATE TABLE IF NOT EXISTS {QualifiedProceduresTable} (
                    name TEXT PRIMARY KEY NOT NULL,
                    parameters TEXT NOT NULL,
                    columns TEXT NOT NULL,
                    module BLOB NOT NULL,
                    sha256 BLOB NOT NULL,
                    created_at TEXT NOT NULL
                );
                CREATE TABLE IF NOT EXISTS {QualifiedSettingsTable} (
                    key TEXT PRIMARY KEY NOT NULL,
                    value TEXT NOT NULL
                );
                CREATE VIEW IF NOT EXISTS main.{ProceduresView} AS
                    SELECT name, parameters, columns, created_at FROM {ProceduresTable};
                """;
            command.ExecuteNonQuery();
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        connection.Dispose();
    }
}
