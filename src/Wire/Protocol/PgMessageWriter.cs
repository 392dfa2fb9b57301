using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace TenantDb.Wire.Protocol;

/// <summary>
/// Accumulates backend messages in one growable buffer; <see cref="FlushAsync"/> sends them in a
/// single write. A message is framed by <see cref="StartMessage"/> / <see cref="EndMessage"/>, which
/// back-patches the length, so callers never compute lengths by hand.
/// <para>
/// SECURITY: the buffer's size is bounded. A DataRow may not grow past <see cref="MaxDataRowLength"/>
/// (the write that would pass it throws <see cref="PgStatementException"/> 54000 before anything is
/// copied), growth never overshoots that bound by doubling, and sizes are computed in 64 bits so
/// they cannot wrap. A tenant's SELECT of many large values therefore costs at most one capped row
/// of server memory per connection, whatever the row would have been.
/// </para>
/// </summary>
internal sealed partial class PgMessageWriter : IDisposable
{
    /// <summary>Default <see cref="MaxDataRowLength"/>: 64 MiB.</summary>
    public const int DefaultMaxDataRowLength = 64 << 20;

    // Buffers up to this size come from the shared pool; larger ones (rare, one huge row) are
    // allocated at their exact size, because the pool rounds up to a power of two (a 65 MiB rent
    // would hold 128 MiB) and they are dropped again after the next flush.
    private const int PooledLimit = 1 << 20;
    // Room above the row cap for what is buffered before and around a capped row (flushes happen
    // every 256 KiB between rows; a row's own framing is a few bytes).
    private const int CapacitySlack = 1 << 20;

    // What a writer rents first, and again after ReleaseWhileIdle.
    private const int InitialCapacity = 8192;

    private byte[] _buffer;
    private bool _pooled = true;
    private int _length;
    private int _messageStart = -1;
    private bool _inDataRow;

