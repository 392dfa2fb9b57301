using System.Collections.Frozen;

namespace TenantDb.Engine.PgCatalog;

/// <summary>
/// Object identifiers of the emulated catalog. SQLite has no OIDs, so a relation's OID is derived from
/// its name: stable for the object's lifetime (and across connections and restarts), which is what lets
/// <c>'items'::regclass</c> and an OID read from <c>pg_class</c> round-trip. User objects start at
/// 16384 like PostgreSQL's; fixed OIDs below that are PostgreSQL's own.
/// </summary>
internal static class PgObjectId
{
    /// <summary>The first OID PostgreSQL assigns to user objects.</summary>
    public const uint FirstUser = 16384;

    /// <summary><c>pg_catalog</c>'s namespace OID.</summary>
    public const uint PgCatalogNamespace = 11;

    /// <summary><c>public</c>'s namespace OID.</summary>
    public const uint PublicNamespace = 2200;

    /// <summary><c>information_schema</c>'s namespace OID (as in a PostgreSQL 15 cluster created by initdb).</summary>
    public const uint InformationSchemaNamespace = 13000;

    /// <summary>The role that owns every object of the tenant (PostgreSQL's bootstrap superuser OID).</summary>
    public const uint OwnerRole = 10;

    /// <summary>PostgreSQL 15's predefined role <c>pg_database_owner</c>, which owns the <c>public</c> schema.</summary>
    public const uint DatabaseOwnerRole = 6171;

    /// <summary>The <c>heap</c> table access method.</summary>
    public const uint HeapAccessMethod = 2;

    /// <summary>The <c>btree</c> index access method.</summary>
    public const uint BtreeAccessMethod = 403;

    /// <summary>The default collation.</summary>
    public const uint DefaultCollation = 100;

    /// <summary>
    /// PostgreSQL 15's fixed OIDs of the system catalogs clients name in <c>'pg_class'::regclass</c>
    /// (as <c>pg_description.classoid</c> and <c>pg_depend.classid</c> values).
    /// </summary>
    public static readonly FrozenDictionary<string, uint> SystemRelations = new Dictionary<string, uint>
    {
        ["pg_type"] = 1247, ["pg_attribute"] = 1249, ["pg_proc"] = 1255, ["pg_class"] = 1259, ["pg_authid"] = 1260,
        ["pg_database"] = 1262, ["pg_am"] = 2601, ["pg_attrdef"] = 2604, ["pg_constraint"] = 2606, ["pg_description"] = 2609,
        ["pg_index"] = 2610, ["pg_language"] = 2612, ["pg_namespace"] = 2615, ["pg_rewrite"] = 2618, ["pg_trigger"] = 2620,
        ["pg_collation"] = 3456, ["pg_extension"] = 3079, ["pg_sequence"] = 2224, ["pg_tablespace"] = 1213,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The OID of an object of <paramref name="kind"/> named <paramref name="name"/> (case-insensitive,
    /// as SQLite names are). FNV-1a over the lower-cased name, folded into the user range.
    /// </summary>
    public static uint Of(char kind, string name)
    {
        uint hash = 2166136261;
        hash = Mix(hash, kind);
        hash = Mix(hash, '\0');
        foreach (char c in name)
        {
            hash = Mix(hash, char.ToLowerInvariant(c));
        }

        return FirstUser + (hash % (int.MaxValue - FirstUser));
    }

    private static uint Mix(uint hash, char c)
    {
        hash = (hash ^ (byte)c) * 16777619;
        return (hash ^ (byte)(c >> 8)) * 16777619;
    }
}
