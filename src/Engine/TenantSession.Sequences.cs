// SAFETY-CRITICAL for the trust boundary: sequence state lives in a reserved table that only these
// trusted, schema-qualified statements (and SequenceFunctions) read or write; tenant SQL cannot name it.
using TenantDb.Engine.Ddl;
using TenantDb.Engine.Errors;
using TenantDb.Engine.Hardening;
using TenantDb.Engine.Values;

namespace TenantDb.Engine;

/// <summary>CREATE, ALTER and DROP SEQUENCE over the reserved sequences table.</summary>
public sealed partial class TenantSession
{
    /// <summary>The reserved table that holds every sequence of the tenant.</summary>
    internal const string SequencesTable = "main._tenantdb_sequences";

    /// <summary>CREATE SEQUENCE <paramref name="name"/>; false when it existed and <paramref name="ifNotExists"/> was given.</summary>
    public bool CreateSequence(string name, SequenceOptions options, bool ifNotExists)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(options);
        ThrowIfUnusable();
        CheckSequenceName(name);
        if (QueryTrusted("SELECT 1 FROM main.sqlite_schema WHERE name = ?1 COLLATE NOCASE UNION ALL SELECT 1 FROM temp.sqlite_schema WHERE name = ?1 COLLATE NOCASE", SqlValue.Text(name)).Count > 0)
        {
            throw new TenantDbException(TenantDbErrorKind.Sql, "42P07", $"relation \"{name}\" already exists");
        }

        EnsureSequencesTable();
        if (ReadSequence(name) is not null)
        {
            if (ifNotExists) return false;
            throw new TenantDbException(TenantDbErrorKind.Sql, "42P07", $"relation \"{name}\" already exists");
        }

