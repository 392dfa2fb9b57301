using System.Collections.Frozen;

namespace TenantDb.Engine.PgCatalog;

/// <summary>
/// Names of the emulated catalog's <c>bool</c> columns (<c>indisprimary</c>, <c>attnotnull</c>...). SQLite
/// keeps them as 1/0, so a client's <c>ix.indisprimary = 'f'</c> (SQLAlchemy) must compare with 0: the SQL
/// layer rewrites a boolean literal compared with one of these names. The names are PostgreSQL's
/// prefixed catalog names, which user columns rarely share.
/// </summary>
public static class PgCatalogBooleanColumns
{
    private static readonly FrozenSet<string> Names = PgCatalogTables.All
        .SelectMany(table => table.Columns)
        .Where(column => column.Type == "bool")
        .Select(column => column.Name)
        .ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> Lookup = Names.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>True when <paramref name="name"/> is a bool column of some catalog relation.</summary>
    public static bool Contains(ReadOnlySpan<char> name) => Lookup.Contains(name);
}
