using TenantDb.Engine;
using TenantDb.Engine.Values;

namespace TenantDb.Wire.Types;

/// <summary>
/// Chooses the PostgreSQL type advertised for a result column from what the engine knows of it: its
/// <see cref="ColumnType"/> (declared or guessed by the engine), else the storage class of a value.
/// </summary>
internal static class ColumnTypeResolver
{
    /// <summary>The type for an engine column type, <see cref="PgTypeOid.Unspecified"/> for <see cref="ColumnType.Unknown"/>.</summary>
    public static uint FromColumnType(ColumnType type) => type switch
    {
        ColumnType.Boolean => PgTypeOid.Bool,
        ColumnType.Integer => PgTypeOid.Int8,
        ColumnType.Real => PgTypeOid.Float8,
        ColumnType.Numeric => PgTypeOid.Numeric,
        ColumnType.Text => PgTypeOid.Text,
        ColumnType.Blob => PgTypeOid.Bytea,
        ColumnType.Oid => PgTypeOid.Oid,
        ColumnType.Name => PgTypeOid.Name,
        ColumnType.Char => PgTypeOid.Char,
        _ => PgTypeOid.Unspecified,
    };

    /// <summary>The type implied by a value's storage class.</summary>
    public static uint FromValueType(SqlType type) => type switch
    {
        SqlType.Integer => PgTypeOid.Int8,
        SqlType.Real => PgTypeOid.Float8,
        SqlType.Blob => PgTypeOid.Bytea,
        _ => PgTypeOid.Text,
    };
}
