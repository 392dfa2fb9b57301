using System.Buffers.Binary;
using System.Text;
using TenantDb.Engine.Values;

namespace TenantDb.Engine.Procedures;

/// <summary>
/// One result row emitted by a procedure, viewed in place in the ABI encoding (already validated
/// against the procedure's declared columns). Valid only during <see cref="IProcedureRowSink.OnRow"/>.
/// </summary>
public readonly ref struct ProcedureRow
{
    private readonly ReadOnlySpan<byte> _row;
    private readonly ReadOnlySpan<int> _offsets;

    internal ProcedureRow(ReadOnlySpan<byte> row, ReadOnlySpan<int> offsets)
    {
        _row = row;
        _offsets = offsets;
    }

    /// <summary>Number of values.</summary>
    public int Count => _offsets.Length;

    /// <summary>The type of value <paramref name="i"/>.</summary>
    public SqlType GetSqlType(int i) => _row[_offsets[i]] switch
    {
        AbiRow.TagNull => SqlType.Null,
        AbiRow.TagInt64 => SqlType.Integer,
        AbiRow.TagFloat64 => SqlType.Real,
        AbiRow.TagText => SqlType.Text,
        _ => SqlType.Blob,
    };

    /// <summary>Value <paramref name="i"/> as an integer (must be <see cref="SqlType.Integer"/>).</summary>
    public long GetInt64(int i) => BinaryPrimitives.ReadInt64LittleEndian(_row[(_offsets[i] + 1)..]);

    /// <summary>Value <paramref name="i"/> as a float (must be <see cref="SqlType.Real"/>).</summary>
    public double GetDouble(int i) => BinaryPrimitives.ReadDoubleLittleEndian(_row[(_offsets[i] + 1)..]);

    /// <summary>The UTF-8 bytes of a text value, or the bytes of a blob value.</summary>
    public ReadOnlySpan<byte> GetBytes(int i)
    {
        int at = _offsets[i] + 1;
        int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(_row[at..]);
        return _row.Slice(at + 4, length);
    }

    /// <summary>Value <paramref name="i"/> as a <see cref="SqlValue"/> (allocates for text and blobs).</summary>
    public SqlValue GetValue(int i) => GetSqlType(i) switch
    {
        SqlType.Null => SqlValue.Null,
        SqlType.Integer => SqlValue.Integer(GetInt64(i)),
        SqlType.Real => SqlValue.Real(GetDouble(i)),
        SqlType.Text => SqlValue.Text(Encoding.UTF8.GetString(GetBytes(i))),
        _ => SqlValue.Blob(GetBytes(i).ToArray()),
    };
}

/// <summary>Receives a procedure's result rows as it emits them, so they stream to the client.</summary>
public interface IProcedureRowSink
{
    /// <summary>Called once per emitted row, on the calling thread, in order.</summary>
    void OnRow(ProcedureRow row);
}
