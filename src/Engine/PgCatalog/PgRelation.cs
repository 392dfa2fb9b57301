namespace TenantDb.Engine.PgCatalog;

/// <summary>A table, view or index of the tenant as the catalog describes it.</summary>
/// <param name="Oid">Its OID (derived from its name).</param>
/// <param name="Name">Its name.</param>
/// <param name="Kind">pg_class.relkind: r table, v view, i index, S sequence.</param>
/// <param name="Sql">The CREATE statement SQLite keeps, or null for an index SQLite created itself.</param>
internal sealed record PgRelation(uint Oid, string Name, char Kind, string? Sql)
{
    /// <summary>Columns of a table or view (attnum = position + 1).</summary>
    public List<PgColumn> Columns { get; } = [];
}

/// <summary>A column as PRAGMA table_xinfo reports it, with its PostgreSQL type.</summary>
internal sealed record PgColumn(string Name, string? DeclaredType, PgDeclaredType Type, bool NotNull, string? Default, int PrimaryKeyPosition, int Hidden)
{
    /// <summary>For a serial column (SQLite's row id, declared serial or identity): the sequence PostgreSQL would own for it.</summary>
    public PgRelation? Sequence { get; set; }

    /// <summary>Whether the column owns <see cref="Sequence"/> (what pg_get_serial_sequence reports); false for a plain <c>nextval</c> default.</summary>
    public bool OwnsSequence { get; set; }

    /// <summary>pg_attribute.attidentity: 'a' for GENERATED ALWAYS, 'd' for BY DEFAULT, '\0' for a column that is no identity column.</summary>
    public char Identity { get; set; }

    /// <summary>The default PostgreSQL shows: <c>nextval('t_id_seq'::regclass)</c> for a serial column, none for an identity column, a string constant with its type.</summary>
    public string? PgDefault => Identity != '\0' ? null : Sequence is null ? (Default is null ? null : PgDefaultText.Show(Default, Type.TypeOid)) : $"nextval('{PgIdentifier.Quote(Sequence.Name).Replace("'", "''", StringComparison.Ordinal)}'::regclass)";
}
