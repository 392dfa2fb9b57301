namespace TenantDb.Engine.PgCatalog;

/// <summary>
/// The tenant's schema in PostgreSQL's terms, read from SQLite once per schema change: what the
/// catalog relations list and what the catalog functions (<c>pg_get_indexdef</c>,
/// <c>pg_get_constraintdef</c>, <c>::regclass</c>) look up.
/// </summary>
internal sealed class PgSchemaModel
{
    /// <summary>Tables, views and indexes by OID.</summary>
    public Dictionary<uint, PgRelation> Relations { get; } = [];

    /// <summary>Relation OIDs by lower-cased name.</summary>
    public Dictionary<string, uint> RelationsByName { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Indexes (user and constraint-backing).</summary>
    public List<PgIndex> Indexes { get; } = [];

    /// <summary>Primary key, unique, foreign key and check constraints.</summary>
    public Dictionary<uint, PgConstraint> Constraints { get; } = [];

    /// <summary>Triggers: OID, table OID, name, CREATE TRIGGER text.</summary>
    public List<(uint Oid, uint Table, string Name, string Sql)> Triggers { get; } = [];

    /// <summary>
    /// Columns whose default takes values from a sequence: the sequence, its table, the column's attnum,
    /// and whether the column owns the sequence (a serial or identity column, or OWNED BY).
    /// </summary>
    public List<(PgRelation Sequence, PgRelation Table, short Column, bool Owned)> Sequences { get; } = [];

    /// <summary>The tenant's stored sequences (CREATE SEQUENCE, serial columns that are not the row id), with their options.</summary>
    public Dictionary<PgRelation, Ddl.SequenceState> StoredSequences { get; } = [];

    /// <summary>Stored procedures.</summary>
    public Dictionary<uint, PgProcedure> Procedures { get; } = [];

    /// <summary>Role names by OID: the owner role and the tenant's users.</summary>
    public Dictionary<uint, string> Roles { get; } = [];

    /// <summary>The relation named <paramref name="name"/>, or null.</summary>
    public PgRelation? FindRelation(string name) =>
        RelationsByName.TryGetValue(name, out uint oid) ? Relations[oid] : null;

    /// <summary>Adds a relation, keeping OIDs unique even if two names hash alike.</summary>
    public PgRelation AddRelation(string name, char kind, string? sql)
    {
        uint oid = PgObjectId.Of('r', name);
        while (Relations.ContainsKey(oid)) oid++;
        var relation = new PgRelation(oid, name, kind, sql);
        Relations.Add(oid, relation);
        RelationsByName[name] = oid;
        return relation;
    }
}

/// <summary>An index: its relation, the table it belongs to, and its key columns (attnums; 0 for an expression).</summary>
internal sealed record PgIndex(PgRelation Relation, PgRelation Table, bool Unique, bool Primary, IReadOnlyList<short> Keys, IReadOnlyList<bool> Descending, bool Partial);

/// <summary>A constraint: kind p (primary key), u (unique), f (foreign key) or c (check, with its expression).</summary>
internal sealed record PgConstraint(uint Oid, string Name, char Kind, PgRelation Table, IReadOnlyList<short> Keys, uint IndexOid,
    PgRelation? Referenced, IReadOnlyList<short> ReferencedKeys, char OnUpdate, char OnDelete, string? CheckExpression = null)
{
    /// <summary>What pg_get_constraintdef prints.</summary>
    public string Definition()
    {
        string columns = ColumnList(Table, Keys);
        return Kind switch
        {
            'p' => $"PRIMARY KEY ({columns})",
            'u' => $"UNIQUE ({columns})",
            'c' => $"CHECK ({CheckExpression})",
            _ => $"FOREIGN KEY ({columns}) REFERENCES {PgIdentifier.Quote(Referenced!.Name)}({ColumnList(Referenced, ReferencedKeys)})"
                + Action("UPDATE", OnUpdate) + Action("DELETE", OnDelete),
        };
    }

    private static string Action(string verb, char action) => action switch
    {
        'r' => $" ON {verb} RESTRICT",
        'c' => $" ON {verb} CASCADE",
        'n' => $" ON {verb} SET NULL",
        'd' => $" ON {verb} SET DEFAULT",
        _ => string.Empty,
    };

    /// <summary>Column names for attnums, comma separated.</summary>
    public static string ColumnList(PgRelation table, IReadOnlyList<short> keys)
    {
        var names = new string[keys.Count];
        for (int i = 0; i < keys.Count; i++)
        {
            int index = keys[i] - 1;
            names[i] = index >= 0 && index < table.Columns.Count ? PgIdentifier.Quote(table.Columns[index].Name) : "?";
        }

        return string.Join(", ", names);
    }
}

/// <summary>A stored procedure: parameters and result columns as PostgreSQL type OIDs.</summary>
internal sealed record PgProcedure(uint Oid, string Name, IReadOnlyList<(string Name, uint Type)> Parameters, IReadOnlyList<(string Name, uint Type)> Columns);
