namespace TenantDb.Cluster.Routing;

/// <summary>
/// The gateway's connections that have not yet sent their startup packet, at most <c>capacity</c> of
/// them. When it is full a newcomer pushes out the one that has waited longest (its read is canceled
/// and the socket closed): a real client sends its startup packet within milliseconds, a flooding one
/// sits there until the authentication timeout, so silent sockets cannot pile up descriptors on the
/// gateway or keep real clients out. The same rule as the server's own startup pool, which takes over
/// once the packet has arrived.
/// </summary>
internal sealed class StartupWaiters(int capacity)
{
    private readonly Lock _lock = new();
    private readonly LinkedList<CancellationTokenSource> _waiting = new();

    /// <summary>Connections waiting for their startup packet now.</summary>
    public int Count
    {
        get
        {
            lock (_lock) return _waiting.Count;
        }
    }

    /// <summary>
    /// Registers a connection whose startup read <paramref name="read"/> cancels; the caller must
    /// <see cref="Leave"/> before it disposes <paramref name="read"/>.
    /// </summary>
    public LinkedListNode<CancellationTokenSource> Enter(CancellationTokenSource read)
    {
        lock (_lock)
        {
            if (_waiting.Count >= Math.Max(capacity, 1) && _waiting.First is { } oldest)
            {
                _waiting.RemoveFirst();
                // Under the lock: its owner disposes the source only after its Leave, which waits for the lock.
                oldest.Value.Cancel();
            }
            return _waiting.AddLast(read);
        }
    }

    /// <summary>The connection's startup read has ended (packet read, failed or pushed out).</summary>
    public void Leave(LinkedListNode<CancellationTokenSource> node)
    {
        lock (_lock)
        {
            if (node.List is not null) _waiting.Remove(node);
        }
    }
}