        var sequence = SequenceState.Create(name, options);
        ExecuteTrusted($"INSERT INTO {SequencesTable} (name, increment, min_value, max_value, start_value, cycle, last_value, is_called, owned_table, owned_column) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, ?8, ?9)",
            SqlValue.Text(name), SqlValue.Integer(sequence.Increment), SqlValue.Integer(sequence.MinValue), SqlValue.Integer(sequence.MaxValue),
            SqlValue.Integer(sequence.Start), SqlValue.Integer(sequence.Cycle ? 1 : 0), SqlValue.Integer(sequence.Start),
            SqlValue.Text(OwnedTable(options)), SqlValue.Text(options.OwnedBy is { Column: { Length: > 0 } c } ? c : null));
        return true;
    }

    /// <summary>ALTER SEQUENCE <paramref name="name"/>; false when it did not exist and <paramref name="ifExists"/> was given.</summary>
    public bool AlterSequence(string name, SequenceOptions options, bool ifExists)
    {
        ArgumentNullException.ThrowIfNull(options);
        ThrowIfUnusable();
        var current = ReadSequence(name);
        if (current is null)
        {
            if (ifExists) return false;
            throw UndefinedTable(name);
        }

        var altered = current.Alter(options);
        ExecuteTrusted($"UPDATE {SequencesTable} SET increment = ?2, min_value = ?3, max_value = ?4, start_value = ?5, cycle = ?6, last_value = ?7, is_called = ?8, owned_table = coalesce(?9, owned_table), owned_column = coalesce(?10, owned_column) WHERE name = ?1",
            SqlValue.Text(current.Name), SqlValue.Integer(altered.Increment), SqlValue.Integer(altered.MinValue), SqlValue.Integer(altered.MaxValue),
            SqlValue.Integer(altered.Start), SqlValue.Integer(altered.Cycle ? 1 : 0), SqlValue.Integer(altered.LastValue), SqlValue.Integer(altered.IsCalled ? 1 : 0),
            SqlValue.Text(OwnedTable(options)), SqlValue.Text(options.OwnedBy is { } o ? o.Column : null));
        return true;
    }

    /// <summary>DROP SEQUENCE a, b, ...: all or none.</summary>
    public void DropSequences(IReadOnlyList<string> names, bool ifExists)
    {
        ArgumentNullException.ThrowIfNull(names);
        ThrowIfUnusable();
        foreach (string name in names)
        {
            if (!ifExists && ReadSequence(name) is null) throw UndefinedTable(name);
        }

        if (!SequencesTableExists()) return;
        InDdlSavepoint(deferForeignKeys: false, () =>
        {
            foreach (string name in names) ExecuteTrusted($"DELETE FROM {SequencesTable} WHERE name = ?1", SqlValue.Text(name));
        });
    }

    /// <summary>TRUNCATE ... RESTART IDENTITY: the sequences owned by the table's columns start over.</summary>
    private void RestartOwnedSequences(string table)
    {
        if (SequencesTableExists())
        {
            ExecuteTrusted($"UPDATE {SequencesTable} SET last_value = start_value, is_called = 0 WHERE owned_table = ?1 COLLATE NOCASE", SqlValue.Text(table));
        }
    }

    private static string? OwnedTable(SequenceOptions options) => options.OwnedBy is { } owned ? owned.Table : null;

    private static void CheckSequenceName(string name)
    {
        if (TenantAuthorizer.IsReserved(name) || name.StartsWith("sqlite_", StringComparison.OrdinalIgnoreCase))
        {
            throw new TenantDbException(TenantDbErrorKind.Denied, $"permission denied: \"{name}\" is reserved");
        }
    }

    private bool SequencesTableExists() =>
        QueryTrusted("SELECT 1 FROM main.sqlite_schema WHERE type = 'table' AND name = '_tenantdb_sequences'").Count > 0;

    private void EnsureSequencesTable() => ExecuteTrusted(
        $"CREATE TABLE IF NOT EXISTS {SequencesTable} (name TEXT PRIMARY KEY NOT NULL, increment INTEGER NOT NULL, min_value INTEGER NOT NULL, " +
        "max_value INTEGER NOT NULL, start_value INTEGER NOT NULL, cycle INTEGER NOT NULL, last_value INTEGER NOT NULL, is_called INTEGER NOT NULL, " +
        "owned_table TEXT, owned_column TEXT) WITHOUT ROWID");

    /// <summary>
    /// Every stored sequence with its owner, for the PostgreSQL catalog: re-validated like any read of the
    /// table (a malformed row is left out rather than shown).
    /// </summary>
    internal List<(SequenceState State, string? OwnedTable, string? OwnedColumn)> ReadSequencesForCatalog()
    {
        var found = new List<(SequenceState, string?, string?)>();
        if (!SequencesTableExists()) return found;
        foreach (var row in QueryTrusted($"SELECT name, increment, min_value, max_value, start_value, cycle, last_value, is_called, owned_table, owned_column FROM {SequencesTable} ORDER BY name"))
        {
            SequenceState state;
            try
            {
                state = SequenceState.FromRow(row);
            }
            catch (TenantDbException e) when (e.Kind == TenantDbErrorKind.Corrupt)
            {
                continue;
            }

            found.Add((state, row[8].Type == SqlType.Text ? row[8].AsText : null, row[9].Type == SqlType.Text ? row[9].AsText : null));
        }

        return found;
    }

    /// <summary>
    /// What the catalog shows of the stored sequences (names, options, owners; not their current values),
    /// as one string: the catalog is rebuilt when it changes, since CREATE/ALTER SEQUENCE change rows of
    /// the reserved table rather than the schema.
    /// </summary>
    internal string SequenceDefinitionsStamp()
    {
        if (!SequencesTableExists()) return string.Empty;
        var rows = QueryTrusted("SELECT coalesce(group_concat(quote(name) || ' ' || increment || ' ' || min_value || ' ' || max_value || ' ' || start_value || ' ' || cycle || ' ' || " +
            $"quote(owned_table) || ' ' || quote(owned_column), ';'), '') FROM (SELECT * FROM {SequencesTable} ORDER BY name)");
        return rows is [[{ Type: SqlType.Text } stamp]] ? stamp.AsText : string.Empty;
    }

    /// <summary>The stored sequence, re-validated; null when there is none.</summary>
    private SequenceState? ReadSequence(string name)
    {
        if (!SequencesTableExists()) return null;
        var rows = QueryTrusted($"SELECT name, increment, min_value, max_value, start_value, cycle, last_value, is_called FROM {SequencesTable} WHERE name = ?1", SqlValue.Text(name));
        return rows.Count == 0 ? null : SequenceState.FromRow(rows[0]);
    }
}
