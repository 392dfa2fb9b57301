using TenantDb.Engine.Sql;
using TenantDb.Engine.Values;

namespace TenantDb.Engine.Procedures;

/// <summary>
/// One value of a <see cref="ChannelRow"/>: SQLite's own value object, read in place (see
/// <see cref="SqliteNative.ColumnValue"/>). Valid only until the cursor steps.
/// </summary>
internal readonly ref struct ChannelValue
{
    private readonly nint _value;

    public ChannelValue(nint value) => _value = value;

    /// <summary>The value's SQLite type code: 1 integer, 2 float, 3 text, 4 blob, 5 null.</summary>
    public int TypeCode => SqliteNative.ValueType(_value);

    public SqlType Type => TypeCode switch
    {
        1 => SqlType.Integer,
        2 => SqlType.Real,
        3 => SqlType.Text,
        4 => SqlType.Blob,
        _ => SqlType.Null,
    };

    public long Int64 => SqliteNative.ValueInt64(_value);

    public double Double => SqliteNative.ValueDouble(_value);

    /// <summary>The value's text as SQLite stores it (normally UTF-8, not validated here).</summary>
    public ReadOnlySpan<byte> Text => SqliteNative.ValueTextSpan(_value);

    public ReadOnlySpan<byte> Blob => SqliteNative.ValueBlobSpan(_value);
}
