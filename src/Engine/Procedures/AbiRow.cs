using System.Buffers.Binary;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using TenantDb.Engine;
using TenantDb.Engine.Values;

namespace TenantDb.Engine.Procedures;

/// <summary>
/// The row encoding of the procedure ABI (docs/abi.md): <c>u32 row_length, u16 column_count,</c>
/// then per value a tag byte (0 null, 1 int64, 2 float64, 3 text, 4 blob) and its payload, all
/// little-endian. Rows are written straight from a SQLite cursor into guest memory and read back
/// from guest memory without trusting a single length.
/// </summary>
internal static class AbiRow
{
    public const int HeaderSize = 6;
    public const byte TagNull = 0, TagInt64 = 1, TagFloat64 = 2, TagText = 3, TagBlob = 4;

    /// <summary>Encoded size of <paramref name="row"/>, header included.</summary>
    public static long Measure(ChannelRow row)
    {
        long size = HeaderSize;
        int n = row.ColumnCount;
        for (int i = 0; i < n; i++)
        {
            var value = row[i];
            size += value.Type switch
            {
                SqlType.Null => 1,
                SqlType.Integer or SqlType.Real => 9,
                SqlType.Text => 5L + value.Text.Length,
                _ => 5L + value.Blob.Length,
            };
        }
        return size;
    }

