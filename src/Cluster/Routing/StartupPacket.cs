using System.Buffers.Binary;
using System.Text;
using TenantDb.Wire.Protocol;

namespace TenantDb.Cluster.Routing;

/// <summary>
/// The first packet of a client connection as the gateway sees it: a StartupMessage (which names the
/// tenant) or a CancelRequest. Only this packet is ever parsed by the gateway; everything after it is
/// spliced or handed over byte for byte.
/// </summary>
internal sealed class StartupPacket
{
    /// <summary>
    /// Startup parameter a gateway adds when it forwards a connection to the owner. The owner never
    /// forwards such a connection again (so a stale route cannot bounce between nodes) and removes the
    /// parameter before its server sees the packet.
    /// </summary>
    public const string RoutedParameter = "tenantdb.routed";

    private const int MaxLength = 10_000;

    private StartupPacket(int code, byte[] bytes, StartupMessage? startup)
    {
        Code = code;
        Bytes = bytes;
        Startup = startup;
    }

    /// <summary>The request code (protocol version, CancelRequest, ...).</summary>
    public int Code { get; }

    /// <summary>The packet as received, length prefix included.</summary>
    public byte[] Bytes { get; }

    /// <summary>The parsed StartupMessage, or null for other requests.</summary>
    public StartupMessage? Startup { get; }

    /// <summary>The tenant the client asks for (database, else user), or null.</summary>
    public string? Tenant => Startup is null ? null : Startup.Get("database") is { Length: > 0 } db ? db : Startup.Get("user");

    /// <summary>True when another node's gateway forwarded this connection here.</summary>
    public bool Routed => Startup?.Get(RoutedParameter) is not null;

    /// <summary>
    /// Reads the first packet, answering SSLRequest and GSSENCRequest with 'N' (the cluster gateway
    /// does not terminate TLS). Null when the client closed before sending one.
    /// </summary>
    public static async Task<StartupPacket?> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var header = new byte[8];
        while (true)
        {
            if (!await ReadExactlyOrEndAsync(stream, header, cancellationToken).ConfigureAwait(false)) return null;
            var length = BinaryPrimitives.ReadInt32BigEndian(header);
            var code = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4));
            if (length < 8 || length > MaxLength) throw new PgProtocolException($"invalid length of startup packet: {length}");
            var bytes = new byte[length];
            header.CopyTo(bytes, 0);
            if (!await ReadExactlyOrEndAsync(stream, bytes.AsMemory(8), cancellationToken).ConfigureAwait(false)) return null;
            if (code is StartupCode.SslRequest or StartupCode.GssEncRequest)
            {
                stream.WriteByte((byte)'N');
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }
            var startup = code >> 16 == 3 ? FrontendMessageDecoder.DecodeStartup(bytes.AsSpan(8)) : null;
            return new StartupPacket(code, bytes, startup);
        }
    }

    /// <summary>This packet with <see cref="RoutedParameter"/> added (<paramref name="routed"/>) or removed.</summary>
    public byte[] Encode(bool routed)
    {
        if (Startup is null || routed == Routed) return Bytes;
        var body = new MemoryStream();
        foreach (var (name, value) in Startup.Parameters)
        {
            if (name == RoutedParameter) continue;
            WriteCString(body, name);
            WriteCString(body, value);
        }
        if (routed)
        {
            WriteCString(body, RoutedParameter);
            WriteCString(body, "1");
        }
        body.WriteByte(0);
        var result = new byte[8 + body.Length];
        BinaryPrimitives.WriteInt32BigEndian(result, result.Length);
        BinaryPrimitives.WriteInt32BigEndian(result.AsSpan(4), Code);
        body.ToArray().CopyTo(result, 8);
        return result;
    }

    private static void WriteCString(MemoryStream stream, string value)
    {
        stream.Write(Encoding.UTF8.GetBytes(value));
        stream.WriteByte(0);
    }

    private static async Task<bool> ReadExactlyOrEndAsync(Stream stream, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        return read == buffer.Length;
    }
}
