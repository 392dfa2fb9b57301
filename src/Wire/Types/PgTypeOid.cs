namespace TenantDb.Wire.Types;

/// <summary>OIDs of the PostgreSQL built-in types TenantDb reads or writes (from pg_type.dat).</summary>
internal static class PgTypeOid
{
    public const uint Unspecified = 0;
    public const uint Bool = 16;
    public const uint Bytea = 17;
    public const uint Char = 18;
    public const uint Name = 19;
    public const uint Int8 = 20;
    public const uint Int2 = 21;
    public const uint Int4 = 23;
    public const uint Text = 25;
    public const uint Oid = 26;
    public const uint Json = 114;
    public const uint Xml = 142;
    public const uint Float4 = 700;
    public const uint Float8 = 701;
    public const uint Unknown = 705;
    public const uint Money = 790;
    public const uint Bpchar = 1042;
    public const uint Varchar = 1043;
    public const uint Date = 1082;
    public const uint Time = 1083;
    public const uint Timestamp = 1114;
    public const uint TimestampTz = 1184;
    public const uint Interval = 1186;
    public const uint TimeTz = 1266;
    public const uint Numeric = 1700;
    public const uint Record = 2249;
    public const uint Void = 2278;
    public const uint Uuid = 2950;
    public const uint Jsonb = 3802;

    /// <summary>pg_type.typlen of a result type (-1 = variable length).</summary>
    public static short SizeOf(uint oid) => oid switch
    {
        Bool or Char => 1,
        Int2 => 2,
        Int4 or Float4 or Oid => 4,
        Name => 64,
        Int8 or Float8 => 8,
        _ => -1,
    };
}
