// SAFETY-CRITICAL for the trust boundary: the statements here that run trusted name every object
// schema-qualified (a TEMP table of the same name cannot redirect them), refuse the engine's reserved
// objects explicitly (the authorizer lets trusted statements through), and cannot run tenant triggers
// (the authorizer refuses any trigger inside a trusted statement).
using TenantDb.Engine.Ddl;
using TenantDb.Engine.Errors;
using TenantDb.Engine.Hardening;
using TenantDb.Engine.Values;

namespace TenantDb.Engine;

/// <summary>
/// PostgreSQL DDL that SQLite has no single statement for: dropping several relations at once,
/// TRUNCATE, VACUUM and ANALYZE of named tables. Each runs as one unit: all of it happens, or none.
/// </summary>
public sealed partial class TenantSession
{
    private const string DdlSavepoint = "_tenantdb_ddl";

    /// <summary>
    /// DROP TABLE|VIEW|INDEX a, b, ...: all in one unit. Tables that other tables' foreign keys
    /// reference may only be dropped together with those tables (PostgreSQL's 2BP01 otherwise).
    /// </summary>
    /// <param name="objectKind">TABLE, VIEW or INDEX.</param>
    /// <param name="names">The objects, as the client named them (unqualified).</param>
    /// <param name="ifExists">Skip names that do not exist.</param>
    /// <param name="cascade">PostgreSQL's CASCADE: accepted when nothing outside the list depends on them.</param>
    public void DropRelations(string objectKind, IReadOnlyList<string> names, bool ifExists, bool cascade)
    {
        ArgumentNullException.ThrowIfNull(names);
        if (objectKind is not ("TABLE" or "VIEW" or "INDEX")) throw new ArgumentOutOfRangeException(nameof(objectKind));
        ThrowIfUnusable();
        var order = new List<string>(names);
        if (objectKind == "TABLE")
        {
            var inList = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (string name in names)
            {
                if (FindTable(name) is { Schema: "main" } table) inList.Add(table.Name);
            }

            foreach (string table in inList)
            {
                foreach (string child in ReferencingTables(table))
                {
                    if (inList.Contains(child)) continue;
                    throw new TenantDbException(cascade ? TenantDbErrorKind.NotSupported : TenantDbErrorKind.Sql, cascade ? "0A000" : "2BP01",
                        cascade
                            ? $"DROP TABLE ... CASCADE cannot drop the foreign key of table \"{child}\" that references table \"{table}\"; drop \"{child}\" too or its constraint first"
                            : $"cannot drop table {table} because other objects depend on it (table {child} references it)");
                }
            }

            // Tables that reference others go first, so no row is ever left pointing at a dropped table.
            order = ChildrenFirst(order, name => name);
        }

        InDdlSavepoint(deferForeignKeys: true, () =>
        {
            foreach (string name in order)
            {
                using TenantStatement drop = Prepare($"DROP {objectKind} {(ifExists ? "IF EXISTS " : string.Empty)}{SchemaSql.Quote(name)}");
                drop.ExecuteNonQuery();
            }
        });
    }

    /// <summary>
    /// TRUNCATE a, b, ...: deletes every row of the tables in one unit without running their triggers
    /// (a table with DELETE triggers is refused rather than silently running them or not).
    /// </summary>
    /// <param name="tables">The tables, as the client named them.</param>
    /// <param name="restartIdentity">Also restart the tables' AUTOINCREMENT counters and owned sequences.</param>
    /// <param name="cascade">Also truncate the tables whose foreign keys reference them.</param>
    public void Truncate(IReadOnlyList<string> tables, bool restartIdentity, bool cascade)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ThrowIfUnusable();
        var targets = new List<(string Schema, string Name)>();
        foreach (string name in tables)
        {
            var table = FindTable(name) ?? throw UndefinedTable(name);
            if (!targets.Contains(table)) targets.Add(table);
        }

