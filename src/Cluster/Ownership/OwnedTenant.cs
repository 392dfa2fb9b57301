using System.Net.Sockets;

namespace TenantDb.Cluster.Ownership;

/// <summary>One owned tenant: its fence and the client sockets this node serves for it.</summary>
internal sealed class OwnedTenant
{
    private readonly HashSet<Socket> _sockets = [];
    private readonly Lock _lock = new();
    private bool _closed;

    public OwnedTenant(TenantFence fence) => Fence = fence;

    public TenantFence Fence { get; }

    /// <summary>Client connections this node serves for the tenant now.</summary>
    public int Connections
    {
        get
        {
            lock (_lock) return _sockets.Count;
        }
    }

    /// <summary>Adds a socket; one added after <see cref="CloseConnections"/> is closed at once.</summary>
    public IDisposable Track(Socket socket)
    {
        lock (_lock)
        {
            if (!_closed)
            {
                _sockets.Add(socket);
                return new Registration(this, socket);
            }
        }
        Close(socket);
        return new Registration(this, socket);
    }

    /// <summary>Closes every tracked socket (the connection loops then end and roll back); returns how many.</summary>
    public int CloseConnections()
    {
        Socket[] sockets;
        lock (_lock)
        {
            _closed = true;
            sockets = [.. _sockets];
            _sockets.Clear();
        }
        foreach (var socket in sockets) Close(socket);
        return sockets.Length;
    }

    private static void Close(Socket socket)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already closed by the client or the connection itself.
        }
        socket.Close();
    }

    private void Untrack(Socket socket)
    {
        lock (_lock) _sockets.Remove(socket);
    }

    private sealed class Registration(OwnedTenant owner, Socket socket) : IDisposable
    {
        public void Dispose() => owner.Untrack(socket);
    }
}
