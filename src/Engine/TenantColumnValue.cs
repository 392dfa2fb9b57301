using TenantDb.Engine.Sql;
using TenantDb.Engine.Values;

namespace TenantDb.Engine;

/// <summary>
/// One column of a <see cref="TenantReader"/>'s current row, read from SQLite's value object: its type
/// and an integer or double cost one native call that locks the connection, where the reader's getters
/// cost one each (type, then value); text and blobs cost one more. Valid until the reader moves.
/// </summary>
/// <remarks>
/// Read the accessor that matches <see cref="Type"/> (<see cref="Int64"/> for Integer, <see cref="Double"/>
/// for Real or Integer, <see cref="TextUtf8"/> for Text, <see cref="Blob"/> for Blob); for conversions use
/// the reader's getters. The type, integer, double and lengths are read without the connection's lock,
/// which is safe because none of them converts or allocates (SQLite calls the value "unprotected"); the
/// text and blob pointers are taken under it, since SQLite may allocate to NUL-terminate or expand them.
/// </remarks>
public readonly ref struct TenantColumnValue
{
    private readonly nint _stmt;
    private readonly int _column;
    private readonly nint _value;

    internal TenantColumnValue(nint stmt, int column)
    {
        _stmt = stmt;
        _column = column;
        _value = SqliteNative.ColumnValue(stmt, column);
        Type = SqliteNative.ValueType(_value) switch
        {
            1 => SqlType.Integer,
            2 => SqlType.Real,
            3 => SqlType.Text,
            4 => SqlType.Blob,
            _ => SqlType.Null,
        };
    }

    /// <summary>The value's storage class.</summary>
    public SqlType Type { get; }

    /// <summary>An Integer value.</summary>
    public long Int64 => SqliteNative.ValueInt64(_value);

    /// <summary>A Real value, or an Integer value as a double.</summary>
    public double Double => SqliteNative.ValueDouble(_value);

    /// <summary>A Text value's UTF-8 bytes.</summary>
    public ReadOnlySpan<byte> TextUtf8 => SqliteNative.TextSpan(_stmt, _column, _value);

    /// <summary>A Blob value's bytes.</summary>
    public ReadOnlySpan<byte> Blob => SqliteNative.BlobSpan(_stmt, _column, _value);
}
