using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace TenantDb.Wire.Protocol;

/// <summary>
/// Accumulates backend messages in one pooled, growable buffer; <see cref="FlushAsync"/> sends them
/// in a single write. A message is framed by <see cref="StartMessage"/> / <see cref="EndMessage"/>,
/// which back-patches the length, so callers never compute lengths by hand.
/// </summary>
internal sealed partial class PgMessageWriter : IDisposable
{
    private byte[] _buffer;
    private int _length;
    private int _messageStart = -1;

    /// <summary>Creates a writer with an initial pooled buffer of <paramref name="initialCapacity"/> bytes.</summary>
    public PgMessageWriter(int initialCapacity = 8192) => _buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);

    /// <summary>Size of the buffer currently held (what this writer costs in memory).</summary>
    public int Capacity => _buffer.Length;

    /// <summary>Bytes written and not yet flushed.</summary>
    public int BufferedLength => _length;

    /// <summary>The bytes written so far (valid until the next write or flush).</summary>
    public ReadOnlyMemory<byte> Written => _buffer.AsMemory(0, _length);

    /// <summary>Begins a message: type byte plus a length placeholder.</summary>
    public void StartMessage(BackendMessageType type)
    {
        Ensure(5);
        _messageStart = _length;
        _buffer[_length] = (byte)type;
        _length += 5;
    }

    /// <summary>Ends the current message, writing its length (which counts itself but not the type byte).</summary>
    public void EndMessage()
    {
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_messageStart + 1), _length - _messageStart - 1);
        _messageStart = -1;
    }

    /// <summary>Drops a message started but not ended (e.g. a DataRow that failed half way).</summary>
    public void AbandonMessage()
    {
        if (_messageStart < 0) return;
        _length = _messageStart;
        _messageStart = -1;
    }

    /// <summary>Writes one byte.</summary>
    public void WriteByte(byte value)
    {
        Ensure(1);
        _buffer[_length++] = value;
    }

    /// <summary>Writes a big-endian int16.</summary>
    public void WriteInt16(short value)
    {
        Ensure(2);
        BinaryPrimitives.WriteInt16BigEndian(_buffer.AsSpan(_length), value);
        _length += 2;
    }

    /// <summary>Writes a big-endian int32.</summary>
    public void WriteInt32(int value)
    {
        Ensure(4);
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_length), value);
        _length += 4;
    }

    /// <summary>Writes a big-endian int64.</summary>
    public void WriteInt64(long value)
    {
        Ensure(8);
        BinaryPrimitives.WriteInt64BigEndian(_buffer.AsSpan(_length), value);
        _length += 8;
    }

    /// <summary>Writes raw bytes.</summary>
    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    /// <summary>Writes a string as UTF-8 without terminator.</summary>
    public void WriteUtf8(string value)
    {
        Ensure(Encoding.UTF8.GetMaxByteCount(value.Length));
        _length += Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_length));
    }

    /// <summary>Writes a NUL-terminated UTF-8 string.</summary>
    public void WriteCString(string value)
    {
        WriteUtf8(value);
        WriteByte(0);
    }

    /// <summary>Writes a NUL-terminated string given as UTF-8 bytes.</summary>
    public void WriteCString(ReadOnlySpan<byte> utf8)
    {
        WriteBytes(utf8);
        WriteByte(0);
    }

    /// <summary>Reserves <paramref name="count"/> bytes, returning a span the caller fills and then commits with <see cref="Advance"/>.</summary>
    public Span<byte> GetSpan(int count)
    {
        Ensure(count);
        return _buffer.AsSpan(_length, count);
    }

    /// <summary>Commits bytes written into a span obtained from <see cref="GetSpan"/>.</summary>
    public void Advance(int count) => _length += count;

    /// <summary>Current write offset, used to back-patch a length prefix (e.g. of a DataRow field).</summary>
    public int Position => _length;

    /// <summary>Overwrites an int32 at <paramref name="position"/>.</summary>
    public void PatchInt32(int position, int value) => BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(position), value);

    /// <summary>Sends everything buffered and resets the buffer.</summary>
    public async ValueTask FlushAsync(Stream stream, CancellationToken cancellationToken)
    {
        if (_length == 0) return;
        await stream.WriteAsync(_buffer.AsMemory(0, _length), cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        _length = 0;
        ShrinkIfHuge();
    }

    /// <summary>Discards everything buffered.</summary>
    public void Reset()
    {
        _length = 0;
        _messageStart = -1;
    }

    /// <summary>Returns the buffer to the pool.</summary>
    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0) ArrayPool<byte>.Shared.Return(buffer);
    }

    private void Ensure(int count)
    {
        if (_buffer.Length - _length >= count) return;
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + count));
        _buffer.AsSpan(0, _length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }

    // A single huge result must not pin a huge buffer to an idle connection forever.
    private void ShrinkIfHuge()
    {
        if (_buffer.Length <= 1 << 20) return;
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = ArrayPool<byte>.Shared.Rent(8192);
    }
}
