using TenantDb.Engine.PgCatalog;
using TenantDb.Wire.Protocol;
using TenantDb.Wire.Types;

namespace TenantDb.Wire.Server;

/// <summary>Result columns as RowDescription announces them: name, type and the format Bind asked for.</summary>
internal static class ResultColumns
{
    /// <summary>
    /// Column <paramref name="index"/> of <paramref name="count"/>, in the format Bind's result format
    /// codes ask for (none: text; one: for all; else one per column).
    /// </summary>
    public static PgColumn Column(string name, uint type, short[] formats, int index, int count) =>
        Column(name, new PgDeclaredType(type, -1), formats, index, count);

    /// <summary>Column <paramref name="index"/> of <paramref name="count"/> with its type modifier.</summary>
    public static PgColumn Column(string name, PgDeclaredType type, short[] formats, int index, int count)
    {
        short format = formats.Length switch
        {
            0 => 0,
            1 => formats[0],
            _ when formats.Length == count => formats[index],
            _ => throw new PgStatementException(SqlState.ProtocolViolation, $"bind message has {formats.Length} result formats but query has {count} columns"),
        };
        // Only the types TenantDb encodes in binary may be sent in binary; the rest go as text.
        if (format == 1 && !PgValueWriter.CanWriteBinary(type.TypeOid)) format = 0;
        return new PgColumn(name, type.TypeOid, PgTypeOid.SizeOf(type.TypeOid), format, type.TypeModifier);
    }
}
