using System.Collections.Frozen;

namespace TenantDb.Engine.PgCatalog;

/// <summary>The PostgreSQL built-in types the emulated catalog lists, with their arrays.</summary>
internal static class PgBuiltinTypes
{
    public const uint Bool = 16;
    public const uint Bytea = 17;
    public const uint Char = 18;
    public const uint Name = 19;
    public const uint Int8 = 20;
    public const uint Int2 = 21;
    public const uint Int2Vector = 22;
    public const uint Int4 = 23;
    public const uint RegProc = 24;
    public const uint Text = 25;
    public const uint Oid = 26;
    public const uint OidVector = 30;
    public const uint Json = 114;
    public const uint Float4 = 700;
    public const uint Float8 = 701;
    public const uint Bpchar = 1042;
    public const uint Varchar = 1043;
    public const uint Date = 1082;
    public const uint Time = 1083;
    public const uint Timestamp = 1114;
    public const uint TimestampTz = 1184;
    public const uint Interval = 1186;
    public const uint TimeTz = 1266;
    public const uint Numeric = 1700;
    public const uint Uuid = 2950;
    public const uint Jsonb = 3802;

    /// <summary>Every listed type, scalars first, then their arrays.</summary>
    public static readonly IReadOnlyList<PgBuiltinType> All = Build();

    /// <summary>Types by OID.</summary>
    public static readonly FrozenDictionary<uint, PgBuiltinType> ByOid = All.ToFrozenDictionary(t => t.Oid);

    /// <summary>Types by typname (<c>int2vector</c>, <c>_int2</c>...).</summary>
    public static readonly FrozenDictionary<string, PgBuiltinType> ByName = All.ToFrozenDictionary(t => t.Name, StringComparer.OrdinalIgnoreCase);

    private static PgBuiltinType[] Build()
    {
        var scalars = new PgBuiltinType[]
        {
            new(Bool, "bool", 1, 'B', 1000, 0, "boolean"),
            new(Bytea, "bytea", -1, 'U', 1001, 0, "bytea"),
            new(Char, "char", 1, 'Z', 1002, 0, "\"char\""),
            new(Name, "name", 64, 'S', 1003, 0, "name"),
            new(Int8, "int8", 8, 'N', 1016, 0, "bigint"),
            new(Int2, "int2", 2, 'N', 1005, 0, "smallint"),
            new(Int2Vector, "int2vector", -1, 'A', 1006, Int2, "int2vector"),
            new(Int4, "int4", 4, 'N', 1007, 0, "integer"),
            new(RegProc, "regproc", 4, 'N', 1008, 0, "regproc"),
            new(Text, "text", -1, 'S', 1009, 0, "text"),
            new(Oid, "oid", 4, 'N', 1028, 0, "oid"),
            new(OidVector, "oidvector", -1, 'A', 1013, Oid, "oidvector"),
            new(28, "xid", 4, 'U', 1011, 0, "xid"),
            new(Json, "json", -1, 'U', 199, 0, "json"),
            new(142, "xml", -1, 'U', 143, 0, "xml"),
            new(194, "pg_node_tree", -1, 'Z', 0, 0, "pg_node_tree"),
            new(Float4, "float4", 4, 'N', 1021, 0, "real"),
            new(Float8, "float8", 8, 'N', 1022, 0, "double precision"),
            new(705, "unknown", -2, 'X', 0, 0, "unknown"),
            new(790, "money", 8, 'N', 791, 0, "money"),
            new(1033, "aclitem", 12, 'U', 1034, 0, "aclitem"),
            new(Bpchar, "bpchar", -1, 'S', 1014, 0, "character"),
            new(Varchar, "varchar", -1, 'S', 1015, 0, "character varying"),
            new(Date, "date", 4, 'D', 1182, 0, "date"),
            new(Time, "time", 8, 'D', 1183, 0, "time without time zone"),
            new(Timestamp, "timestamp", 8, 'D', 1115, 0, "timestamp without time zone"),
            new(TimestampTz, "timestamptz", 8, 'D', 1185, 0, "timestamp with time zone"),
            new(Interval, "interval", 16, 'T', 1187, 0, "interval"),
            new(TimeTz, "timetz", 12, 'D', 1270, 0, "time with time zone"),
            new(Numeric, "numeric", -1, 'N', 1231, 0, "numeric"),
            new(2205, "regclass", 4, 'N', 2210, 0, "regclass"),
            new(2206, "regtype", 4, 'N', 2211, 0, "regtype"),
            new(2249, "record", -1, 'P', 2287, 0, "record"),
            new(2275, "cstring", -2, 'P', 1263, 0, "cstring"),
            new(2278, "void", 4, 'P', 0, 0, "void"),
            new(Uuid, "uuid", 16, 'U', 2951, 0, "uuid"),
            new(Jsonb, "jsonb", -1, 'U', 3807, 0, "jsonb"),
            new(4089, "regnamespace", 4, 'N', 4090, 0, "regnamespace"),
            new(4096, "regrole", 4, 'N', 4097, 0, "regrole"),
        };
        var all = new List<PgBuiltinType>(scalars);
        foreach (var t in scalars)
        {
            if (t.ArrayOid != 0)
            {
                all.Add(new PgBuiltinType(t.ArrayOid, "_" + t.Name, -1, 'A', 0, t.Oid, t.SqlName + "[]"));
            }
        }

        return [.. all];
    }
}
