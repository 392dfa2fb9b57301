using System.Buffers;
using System.Buffers.Binary;

namespace TenantDb.Wire.Protocol;

/// <summary>
/// Cuts complete protocol frames out of received bytes without copying them. Returns false when
/// more bytes are needed; throws <see cref="PgProtocolException"/> for a length that is negative,
/// too small or above the configured maximum (an oversized message closes the connection).
/// </summary>
internal static class PgFrameReader
{
    /// <summary>
    /// Reads the untyped first packet (StartupMessage, SSLRequest, GSSENCRequest, CancelRequest):
    /// int32 length (including itself), int32 code, payload.
    /// </summary>
    public static bool TryReadStartup(ref ReadOnlySequence<byte> buffer, int maxSize, out int code, out ReadOnlySequence<byte> payload)
    {
        code = 0;
        payload = default;
        if (buffer.Length < 8) return false;
        Span<byte> header = stackalloc byte[8];
        buffer.Slice(0, 8).CopyTo(header);
        var length = BinaryPrimitives.ReadInt32BigEndian(header);
        if (length < 8 || length > Math.Min(maxSize, 10_000))
            throw new PgProtocolException($"invalid length of startup packet: {length}");
        if (buffer.Length < length) return false;
        code = BinaryPrimitives.ReadInt32BigEndian(header[4..]);
        payload = buffer.Slice(8, length - 8);
        buffer = buffer.Slice(length);
        return true;
    }

    /// <summary>Reads one typed message: byte type, int32 length (including itself), payload.</summary>
    public static bool TryReadMessage(ref ReadOnlySequence<byte> buffer, int maxSize, out byte type, out ReadOnlySequence<byte> payload)
    {
        type = 0;
        payload = default;
        if (buffer.Length < 5) return false;
        Span<byte> header = stackalloc byte[5];
        buffer.Slice(0, 5).CopyTo(header);
        var length = BinaryPrimitives.ReadInt32BigEndian(header[1..]);
        if (length < 4)
            throw new PgProtocolException($"invalid message length {length}");
        if (length > maxSize)
            throw new PgProtocolException($"message of {length} bytes exceeds the limit of {maxSize} bytes", SqlState.ProgramLimitExceeded);
        if (buffer.Length < 1L + length) return false;
        type = header[0];
        payload = buffer.Slice(5, length - 4);
        buffer = buffer.Slice(1 + length);
        return true;
    }
}