    /// <summary>Creates a writer with an initial pooled buffer of <paramref name="initialCapacity"/> bytes.</summary>
    public PgMessageWriter(int initialCapacity = 8192, int maxDataRowLength = DefaultMaxDataRowLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDataRowLength, 64);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxDataRowLength, Array.MaxLength - 2 * CapacitySlack);
        MaxDataRowLength = maxDataRowLength;
        _buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);
        PeakCapacity = _buffer.Length;
    }

    /// <summary>
    /// Largest DataRow accepted, counted as PostgreSQL frames it (the length field: itself, the column
    /// count and every field with its length prefix; not the type byte).
    /// </summary>
    public int MaxDataRowLength { get; }

    /// <summary>Largest buffer this writer ever holds: one capped row plus what is buffered around it.</summary>
    public long MaxCapacity => (long)MaxDataRowLength + CapacitySlack;

    /// <summary>Size of the buffer currently held (what this writer costs in memory).</summary>
    public int Capacity => _buffer.Length;

    /// <summary>The largest buffer this writer has held since it was created (a diagnostic).</summary>
    public int PeakCapacity { get; private set; }

    /// <summary>Bytes written and not yet flushed.</summary>
    public int BufferedLength => _length;

    /// <summary>The bytes written so far (valid until the next write or flush).</summary>
    public ReadOnlyMemory<byte> Written => _buffer.AsMemory(0, _length);

    /// <summary>Begins a message: type byte plus a length placeholder.</summary>
    public void StartMessage(BackendMessageType type)
    {
        _inDataRow = false;
        Ensure(5);
        _inDataRow = type == BackendMessageType.DataRow;
        _messageStart = _length;
        _buffer[_length] = (byte)type;
        _length += 5;
    }

    /// <summary>Ends the current message, writing its length (which counts itself but not the type byte).</summary>
    public void EndMessage()
    {
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_messageStart + 1), _length - _messageStart - 1);
        _messageStart = -1;
        _inDataRow = false;
    }

    /// <summary>Drops a message started but not ended (e.g. a DataRow that failed half way).</summary>
    public void AbandonMessage()
    {
        _inDataRow = false;
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
        // Short strings reserve the worst case (cheap); long ones their exact size, so a large text
        // value is not refused by the row cap for bytes it would never have written.
        Ensure(value.Length <= 256 ? Encoding.UTF8.GetMaxByteCount(value.Length) : Encoding.UTF8.GetByteCount(value));
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

    /// <summary>
    /// Fails with 54000 now, before anything is copied, when <paramref name="count"/> more bytes would
    /// take the current DataRow past <see cref="MaxDataRowLength"/> (for a caller that knows a large
    /// field's size up front; sizes past 2 GiB cannot even be reserved).
    /// </summary>
    public void EnsureRowRoom(long count)
    {
        if (_inDataRow && _length + count - _messageStart - 1 > MaxDataRowLength) throw RowTooLarge();
        if (count > int.MaxValue) throw new PgStatementException(SqlState.ProgramLimitExceeded, "backend message too large");
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

    /// <summary>Forgets what the caller has just sent itself, and drops a huge buffer (as <see cref="FlushAsync"/> does).</summary>
    public void SentAndReset()
    {
        Reset();
        ShrinkIfHuge();
    }

    /// <summary>Discards everything buffered.</summary>
    public void Reset()
    {
        _length = 0;
        _messageStart = -1;
        _inDataRow = false;
    }

    /// <summary>
    /// Returns the buffer to the pool when nothing is buffered, so a connection waiting for its client
    /// holds none; the next write rents one again.
    /// </summary>
    public void ReleaseWhileIdle()
    {
        if (_length != 0 || _buffer.Length == 0) return;
        Release(_buffer);
        _buffer = [];
        _pooled = true;
    }

    /// <summary>Returns the buffer to the pool.</summary>
    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        Release(buffer);
    }

    private void Ensure(int count)
    {
        if (_inDataRow && (long)_length + count - _messageStart - 1 > MaxDataRowLength) throw RowTooLarge();
        if (_buffer.Length - _length >= count) return;
        Grow(count);
    }

    private void Grow(int count)
    {
        var needed = (long)_length + count;
        if (needed > Array.MaxLength)
            throw new PgStatementException(SqlState.ProgramLimitExceeded, "backend message too large");
        // Double while small, but never past the bound unless one message needs more (only a
        // non-DataRow message can, and those are bounded by their inputs).
        var size = Math.Max(needed, Math.Min(_buffer.Length == 0 ? InitialCapacity : 2L * _buffer.Length, MaxCapacity));
        var pooled = size <= PooledLimit;
        var bigger = pooled ? ArrayPool<byte>.Shared.Rent((int)size) : GC.AllocateUninitializedArray<byte>((int)size);
        _buffer.AsSpan(0, _length).CopyTo(bigger);
        Release(_buffer);
        _buffer = bigger;
        _pooled = pooled;
        PeakCapacity = Math.Max(PeakCapacity, bigger.Length);
    }

    private void Release(byte[] buffer)
    {
        if (_pooled && buffer.Length > 0) ArrayPool<byte>.Shared.Return(buffer);
    }

    private PgStatementException RowTooLarge()
    {
        var limit = MaxDataRowLength % (1 << 20) == 0 ? $"{MaxDataRowLength >> 20} MiB" : $"{MaxDataRowLength} bytes";
        return new PgStatementException(SqlState.ProgramLimitExceeded,
            $"result row exceeds the maximum row size of {limit} (server setting max_row_size); select fewer or smaller values");
    }

    // A single huge result must not pin a huge buffer to an idle connection forever.
    private void ShrinkIfHuge()
    {
        if (_buffer.Length <= PooledLimit) return;
        Release(_buffer);
        _buffer = ArrayPool<byte>.Shared.Rent(InitialCapacity);
        _pooled = true;
    }
}
