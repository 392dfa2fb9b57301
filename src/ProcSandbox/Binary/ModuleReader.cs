using System.Text;
using System.Text.Unicode;
using TenantDb.ProcSandbox.Module;

namespace TenantDb.ProcSandbox.Binary;

/// <summary>
/// Cursor over the module binary for the decoder. Positions are module offsets; reads never go
/// past <see cref="End"/>, the end of the current section (or of the module between sections).
/// </summary>
internal ref struct ModuleReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _pos;
    private int _end;

    public ModuleReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _pos = 0;
        _end = data.Length;
    }

    public readonly int Position => _pos;
    public readonly int End => _end;
    public readonly int Remaining => _end - _pos;
    public readonly bool AtEnd => _pos >= _end;

    /// <summary>The bytes up to the current limit, for readers that index by module offset.</summary>
    public readonly ReadOnlySpan<byte> Limited => _data[.._end];

    /// <summary>Restricts reads to end at <paramref name="end"/>; returns the previous limit.</summary>
    public int Limit(int end)
    {
        int previous = _end;
        _end = end;
        return previous;
    }

    public void Seek(int position) => _pos = position;

    public byte ReadByte()
    {
        if (_pos >= _end) DecodeError.Throw(DecodeMessages.UnexpectedEnd, _pos);
        return _data[_pos++];
    }

    public uint ReadU32() => Leb128.ReadU32(_data[.._end], ref _pos, 0);

    /// <summary>Reads a vector length, rejecting counts that cannot fit in the remaining bytes
    /// (each element takes at least <paramref name="minElementSize"/> bytes), so no later allocation is driven by a forged count.</summary>
    public uint ReadCount(int minElementSize = 1)
    {
        int at = _pos;
        uint count = ReadU32();
        if ((ulong)count * (ulong)minElementSize > (ulong)Remaining) DecodeError.Throw(DecodeMessages.LengthOutOfBounds, at);
        return count;
    }

    public ReadOnlySpan<byte> ReadBytes(int length)
    {
        if (length > Remaining) DecodeError.Throw(DecodeMessages.UnexpectedEnd, _pos);
        var slice = _data.Slice(_pos, length);
        _pos += length;
        return slice;
    }

    /// <summary>Reads a length-prefixed byte vector; returns its start offset and length.</summary>
    public (int Start, int Length) ReadByteVector()
    {
        int at = _pos;
        uint length = ReadU32();
        if (length > (uint)Remaining) DecodeError.Throw(DecodeMessages.LengthOutOfBounds, at);
        int start = _pos;
        _pos += (int)length;
        return (start, (int)length);
    }

    /// <summary>Reads a name: a length-prefixed, valid UTF-8 string.</summary>
    public string ReadName()
    {
        var (start, length) = ReadByteVector();
        var bytes = _data.Slice(start, length);
        if (!Utf8.IsValid(bytes)) DecodeError.Throw(DecodeMessages.InvalidUtf8, start);
        return Encoding.UTF8.GetString(bytes);
    }

    public ValType ReadValType()
    {
        byte b = ReadByte();
        if (b is not (0x7F or 0x7E or 0x7D or 0x7C)) DecodeError.Throw(DecodeMessages.InvalidValueType, _pos - 1);
        return (ValType)b;
    }
}
