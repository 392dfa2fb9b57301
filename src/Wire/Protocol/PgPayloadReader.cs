using System.Buffers.Binary;
using System.Text;

namespace TenantDb.Wire.Protocol;

/// <summary>
/// Reads the fields of one message payload in place. Every read checks the remaining length and
/// throws <see cref="PgProtocolException"/> on truncation, so malformed input can only ever end in
/// a protocol error.
/// </summary>
internal ref struct PgPayloadReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _offset;

    /// <summary>Starts reading at the beginning of <paramref name="data"/>.</summary>
    public PgPayloadReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _offset = 0;
    }

    /// <summary>Bytes not yet read.</summary>
    public readonly int Remaining => _data.Length - _offset;

    /// <summary>Reads one byte.</summary>
    public byte ReadByte()
    {
        Ensure(1);
        return _data[_offset++];
    }

    /// <summary>Reads a big-endian int16.</summary>
    public short ReadInt16()
    {
        Ensure(2);
        var v = BinaryPrimitives.ReadInt16BigEndian(_data[_offset..]);
        _offset += 2;
        return v;
    }

    /// <summary>Reads a big-endian int32.</summary>
    public int ReadInt32()
    {
        Ensure(4);
        var v = BinaryPrimitives.ReadInt32BigEndian(_data[_offset..]);
        _offset += 4;
        return v;
    }

    /// <summary>Reads a count: an unsigned int16 (0..65535), as PostgreSQL reads parameter and format counts.</summary>
    public int ReadCount() => (ushort)ReadInt16();

    /// <summary>Reads <paramref name="count"/> raw bytes.</summary>
    public ReadOnlySpan<byte> ReadBytes(int count)
    {
        if (count < 0) throw new PgProtocolException($"invalid length {count}");
        Ensure(count);
        var s = _data.Slice(_offset, count);
        _offset += count;
        return s;
    }

    /// <summary>Reads a NUL-terminated string as UTF-8 bytes (without the terminator).</summary>
    public ReadOnlySpan<byte> ReadCStringUtf8()
    {
        var rest = _data[_offset..];
        var end = rest.IndexOf((byte)0);
        if (end < 0) throw new PgProtocolException("unterminated string in message");
        _offset += end + 1;
        return rest[..end];
    }

    /// <summary>Reads a NUL-terminated UTF-8 string.</summary>
    public string ReadCString()
    {
        var utf8 = ReadCStringUtf8();
        return utf8.IsEmpty ? string.Empty : DecodeUtf8(utf8);
    }

    /// <summary>Fails unless the whole payload was consumed.</summary>
    public readonly void EnsureEnd()
    {
        if (Remaining != 0) throw new PgProtocolException("message has trailing bytes");
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Decodes UTF-8, reporting invalid byte sequences as SQLSTATE 22021 instead of mangling them.</summary>
    public static string DecodeUtf8(ReadOnlySpan<byte> utf8)
    {
        try
        {
            return StrictUtf8.GetString(utf8);
        }
        catch (DecoderFallbackException)
        {
            throw new PgProtocolException("invalid byte sequence for encoding \"UTF8\"", "22021");
        }
    }

    private readonly void Ensure(int count)
    {
        if (_data.Length - _offset < count) throw new PgProtocolException("message is shorter than its fields");
    }
}
