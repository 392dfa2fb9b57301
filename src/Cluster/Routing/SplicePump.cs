using System.Buffers;
using System.Net.Sockets;

namespace TenantDb.Cluster.Routing;

/// <summary>
/// One direction of a spliced connection: receive into a pooled buffer, send it on, until the source
/// closes. Works on the sockets themselves (no stream layer); the socket's cached awaitable operations
/// make a receive/send pair allocation-free. The buffer is as large as a socket's default receive
/// window, so a large result set moves in few system calls while a one-row reply is one receive and
/// one send.
/// </summary>
internal static class SplicePump
{
    private const int BufferSize = 64 * 1024;

    public static async Task RunAsync(Socket from, Socket to)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            while (true)
            {
                var n = await from.ReceiveAsync(buffer.AsMemory(), SocketFlags.None).ConfigureAwait(false);
                if (n == 0) return;
                var sent = 0;
                while (sent < n) sent += await to.SendAsync(buffer.AsMemory(sent, n - sent), SocketFlags.None).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // The other pump closed the sockets, or a peer went away: the splice is over either way.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
