namespace TenantDb.Engine.PgCatalog;

/// <summary>
/// One relation of the emulated catalog, kept as a TEMP table of the session's connection. The declared
/// column types are PostgreSQL type names, so a client reading the relation gets the right type OIDs
/// (<c>bool</c>, <c>oid</c>, <c>name</c>, <c>"char"</c>, <c>_int2</c>...) and SQLite applies matching
/// affinities (an <c>oid</c> column compares numerically with <c>'16385'</c>).
/// </summary>
/// <param name="Name">The table's name in the temp schema: <c>pg_class</c>, or <c>information_schema.tables</c>.</param>
/// <param name="Columns">Column names and declared types, in PostgreSQL's order.</param>
internal sealed record PgCatalogTable(string Name, IReadOnlyList<(string Name, string Type)> Columns)
{
    /// <summary>Parses the compact <c>name type, name type</c> form used by <see cref="PgCatalogTables"/>.</summary>
    public static PgCatalogTable Define(string name, string columns)
    {
        var list = new List<(string, string)>();
        foreach (var part in columns.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            int space = part.IndexOf(' ', StringComparison.Ordinal);
            string type = part[(space + 1)..].Trim();
            // SQLite drops the quotes of a declared type, and a bare char is character(1): "char" is
            // declared by a name of its own that PgDeclaredType resolves to PostgreSQL's "char".
            list.Add((part[..space], type == "\"char\"" ? PgDeclaredType.CatalogCharName : type));
        }

        return new PgCatalogTable(name, list);
    }

    /// <summary>The quoted, temp-qualified name trusted statements use.</summary>
    public string QualifiedName => "temp.\"" + Name + "\"";

    /// <summary>The column position of <paramref name="column"/>.</summary>
    public int IndexOf(string column)
    {
        for (int i = 0; i < Columns.Count; i++)
        {
            if (Columns[i].Name == column) return i;
        }

        throw new ArgumentException($"{Name} has no column {column}", nameof(column));
    }

    /// <summary>The CREATE TEMP TABLE statement.</summary>
    public string CreateStatement()
    {
        var text = new System.Text.StringBuilder("CREATE TEMP TABLE IF NOT EXISTS \"").Append(Name).Append("\" (");
        for (int i = 0; i < Columns.Count; i++)
        {
            if (i > 0) text.Append(", ");
            text.Append('"').Append(Columns[i].Name).Append("\" ").Append(Columns[i].Type);
        }

        return text.Append(')').ToString();
    }

    /// <summary>The parameterised INSERT statement for one row.</summary>
    public string InsertStatement()
    {
        var text = new System.Text.StringBuilder("INSERT INTO ").Append(QualifiedName).Append(" VALUES (");
        for (int i = 0; i < Columns.Count; i++)
        {
            text.Append(i == 0 ? "?" : ", ?");
        }

        return text.Append(')').ToString();
    }
}
