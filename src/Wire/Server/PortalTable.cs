using TenantDb.Wire.Protocol;

namespace TenantDb.Wire.Server;

/// <summary>
/// A connection's open portals by name ("" is the unnamed one), with the bounds on how many it may
/// keep and how many bytes of parameter values they may hold together.
/// </summary>
internal sealed class PortalTable
{
    /// <summary>Named portals one connection may keep open (inside a transaction block they outlive Sync).</summary>
    public const int MaxNamed = 2000;
    /// <summary>
    /// Bytes of parameter values the open portals may hold together (as sent in Bind): without it,
    /// 2,000 portals of one 16 MiB parameter each would hold 32 GiB.
    /// </summary>
    public const long MaxParameterBytes = 64 << 20;

    private readonly Dictionary<string, Portal> _portals = new(StringComparer.Ordinal);
    private long _parameterBytes;

    /// <summary>Number of open portals.</summary>
    public int Count => _portals.Count;

    /// <summary>Bytes of parameter values the open portals hold.</summary>
    public long ParameterBytes => _parameterBytes;

    /// <summary>Throws unless a portal called <paramref name="name"/> may be opened (free name, room for one more).</summary>
    public void CheckCanOpen(string name)
    {
        if (name.Length > 0 && _portals.ContainsKey(name))
            throw new PgStatementException("42P03", $"cursor \"{name}\" already exists");
        if (name.Length > 0 && _portals.Count >= MaxNamed)
            throw new PgStatementException(SqlState.ProgramLimitExceeded, $"too many open portals on this connection (at most {MaxNamed}); close some");
    }

    /// <summary>Throws unless a portal called <paramref name="name"/> may hold <paramref name="parameterBytes"/> more (the unnamed one it replaces is freed).</summary>
    public void CheckParameterBytes(string name, long parameterBytes)
    {
        var replaced = name.Length == 0 && _portals.TryGetValue("", out var unnamed) ? unnamed.ParameterBytes : 0;
        if (_parameterBytes - replaced + parameterBytes > MaxParameterBytes)
            throw new PgStatementException(SqlState.ProgramLimitExceeded,
                $"open portals would hold more than {MaxParameterBytes >> 20} MiB of parameter values on this connection; close some");
    }

    /// <summary>Opens <paramref name="portal"/> as <paramref name="name"/>, replacing (closing) the unnamed portal.</summary>
    public void Open(string name, Portal portal)
    {
        if (name.Length == 0) Close("");
        _portals.Add(name, portal);
        _parameterBytes += portal.ParameterBytes;
    }

    /// <summary>The portal called <paramref name="name"/>, or a 34000 error.</summary>
    public Portal Get(string name) =>
        _portals.TryGetValue(name, out var portal)
            ? portal
            : throw new PgStatementException(SqlState.InvalidCursorName, $"portal \"{name}\" does not exist");

    /// <summary>Closes the portal called <paramref name="name"/>, if open.</summary>
    public void Close(string name)
    {
        if (!_portals.Remove(name, out var portal)) return;
        portal.Dispose();
        _parameterBytes -= portal.ParameterBytes;
    }

    /// <summary>Closes every portal running <paramref name="statement"/> except <paramref name="keep"/>.</summary>
    public void CloseUsing(PreparedStatement statement, Portal? keep)
    {
        List<string>? doomed = null;
        foreach (var (name, portal) in _portals)
            if (ReferenceEquals(portal.Statement, statement) && !ReferenceEquals(portal, keep)) (doomed ??= []).Add(name);
        if (doomed is null) return;
        foreach (var name in doomed) Close(name);
    }

    /// <summary>Closes every portal.</summary>
    public void CloseAll()
    {
        foreach (var portal in _portals.Values) portal.Dispose();
        _portals.Clear();
        _parameterBytes = 0;
    }
}
