namespace TenantDb.Wire.Server;

/// <summary>
/// Admission control. Two separate pools, so that sockets which never authenticate cannot take the
/// places of tenants that do: authenticated sessions (at most <c>MaxConnections</c>, and at most
/// <c>MaxConnectionsPerTenant</c> of one tenant) and connections still in startup/authentication
/// (at most <c>MaxStartupConnections</c>; when that pool is full a newcomer pushes out the connection
/// that has been in startup longest, because a real client finishes its handshake in milliseconds
/// while a flooding one sits there until the authentication timeout).
/// </summary>
internal sealed class ConnectionSlots(int maxSessions, int maxSessionsPerTenant, int maxStartup)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _perTenant = new(StringComparer.Ordinal);
    private readonly LinkedList<PgConnection> _inStartup = new();
    private int _sessions;

    /// <summary>Authenticated sessions holding a slot.</summary>
    public int Sessions
    {
        get
        {
            lock (_lock) return _sessions;
        }
    }

    /// <summary>Connections still in startup or authentication.</summary>
    public int InStartup
    {
        get
        {
            lock (_lock) return _inStartup.Count;
        }
    }

    /// <summary>
    /// Registers a new connection in the startup pool; returns the connection it pushed out (the
    /// oldest one still in startup) when the pool was full, which the caller must abort.
    /// </summary>
    public PgConnection? EnterStartup(PgConnection connection)
    {
        lock (_lock)
        {
            PgConnection? evicted = null;
            if (_inStartup.Count >= maxStartup && _inStartup.First is { } oldest)
            {
                evicted = oldest.Value;
                _inStartup.RemoveFirst();
                evicted.StartupNode = null;
            }
            connection.StartupNode = _inStartup.AddLast(connection);
            return evicted;
        }
    }

    /// <summary>Removes a connection from the startup pool (handshake finished, failed or aborted).</summary>
    public void LeaveStartup(PgConnection connection)
    {
        lock (_lock)
        {
            if (connection.StartupNode is { } node)
            {
                _inStartup.Remove(node);
                connection.StartupNode = null;
            }
        }
    }

    /// <summary>The reason a session for <paramref name="tenant"/> would be refused now, or null when there is room.</summary>
    public string? RefusalFor(string tenant)
    {
        lock (_lock) return RefusalLocked(tenant);
    }

    /// <summary>Takes a session slot for <paramref name="tenant"/>; returns the refusal message instead when full.</summary>
    public string? TryReserve(string tenant)
    {
        lock (_lock)
        {
            if (RefusalLocked(tenant) is { } refusal) return refusal;
            _sessions++;
            _perTenant[tenant] = _perTenant.GetValueOrDefault(tenant) + 1;
            return null;
        }
    }

    /// <summary>Gives back a slot taken with <see cref="TryReserve"/>.</summary>
    public void Release(string tenant)
    {
        lock (_lock)
        {
            _sessions--;
            var left = _perTenant[tenant] - 1;
            if (left == 0) _perTenant.Remove(tenant);
            else _perTenant[tenant] = left;
        }
    }

    private const string ServerFull = "sorry, too many clients already";

    /// <summary>True when <paramref name="refusal"/> (from this class) is the per-tenant limit, false for the server's.</summary>
    public static bool IsTenantLimit(string refusal) => !ReferenceEquals(refusal, ServerFull);

    private string? RefusalLocked(string tenant)
    {
        if (_sessions >= maxSessions) return ServerFull;
        if (_perTenant.GetValueOrDefault(tenant) >= maxSessionsPerTenant) return $"too many connections for database \"{tenant}\"";
        return null;
    }
}