    /// <summary>
    /// Encodes <paramref name="row"/> in one pass, asking SQLite for each column's value once.
    /// Returns false (having written nothing that counts) when the row does not fit.
    /// </summary>
    public static bool TryWrite(ChannelRow row, Span<byte> destination, out int written)
    {
        written = 0;
        int n = row.ColumnCount;
        if (destination.Length < HeaderSize) return false;
        int pos = HeaderSize;
        for (int i = 0; i < n; i++)
        {
            var value = row[i];
            // SQLite's type codes: 1 integer, 2 float, 3 text, 4 blob, 5 null.
            switch (value.TypeCode)
            {
                // The numbers are most of what a channel carries: one length check, then two stores
                // (TenantDb runs on x86-64 only, so the host's byte order is the ABI's little-endian).
                case 1:
                    if (destination.Length - pos < 9) return false;
                    WriteNumber(destination, pos, TagInt64, value.Int64);
                    pos += 9;
                    break;
                case 2:
                    if (destination.Length - pos < 9) return false;
                    WriteNumber(destination, pos, TagFloat64, BitConverter.DoubleToInt64Bits(value.Double));
                    pos += 9;
                    break;
                case 3:
                    var text = value.Text;
                    if (destination.Length - pos < 5L + text.Length) return false;
                    pos = WriteBytes(destination, pos, TagText, text);
                    break;
                case 4:
                    var blob = value.Blob;
                    if (destination.Length - pos < 5L + blob.Length) return false;
                    pos = WriteBytes(destination, pos, TagBlob, blob);
                    break;
                default:
                    if (pos >= destination.Length) return false;
                    destination[pos++] = TagNull;
                    break;
            }
        }
        BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)(pos - 4));
        BinaryPrimitives.WriteUInt16LittleEndian(destination[4..], (ushort)n);
        written = pos;
        return true;
    }

    /// <summary>Encoded size of <paramref name="values"/> as one row.</summary>
    public static int Measure(ReadOnlySpan<SqlValue> values)
    {
        int size = HeaderSize;
        foreach (var v in values)
        {
            size += v.Type switch
            {
                SqlType.Null => 1,
                SqlType.Integer or SqlType.Real => 9,
                SqlType.Text => 5 + Encoding.UTF8.GetByteCount(v.AsText),
                _ => 5 + v.AsBlob.Length,
            };
        }
        return size;
    }

    /// <summary>Encodes <paramref name="values"/> as one row into a new array.</summary>
    public static byte[] Encode(ReadOnlySpan<SqlValue> values)
    {
        var row = new byte[Measure(values)];
        BinaryPrimitives.WriteUInt32LittleEndian(row, (uint)(row.Length - 4));
        BinaryPrimitives.WriteUInt16LittleEndian(row.AsSpan(4), (ushort)values.Length);
        int pos = HeaderSize;
        foreach (var v in values)
        {
            switch (v.Type)
            {
                case SqlType.Null:
                    row[pos++] = TagNull;
                    break;
                case SqlType.Integer:
                    row[pos] = TagInt64;
                    BinaryPrimitives.WriteInt64LittleEndian(row.AsSpan(pos + 1), v.AsInteger);
                    pos += 9;
                    break;
                case SqlType.Real:
                    row[pos] = TagFloat64;
                    BinaryPrimitives.WriteDoubleLittleEndian(row.AsSpan(pos + 1), v.AsReal);
                    pos += 9;
                    break;
                case SqlType.Text:
                    pos = WriteBytes(row, pos, TagText, Encoding.UTF8.GetBytes(v.AsText));
                    break;
                default:
                    pos = WriteBytes(row, pos, TagBlob, v.AsBlob);
                    break;
            }
        }
        return row;
    }

    /// <summary>
    /// Decodes one row that must fill <paramref name="row"/> exactly. Returns false on any
    /// inconsistency (lengths, tags, invalid UTF-8, trailing bytes) instead of throwing.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> row, List<SqlValue> values)
    {
        values.Clear();
        if (row.Length < HeaderSize) return false;
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(row);
        if (length != (uint)(row.Length - 4)) return false;
        int count = BinaryPrimitives.ReadUInt16LittleEndian(row[4..]);
        int pos = HeaderSize;
        for (int i = 0; i < count; i++)
        {
            if (pos >= row.Length) return false;
            byte tag = row[pos++];
            switch (tag)
            {
                case TagNull:
                    values.Add(SqlValue.Null);
                    break;
                case TagInt64:
                    if (row.Length - pos < 8) return false;
                    values.Add(SqlValue.Integer(BinaryPrimitives.ReadInt64LittleEndian(row[pos..])));
                    pos += 8;
                    break;
                case TagFloat64:
                    if (row.Length - pos < 8) return false;
                    values.Add(SqlValue.Real(BinaryPrimitives.ReadDoubleLittleEndian(row[pos..])));
                    pos += 8;
                    break;
                case TagText or TagBlob:
                    if (row.Length - pos < 4) return false;
                    uint len = BinaryPrimitives.ReadUInt32LittleEndian(row[pos..]);
                    pos += 4;
                    if (len > (uint)(row.Length - pos)) return false;
                    var payload = row.Slice(pos, (int)len);
                    pos += (int)len;
                    if (tag == TagBlob)
                    {
                        values.Add(SqlValue.Blob(payload.ToArray()));
                    }
                    else
                    {
                        if (!System.Text.Unicode.Utf8.IsValid(payload)) return false;
                        values.Add(SqlValue.Text(Encoding.UTF8.GetString(payload)));
                    }
                    break;
                default:
                    return false;
            }
        }
        return pos == row.Length;
    }

    /// <summary>Writes a tag and 8 little-endian bytes at <paramref name="pos"/>; the caller checked that 9 bytes fit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WriteNumber(Span<byte> destination, int pos, byte tag, long bits)
    {
        Debug.Assert(BitConverter.IsLittleEndian && destination.Length - pos >= 9);
        ref byte at = ref Unsafe.Add(ref MemoryMarshal.GetReference(destination), pos);
        at = tag;
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref at, 1), bits);
    }

    private static int WriteBytes(Span<byte> destination, int pos, byte tag, ReadOnlySpan<byte> bytes)
    {
        destination[pos] = tag;
        BinaryPrimitives.WriteUInt32LittleEndian(destination[(pos + 1)..], (uint)bytes.Length);
        bytes.CopyTo(destination[(pos + 5)..]);
        return pos + 5 + bytes.Length;
    }
}
