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

    /// <summary>The <c>heap</c> table access method.</summary>
    public const uint HeapAccessMethod = 2;

    /// <summary>The <c>btree</c> index access method.</summary>
    public const uint BtreeAccessMethod = 403;

    /// <summary>The default collation.</summary>
    public const uint DefaultCollation = 100;

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
