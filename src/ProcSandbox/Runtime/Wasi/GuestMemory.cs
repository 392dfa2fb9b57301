using System.Buffers.Binary;

namespace TenantDb.ProcSandbox.Runtime.Wasi;

/// <summary>
/// SAFETY-CRITICAL. The WASI host's only access to a program's linear memory. Every pointer and
/// length the program passes is an unsigned 32-bit value; each access widens to 64 bits before
/// adding, so nothing wraps, and a range that does not lie wholly inside memory is refused (the
/// WASI function then returns EFAULT) before anything is read or written.
/// </summary>
internal readonly ref struct GuestMemory
{
    private readonly Span<byte> _bytes;

    public GuestMemory(Span<byte> bytes) => _bytes = bytes;

    public bool Contains(uint pointer, ulong length) => pointer + length <= (ulong)_bytes.Length;

    public bool TrySlice(uint pointer, ulong length, out Span<byte> slice)
    {
        if (!Contains(pointer, length))
        {
            slice = default;
            return false;
        }
        slice = _bytes.Slice((int)pointer, (int)length);
        return true;
    }

    public bool TryReadU32(uint pointer, out uint value)
    {
        if (!Contains(pointer, 4))
        {
            value = 0;
            return false;
        }
        value = BinaryPrimitives.ReadUInt32LittleEndian(_bytes[(int)pointer..]);
        return true;
    }

    public bool TryWriteU32(uint pointer, uint value)
    {
        if (!Contains(pointer, 4)) return false;
        BinaryPrimitives.WriteUInt32LittleEndian(_bytes[(int)pointer..], value);
        return true;
    }

    public bool TryWriteU64(uint pointer, ulong value)
    {
        if (!Contains(pointer, 8)) return false;
        BinaryPrimitives.WriteUInt64LittleEndian(_bytes[(int)pointer..], value);
        return true;
    }
}
