// SAFETY-CRITICAL: decides whether the schema of a database file from outside may become a tenant's.
using Microsoft.Data.Sqlite;
using SQLitePCL;
using TenantDb.Engine.Errors;
using TenantDb.Engine.Hardening;
using TenantDb.Engine.Tenants;

namespace TenantDb.Engine.Operations;

/// <summary>
/// Checks a restore candidate before anything uses it: the file is intact, its reserved objects are
/// exactly the engine's, and every other schema object could have been created by the tenant itself.
/// The last check replays each object's SQL into an empty scratch database under the tenant's
/// authorizer (<see cref="RestoreAuthorizer"/>), compares the result with the file's schema, and
/// prepares a read and every kind of write on each table and view, which compiles their triggers,
/// defaults, checks and generated columns under the same authorizer.
/// </summary>
internal static class RestoreInspection
{
    /// <summary>What every failed check names, so an operator sees at once which step refused the file.</summary>
    public const string Refused = "restore refused";

    private const int MaxIntegrityMessages = 10;

    /// <summary>A row of <c>sqlite_schema</c>.</summary>
    public readonly record struct SchemaObject(string Type, string Name, string TableName, string? Sql);

    /// <summary>Refuses a file SQLite finds damaged, or that differs from a tenant database in page size or encoding.</summary>
    public static void CheckIntegrity(SqliteConnection candidate)
    {
        var problems = new List<string>();
        // Indexes on exact numeric columns are ordered by this collation: the check needs it to read them.
        Sql.PgNumericCollation.Register(candidate);
        using (SqliteCommand check = candidate.CreateCommand())
        {
            check.CommandText = $"PRAGMA main.integrity_check({MaxIntegrityMessages})";
            using SqliteDataReader reader = check.ExecuteReader();
            while (reader.Read())
            {
                problems.Add(reader.IsDBNull(0) ? "(null)" : reader.GetString(0));
            }
        }

        if (problems is not ["ok"])
        {
            throw new TenantDbException(TenantDbErrorKind.Corrupt, $"{Refused}: the file fails SQLite's integrity check: {string.Join("; ", problems)}");
        }

        long pageSize = Scalar(candidate, "PRAGMA main.page_size");
        if (pageSize != TenantQuota.PageSize)
        {
            throw new TenantDbException(TenantDbErrorKind.Corrupt, $"{Refused}: the file's page size is {pageSize} bytes; tenant databases use {TenantQuota.PageSize}");
        }

        using SqliteCommand encoding = candidate.CreateCommand();
        encoding.CommandText = "PRAGMA main.encoding";
        if (encoding.ExecuteScalar() is not "UTF-8")
        {
            throw new TenantDbException(TenantDbErrorKind.Corrupt, $"{Refused}: the file's text encoding is not UTF-8");
        }
    }

    /// <summary>The size of the candidate's database in bytes.</summary>
    public static long SizeBytes(SqliteConnection candidate) =>
        Scalar(candidate, "PRAGMA main.page_count") * Scalar(candidate, "PRAGMA main.page_size");

    /// <summary>Refuses a schema the tenant could not have created itself, or reserved objects that are not the engine's.</summary>
    public static void CheckSchema(SqliteConnection candidate, EngineOptions options)
    {
        List<SchemaObject> objects = ReadSchema(candidate);
        string scratchName = "file:/tdb-restore-" + Guid.NewGuid().ToString("N") + "?vfs=memdb";
        string scratchConnection = new SqliteConnectionStringBuilder { DataSource = scratchName, Pooling = false }.ToString();

        // The scratch connection keeps the memdb database alive while Initialize uses its own.
        using SqliteConnection scratch = DatabaseCopy.OpenHardened(scratchConnection, options);
        TenantSchema.Initialize(new SqliteConnection(scratchConnection), wal: false);
        RestoreAuthorizer authorizer = RestoreAuthorizer.Install(scratch.Handle!);
        List<SchemaObject> engineObjects = ReadSchema(scratch);

        var tenantObjects = new List<SchemaObject>();
        foreach (SchemaObject item in objects)
        {
            if (TenantAuthorizer.IsReserved(item.Name) || TenantAuthorizer.IsReserved(item.TableName))
            {
                if (!engineObjects.Contains(item))
                {
                    throw new TenantDbException(TenantDbErrorKind.Denied,
                        $"{Refused}: {item.Type} \"{item.Name}\" uses a name reserved for TenantDb but is not one of TenantDb's own objects");
                }
            }
            else if (item.Name.StartsWith("sqlite_", StringComparison.OrdinalIgnoreCase))
            {
                CheckInternalObject(item);
            }
            else
            {
                tenantObjects.Add(item);
            }
        }

        if (!objects.Exists(o => o.Name == TenantSchema.ProceduresTable) || !objects.Exists(o => o.Name == TenantSchema.ProceduresView))
        {
            throw new TenantDbException(TenantDbErrorKind.Corrupt, $"{Refused}: the file lacks TenantDb's reserved tables; it is not a TenantDb tenant database");
        }

        authorizer.EngineMode = false;
        foreach (string type in (string[])["table", "index", "view", "trigger"])
        {
            foreach (SchemaObject item in tenantObjects)
            {
                if (item.Type == type)
                {
                    Replay(scratch, authorizer, item);
                }
            }
        }

        authorizer.EngineMode = true;
        CompareSchemas(objects, ReadSchema(scratch));
        PrepareEveryUse(scratch, authorizer, tenantObjects);
    }