        // PostgreSQL: a table other tables reference is truncated only together with them, or with CASCADE.
        for (int i = 0; i < targets.Count; i++)
        {
            if (targets[i].Schema != "main") continue;
            foreach (string child in ReferencingTables(targets[i].Name))
            {
                if (targets.Contains(("main", child))) continue;
                if (!cascade)
                {
                    throw new TenantDbException(TenantDbErrorKind.NotSupported, "0A000",
                        $"cannot truncate a table referenced in a foreign key constraint: table \"{child}\" references \"{targets[i].Name}\"; truncate \"{child}\" at the same time, or use TRUNCATE ... CASCADE");
                }

                targets.Add(("main", child));
            }
        }

        targets = ChildrenFirst(targets, t => t.Name);
        InDdlSavepoint(deferForeignKeys: true, () =>
        {
            foreach (var (schema, name) in targets)
            {
                try
                {
                    ExecuteTrusted($"DELETE FROM {schema}.{SchemaSql.Quote(name)}");
                }
                catch (TenantDbException e) when (e.Kind == TenantDbErrorKind.Denied)
                {
                    throw new TenantDbException(TenantDbErrorKind.NotSupported, "0A000",
                        $"TRUNCATE cannot empty table \"{name}\" without running its triggers ({e.Message}); use DELETE FROM \"{name}\"");
                }

                if (restartIdentity && schema == "main") RestartIdentity(name);
            }
        });
    }

    /// <summary>
    /// VACUUM [ANALYZE] [tables]: checks the tables exist and (with <paramref name="analyze"/>) gathers
    /// their statistics (all tables' without a list). SQLite reuses freed pages by itself and can only
    /// compact a whole file, through a temporary attached database that tenant SQL may not have, so
    /// nothing more is done, as PostgreSQL's plain VACUUM does not shrink files either.
    /// </summary>
    public void Vacuum(IReadOnlyList<string> tables, bool analyze)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ThrowIfUnusable();
        if (InTransaction) throw new TenantDbException(TenantDbErrorKind.Sql, "25001", "VACUUM cannot run inside a transaction block");
        if (tables.Count == 0)
        {
            if (analyze) Analyze(tables);
            return;
        }

        foreach (string name in tables)
        {
            var table = FindTable(name) ?? throw UndefinedTable(name);
            if (analyze) AnalyzeTable(table);
        }
    }

    /// <summary>ANALYZE [tables]: gathers statistics of the named tables, or of every table of the tenant.</summary>
    public void Analyze(IReadOnlyList<string> tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ThrowIfUnusable();
        if (tables.Count > 0)
        {
            foreach (string name in tables) AnalyzeTable(FindTable(name) ?? throw UndefinedTable(name));
            return;
        }

        foreach (SqlValue[] row in QueryTrusted("SELECT name FROM main.sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"))
        {
            if (!TenantAuthorizer.IsReserved(row[0].AsText)) AnalyzeTable(("main", row[0].AsText));
        }
    }

    /// <summary>LOCK TABLE: checks that the tables exist (the tenant's transaction already excludes other writers at its first write).</summary>
    public void CheckTablesExist(IReadOnlyList<string> tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ThrowIfUnusable();
        foreach (string name in tables) _ = FindTable(name) ?? throw UndefinedTable(name);
    }

    // Tenant SQL, so the authorizer decides as for any statement of the tenant's.
    private void AnalyzeTable((string Schema, string Name) table)
    {
        using TenantStatement analyze = Prepare($"ANALYZE {table.Schema}.{SchemaSql.Quote(table.Name)}");
        analyze.ExecuteNonQuery();
    }

    private void RestartIdentity(string table)
    {
        if (QueryTrusted("SELECT 1 FROM main.sqlite_schema WHERE type = 'table' AND name = 'sqlite_sequence'").Count > 0)
        {
            ExecuteTrusted("DELETE FROM main.sqlite_sequence WHERE name = ?1 COLLATE NOCASE", SqlValue.Text(table));
        }

        RestartOwnedSequences(table);
    }

    /// <summary>
    /// The table <paramref name="name"/> names, TEMP first as SQLite and PostgreSQL resolve it; null
    /// when there is none. The engine's reserved tables and SQLite's own are refused.
    /// </summary>
    private (string Schema, string Name)? FindTable(string name)
    {
        if (TenantAuthorizer.IsReserved(name) || name.StartsWith("sqlite_", StringComparison.OrdinalIgnoreCase))
        {
            throw new TenantDbException(TenantDbErrorKind.Denied, $"permission denied: \"{name}\" is reserved");
        }

        foreach (string schema in (ReadOnlySpan<string>)["temp", "main"])
        {
            var rows = QueryTrusted($"SELECT type, name FROM {schema}.sqlite_schema WHERE name = ?1 COLLATE NOCASE AND type IN ('table', 'view')", SqlValue.Text(name));
            if (rows.Count == 0) continue;
            if (rows[0][0].AsText != "table") throw new TenantDbException(TenantDbErrorKind.Sql, "42809", $"\"{name}\" is not a table");
            return (schema, rows[0][1].AsText);
        }

        return null;
    }

    /// <summary>The main-schema tables other than <paramref name="table"/> whose foreign keys reference it.</summary>
    private List<string> ReferencingTables(string table)
    {
        var children = new List<string>();
        foreach (SqlValue[] row in QueryTrusted(
            "SELECT DISTINCT m.name FROM main.sqlite_schema AS m, pragma_foreign_key_list(m.name, 'main') AS f " +
            "WHERE m.type = 'table' AND f.\"table\" = ?1 COLLATE NOCASE AND m.name <> ?1 COLLATE NOCASE", SqlValue.Text(table)))
        {
            children.Add(row[0].AsText);
        }

        return children;
    }

    // The items ordered so that a table comes before the tables its foreign keys reference (a cycle
    // keeps the remaining order; deferred foreign keys make any order work in the end).
    private List<T> ChildrenFirst<T>(List<T> items, Func<T, string> name)
    {
        var remaining = new List<T>(items);
        var ordered = new List<T>(items.Count);
        while (remaining.Count > 0)
        {
            int pick = remaining.FindIndex(candidate =>
                !remaining.Exists(other => !string.Equals(name(other), name(candidate), StringComparison.OrdinalIgnoreCase)
                    && References(name(other), name(candidate))));
            if (pick < 0) pick = 0;
            ordered.Add(remaining[pick]);
            remaining.RemoveAt(pick);
        }

        return ordered;
    }

    // True when child's foreign keys reference parent.
    private bool References(string child, string parent) =>
        QueryTrusted("SELECT 1 FROM pragma_foreign_key_list(?1, 'main') WHERE \"table\" = ?2 COLLATE NOCASE",
            SqlValue.Text(child), SqlValue.Text(parent)).Count > 0;

    private static TenantDbException UndefinedTable(string name) =>
        new(TenantDbErrorKind.UndefinedObject, "42P01", $"relation \"{name}\" does not exist");

    /// <summary>
    /// Runs <paramref name="body"/> inside a savepoint: it commits with the surrounding transaction (or
    /// alone), or is undone whole. With <paramref name="deferForeignKeys"/>, foreign keys are checked
    /// at the end of the transaction, so rows deleted in any order within it are fine.
    /// </summary>
    private void InDdlSavepoint(bool deferForeignKeys, Action body)
    {
        bool wasDeferred = deferForeignKeys && QueryTrusted("PRAGMA defer_foreign_keys")[0][0].AsInteger != 0;
        ExecuteTrusted($"SAVEPOINT {DdlSavepoint}");
        try
        {
            if (deferForeignKeys && !wasDeferred) ExecuteTrusted("PRAGMA defer_foreign_keys = ON");
            body();
            if (deferForeignKeys && !wasDeferred) ExecuteTrusted("PRAGMA defer_foreign_keys = OFF");
            ExecuteTrusted($"RELEASE {DdlSavepoint}");
        }
        catch (TenantDbException)
        {
            if (InTransaction)
            {
                ExecuteTrusted($"ROLLBACK TO {DdlSavepoint}");
                ExecuteTrusted($"RELEASE {DdlSavepoint}");
            }

            if (deferForeignKeys && !wasDeferred) ExecuteTrusted("PRAGMA defer_foreign_keys = OFF");
            throw;
        }
    }
}
