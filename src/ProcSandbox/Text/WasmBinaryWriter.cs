using System.Buffers.Binary;

namespace TenantDb.ProcSandbox.Text;

/// <summary>
/// A growable byte buffer with the WebAssembly binary encodings (canonical LEB128, names,
/// little-endian floats) the WAT parser needs to produce a module binary.
/// </summary>
internal sealed class WasmBinaryWriter
{
    private byte[] _buffer = new byte[256];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, Length);

    public byte[] ToArray() => _buffer.AsSpan(0, Length).ToArray();

    public void Clear() => Length = 0;

    /// <summary>Drops everything written after the first <paramref name="length"/> bytes.</summary>
    public void Truncate(int length) => Length = Math.Min(Length, length);

    public void WriteByte(byte value)
    {
        Ensure(1);
        _buffer[Length++] = value;
    }

    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(Length));
        Length += bytes.Length;
    }

    public void WriteU32(uint value)
    {
        do
        {
            byte b = (byte)(value & 0x7F);
            value >>= 7;
            if (value != 0) b |= 0x80;
            WriteByte(b);
        }
        while (value != 0);
    }

    public void WriteS32(int value) => WriteS64(value);

    public void WriteS64(long value)
    {
        while (true)
        {
            byte b = (byte)(value & 0x7F);
            value >>= 7;
            bool done = (value == 0 && (b & 0x40) == 0) || (value == -1 && (b & 0x40) != 0);
            if (done)
            {
                WriteByte(b);
                return;
            }
            WriteByte((byte)(b | 0x80));
        }
    }

    public void WriteF32Bits(uint bits)
    {
        Ensure(4);
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(Length), bits);
        Length += 4;
    }

    public void WriteF64Bits(ulong bits)
    {
        Ensure(8);
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.AsSpan(Length), bits);
        Length += 8;
    }

    /// <summary>A length-prefixed byte vector (names, data segment contents).</summary>
    public void WriteVector(ReadOnlySpan<byte> bytes)
    {
        WriteU32((uint)bytes.Length);
        WriteBytes(bytes);
    }

    /// <summary>A section: id, size, then the contents written by <paramref name="contents"/>.</summary>
    public void WriteSection(byte id, WasmBinaryWriter contents)
    {
        WriteByte(id);
        WriteVector(contents.WrittenSpan);
    }

    private void Ensure(int extra)
    {
        if (Length + extra <= _buffer.Length) return;
        Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + extra));
    }
}