    /// <summary>The rows of <c>main.sqlite_schema</c> in creation order.</summary>
    public static List<SchemaObject> ReadSchema(SqliteConnection connection)
    {
        var objects = new List<SchemaObject>();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT type, name, tbl_name, sql FROM main.sqlite_schema ORDER BY rowid";
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            objects.Add(new SchemaObject(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
        }

        return objects;
    }

    // SQLite's own objects: the AUTOINCREMENT counters, ANALYZE's statistics and the indexes behind
    // UNIQUE and PRIMARY KEY constraints. Anything else named sqlite_ did not come from SQLite.
    private static void CheckInternalObject(SchemaObject item)
    {
        bool known = (item.Type, item.Name) switch
        {
            ("table", "sqlite_sequence") => item.Sql == "CREATE TABLE sqlite_sequence(name,seq)",
            ("table", "sqlite_stat1") => item.Sql == "CREATE TABLE sqlite_stat1(tbl,idx,stat)",
            ("table", "sqlite_stat4") => item.Sql == "CREATE TABLE sqlite_stat4(tbl,idx,neq,nlt,ndlt,sample)",
            ("index", _) => item.Sql is null && item.Name.StartsWith("sqlite_autoindex_", StringComparison.Ordinal),
            _ => false,
        };
        if (!known)
        {
            throw new TenantDbException(TenantDbErrorKind.Denied, $"{Refused}: {item.Type} \"{item.Name}\" is not one of SQLite's own objects");
        }
    }

    // Runs one schema object's SQL in the scratch database as tenant SQL. A table that already exists
    // there was created by a virtual table (its shadow table) and must match SQLite's definition.
    private static void Replay(SqliteConnection scratch, RestoreAuthorizer authorizer, SchemaObject item)
    {
        if (item.Sql is null)
        {
            throw new TenantDbException(TenantDbErrorKind.Corrupt, $"{Refused}: {item.Type} \"{item.Name}\" has no SQL definition");
        }

        if (item.Type == "table" && ReadSchema(scratch).Exists(o => o.Type == "table" && o.Name == item.Name))
        {
            return; // compared with the file's definition with everything else afterwards
        }

        sqlite3 db = scratch.Handle!;
        int rc = raw.sqlite3_prepare_v2(db, item.Sql, out sqlite3_stmt statement, out string tail);
        using (statement)
        {
            if (rc == raw.SQLITE_OK && !string.IsNullOrWhiteSpace(tail))
            {
                throw new TenantDbException(TenantDbErrorKind.Denied, $"{Refused}: the definition of {item.Type} \"{item.Name}\" holds more than one statement");
            }

            if (rc == raw.SQLITE_OK)
            {
                rc = raw.sqlite3_step(statement);
            }

            if (rc is not raw.SQLITE_OK and not raw.SQLITE_DONE)
            {
                throw Failure(db, authorizer, $"{item.Type} \"{item.Name}\" cannot be re-created");
            }
        }
    }

    // The file's schema must be exactly what replaying it produced: a name that disagrees with its SQL,
    // a TEMP object smuggled into main's table or an object SQLite itself would create differently all
    // show up here. ANALYZE's statistics and an absent settings table (older tenants) are the exceptions.
    private static void CompareSchemas(List<SchemaObject> file, List<SchemaObject> replayed)
    {
        static bool Compared(SchemaObject o) => !o.Name.StartsWith("sqlite_stat", StringComparison.Ordinal);
        bool fileHasSettings = file.Exists(o => o.Name == TenantSchema.SettingsTable);
        var expected = file.Where(Compared).ToList();
        var actual = replayed.Where(Compared)
            .Where(o => fileHasSettings || (o.Name != TenantSchema.SettingsTable && o.TableName != TenantSchema.SettingsTable))
            .ToList();
        expected.Sort(Order);
        actual.Sort(Order);
        for (int i = 0; i < Math.Max(expected.Count, actual.Count); i++)
        {
            SchemaObject? mismatch = i >= expected.Count ? actual[i] : i >= actual.Count ? expected[i] : expected[i] != actual[i] ? expected[i] : null;
            if (mismatch is { } m)
            {
                throw new TenantDbException(TenantDbErrorKind.Denied, $"{Refused}: {m.Type} \"{m.Name}\" does not match what its own definition creates");
            }
        }

        static int Order(SchemaObject a, SchemaObject b)
        {
            int c = string.CompareOrdinal(a.Type, b.Type);
            c = c != 0 ? c : string.CompareOrdinal(a.Name, b.Name);
            c = c != 0 ? c : string.CompareOrdinal(a.TableName, b.TableName);
            return c != 0 ? c : string.CompareOrdinal(a.Sql, b.Sql);
        }
    }

    // Preparing (never running) a read and each kind of write compiles everything the tenant's own
    // statements would meet: views, triggers, defaults, CHECK constraints, generated columns and index
    // expressions. An object that fails to compile for another reason fails the same way for the tenant,
    // which may own such objects (a view over a dropped table), so only denials refuse the file.
    private static void PrepareEveryUse(SqliteConnection scratch, RestoreAuthorizer authorizer, List<SchemaObject> tenantObjects)
    {
        foreach (SchemaObject item in tenantObjects)
        {
            if (item.Type is not ("table" or "view"))
            {
                continue;
            }

            string table = "main." + Quote(item.Name);
            List<string> columns = WritableColumns(scratch, item.Name);
            var uses = new List<string> { $"SELECT * FROM {table}", $"INSERT INTO {table} DEFAULT VALUES", $"DELETE FROM {table}" };
            if (columns.Count > 0)
            {
                uses.Add($"UPDATE {table} SET {string.Join(", ", columns.Select(c => $"{Quote(c)} = {Quote(c)}"))}");
            }

            authorizer.EngineMode = false;
            try
            {
                foreach (string sql in uses)
                {
                    int rc = raw.sqlite3_prepare_v2(scratch.Handle!, sql, out sqlite3_stmt statement);
                    statement.Dispose();
                    if (rc != raw.SQLITE_OK && (authorizer.Denial is not null || IsUnsafeUse(scratch.Handle!)))
                    {
                        throw Failure(scratch.Handle!, authorizer, $"{item.Type} \"{item.Name}\" cannot be used by the tenant");
                    }
                }
            }
            finally
            {
                authorizer.EngineMode = true;
            }
        }
    }

    // SQLite refuses, with trusted_schema off, a function or virtual table that a view or trigger may not use.
    private static bool IsUnsafeUse(sqlite3 db) =>
        raw.sqlite3_errmsg(db).utf8_to_string().StartsWith("unsafe use of", StringComparison.Ordinal);

    private static List<string> WritableColumns(SqliteConnection scratch, string table)
    {
        var columns = new List<string>();
        using SqliteCommand command = scratch.CreateCommand();
        command.CommandText = "SELECT name FROM pragma_table_xinfo($table, 'main') WHERE hidden = 0";
        command.Parameters.AddWithValue("$table", table);
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            columns.Add(reader.GetString(0));
        }

        return columns;
    }

    private static TenantDbException Failure(sqlite3 db, RestoreAuthorizer authorizer, string what)
    {
        string? denial = authorizer.TakeDenial();
        return denial is not null
            ? new TenantDbException(TenantDbErrorKind.Denied, $"{Refused}: {what}: {denial}")
            : new TenantDbException(TenantDbErrorKind.Denied, $"{Refused}: {what}: {raw.sqlite3_errmsg(db).utf8_to_string()}");
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
