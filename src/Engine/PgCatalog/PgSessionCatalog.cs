using System.Globalization;
using TenantDb.Engine.Hardening;
using TenantDb.Engine.Values;

namespace TenantDb.Engine.PgCatalog;

/// <summary>
/// The PostgreSQL catalog of one tenant connection: TEMP tables named like PostgreSQL's relations
/// (<c>pg_class</c>, <c>"information_schema.columns"</c>...) filled from the tenant's SQLite schema, plus
/// the catalog functions. Filled on first use and again only when the schema, the users or the session
/// changed: a marker row records what the tables were built from. The marker lives in the same temp
/// database, so a rolled-back transaction that undid a refresh also undoes the marker.
/// <para>
/// Security: the tables belong to the tenant's own connection; the tenant may change or drop them and
/// only ever fools itself, because the engine never reads them back. The refresh runs as trusted
/// engine SQL, which refuses to fire any trigger a tenant may have put on them.
/// </para>
/// </summary>
internal sealed class PgSessionCatalog
{
    private const string MarkerTable = "temp._tenantdb_pg_catalog";

    private PgSessionCatalog(string tenant)
    {
        Tenant = tenant;
    }

    /// <summary>The tenant (the database name clients see).</summary>
    public string Tenant { get; }

    /// <summary>The session the catalog was last refreshed for.</summary>
    public PgSessionInfo Session { get; private set; } = PgSessionInfo.ForUser(string.Empty);

    /// <summary>The schema as last read.</summary>
    public PgSchemaModel Model { get; private set; } = new();

    /// <summary>When this connection's catalog was first used (<c>pg_postmaster_start_time()</c>).</summary>
    public string StartedAt { get; } = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss.ffffff+00", CultureInfo.InvariantCulture);

    /// <summary>Brings the catalog of <paramref name="session"/>'s connection up to date.</summary>
    public static void Ensure(TenantSession session, HardenedSqliteConnection connection, PgSessionInfo info, IReadOnlyList<string> users)
    {
        var catalog = connection.PgCatalog;
        if (catalog is null)
        {
            catalog = new PgSessionCatalog(session.Tenant);
            PgCatalogFunctions.Register(connection, catalog);
            connection.PgCatalog = catalog;
        }

        catalog.Session = info;
        using (session.Guard.EnterTrusted())
        {
            if (!TableExists(session, "_tenantdb_pg_catalog"))
            {
                Execute(session, "CREATE TEMP TABLE _tenantdb_pg_catalog (stamp TEXT)");
                foreach (var table in PgCatalogTables.All)
                {
                    Execute(session, table.CreateStatement());
                }
            }

            string stamp = Stamp(session, info, users);
            if (ReadStamp(session) == stamp)
            {
                return;
            }

            catalog.Model = PgSchemaReader.Read(session, session.Tenant, users);
            Fill(session, PgCatalogRows.Build(catalog.Model, session.Tenant, info));
            Execute(session, $"DELETE FROM {MarkerTable}");
            using var marker = session.Prepare($"INSERT INTO {MarkerTable} (stamp) VALUES (?1)");
            marker.BindText(0, stamp);
            marker.ExecuteNonQuery();
        }
    }

    /// <summary>
    /// Before <paramref name="connection"/> serves another session: removes what the catalog shows about
    /// the session that used it (its settings, user and process id) and the marker, so the next session's
    /// first catalog read rebuilds the tables for itself and no statement of it can read the last one's.
    /// </summary>
    public static void ForgetSession(TenantSession session, HardenedSqliteConnection connection)
    {
        if (connection.PgCatalog is not { } catalog)
        {
            return;
        }

        catalog.Session = PgSessionInfo.ForUser(string.Empty);
        using (session.Guard.EnterTrusted())
        {
            if (!TableExists(session, "_tenantdb_pg_catalog"))
            {
                return;
            }

            Execute(session, $"DELETE FROM {MarkerTable}");
            Execute(session, "DELETE FROM " + PgCatalogTables.Settings.QualifiedName);
            Execute(session, "DELETE FROM " + PgCatalogTables.StatActivity.QualifiedName);
        }
    }

    private static void Execute(TenantSession session, string sql)
    {
        using var statement = session.Prepare(sql);
        statement.ExecuteNonQuery();
    }

    private static bool TableExists(TenantSession session, string name)
    {
        using var statement = session.Prepare("SELECT 1 FROM temp.sqlite_schema WHERE type = 'table' AND name = ?1");
        statement.BindText(0, name);
        using var reader = statement.ExecuteReader();
        return reader.Read();
    }

    private static string? ReadStamp(TenantSession session)
    {
        using var statement = session.Prepare($"SELECT stamp FROM {MarkerTable}");
        using var reader = statement.ExecuteReader();
        return reader.Read() ? reader.GetString(0) : null;
    }

    // What the tables depend on: the main schema's version, the sequences' definitions, the tenant's users and the session's
    // identity and parameters shown in pg_settings and pg_stat_activity.
    private static string Stamp(TenantSession session, PgSessionInfo info, IReadOnlyList<string> users)
    {
        long schemaVersion;
        using (var statement = session.Prepare("PRAGMA main.schema_version"))
        using (var reader = statement.ExecuteReader())
        {
            schemaVersion = reader.Read() ? reader.GetInt64(0) : -1;
        }

        var stamp = new System.Text.StringBuilder();
        stamp.Append(schemaVersion).Append('|').Append(session.SequenceDefinitionsStamp()).Append('|').Append(info.User).Append('|').Append(info.ProcessId).Append('|');
        foreach (var user in users) stamp.Append(user).Append(',');
        stamp.Append('|');
        foreach (var (name, _) in PgSettingDefaults.All) stamp.Append(info.Setting(name)).Append('\u001f');
        return stamp.ToString();
    }

    private static void Fill(TenantSession session, Dictionary<PgCatalogTable, List<object?[]>> rows)
    {
        foreach (var (table, list) in rows)
        {
            Execute(session, "DELETE FROM " + table.QualifiedName);
            if (list.Count == 0) continue;
            using var insert = session.Prepare(table.InsertStatement());
            foreach (var row in list)
            {
                insert.ClearBindings();
                for (int i = 0; i < row.Length; i++)
                {
                    insert.Bind(i, ToSqlValue(row[i]));
                }

                insert.ExecuteNonQuery();
            }
        }
    }

    private static SqlValue ToSqlValue(object? value) => value switch
    {
        null => SqlValue.Null,
        bool b => SqlValue.Integer(b ? 1 : 0),
        int i => SqlValue.Integer(i),
        uint u => SqlValue.Integer(u),
        short s => SqlValue.Integer(s),
        long l => SqlValue.Integer(l),
        float f => SqlValue.Real(f),
        double d => SqlValue.Real(d),
        string s => SqlValue.Text(s),
        _ => throw new InvalidOperationException($"catalog value of type {value.GetType().Name}"),
    };
}
