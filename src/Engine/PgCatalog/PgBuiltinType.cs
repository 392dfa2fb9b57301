namespace TenantDb.Engine.PgCatalog;

/// <summary>One row of the emulated <c>pg_type</c>: a PostgreSQL built-in type with its real OID.</summary>
/// <param name="Oid">The type's OID in every PostgreSQL 15 cluster.</param>
/// <param name="Name">pg_type.typname (arrays are the element's name prefixed with an underscore).</param>
/// <param name="Length">typlen: bytes, or -1 for variable length, -2 for C strings.</param>
/// <param name="Category">typcategory (N numeric, S string, B boolean, D date/time, A array, ...).</param>
/// <param name="ArrayOid">typarray: the OID of the array of this type, 0 if none.</param>
/// <param name="ElementOid">typelem: for an array, its element type; 0 otherwise.</param>
/// <param name="SqlName">What format_type() prints (<c>integer</c>, <c>character varying</c>).</param>
internal sealed record PgBuiltinType(uint Oid, string Name, short Length, char Category, uint ArrayOid, uint ElementOid, string SqlName)
{
    /// <summary>typbyval: fixed-length types up to eight bytes are passed by value.</summary>
    public bool ByValue => Length is 1 or 2 or 4 or 8;

    /// <summary>typcollation: collatable types use the default collation.</summary>
    public uint Collation => Category == 'S' && Oid != PgBuiltinTypes.Char && Oid != PgBuiltinTypes.Name ? PgObjectId.DefaultCollation
        : Oid == PgBuiltinTypes.Name ? 950u : 0u;

    /// <summary>typalign: the alignment PostgreSQL stores the type with.</summary>
    public char Alignment => Length switch
    {
        1 or -2 => 'c',
        2 => 's',
        8 when ByValue => 'd',
        _ => Category == 'A' || Oid == PgBuiltinTypes.Numeric || Oid == PgBuiltinTypes.Interval ? 'd' : 'i',
    };
}
