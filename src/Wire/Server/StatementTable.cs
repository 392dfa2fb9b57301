using TenantDb.Wire.Protocol;

namespace TenantDb.Wire.Server;

/// <summary>
/// A connection's prepared statements by name ("" is the unnamed one), with the bounds that keep a
/// client from holding unbounded compiled SQL.
/// </summary>
internal sealed class StatementTable
{
    /// <summary>Named prepared statements one connection may keep (each holds a compiled SQLite statement).</summary>
    public const int MaxNamed = 2000;
    /// <summary>Characters of SQL text the kept statements may hold together (the compiled form grows with it).</summary>
    public const long MaxChars = 16 << 20;

    private readonly Dictionary<string, PreparedStatement> _statements = new(StringComparer.Ordinal);
    private long _chars;

    /// <summary>Number of statements kept (named and unnamed).</summary>
    public int Count => _statements.Count;

    /// <summary>Throws unless a statement of <paramref name="sqlLength"/> characters may be added as <paramref name="name"/>.</summary>
    public void CheckCanAdd(string name, int sqlLength)
    {
        if (name.Length == 0) return;
        if (_statements.ContainsKey(name))
            throw new PgStatementException("42P05", $"prepared statement \"{name}\" already exists");
        if (_statements.Count >= MaxNamed || _chars + sqlLength > MaxChars)
            throw new PgStatementException(SqlState.ProgramLimitExceeded,
                $"too many prepared statements on this connection (at most {MaxNamed}, with {MaxChars >> 20} Mi characters of SQL together); deallocate some");
    }

    /// <summary>Adds a statement (the name must be free: <see cref="CheckCanAdd"/>, or the unnamed one removed).</summary>
    public void Add(string name, PreparedStatement statement)
    {
        _statements.Add(name, statement);
        _chars += statement.Sql.Length;
    }

    /// <summary>The statement called <paramref name="name"/>, or a 26000 error.</summary>
    public PreparedStatement Get(string name) =>
        _statements.TryGetValue(name, out var statement)
            ? statement
            : throw new PgStatementException(SqlState.InvalidSqlStatementName, $"prepared statement \"{name}\" does not exist");

    /// <summary>The statement called <paramref name="name"/>, if there is one.</summary>
    public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out PreparedStatement statement) => _statements.TryGetValue(name, out statement);

    /// <summary>Removes the statement called <paramref name="name"/> (not disposing it); false if there is none.</summary>
    public bool TryRemove(string name, out PreparedStatement statement)
    {
        if (!_statements.Remove(name, out statement!)) return false;
        _chars -= statement.Sql.Length;
        return true;
    }

    /// <summary>
    /// Closes a prepared statement and the portals running it, except <paramref name="keep"/> (the
    /// portal running a DEALLOCATE itself, whose statement must stay usable until it ends); false
    /// if there was no such statement.
    /// </summary>
    public bool Close(string name, PortalTable portals, Portal? keep)
    {
        if (!TryRemove(name, out var statement)) return false;
        portals.CloseUsing(statement, keep);
        if (keep is null || !ReferenceEquals(keep.Statement, statement)) statement.Dispose();
        return true;
    }

    /// <summary>Names of the named (not unnamed) statements, copied so the caller may remove while iterating.</summary>
    public string[] NamedNames() => [.. _statements.Keys.Where(name => name.Length > 0)];

    /// <summary>Frees every statement's engine statement, to be prepared again by <paramref name="prepareAgain"/> when used.</summary>
    public void ReleaseEngines(Func<PreparedStatement, Engine.TenantStatement> prepareAgain)
    {
        foreach (var statement in _statements.Values) statement.ReleaseEngine(prepareAgain);
    }

    /// <summary>Disposes and forgets every statement.</summary>
    public void Clear()
    {
        foreach (var statement in _statements.Values) statement.Dispose();
        _statements.Clear();
        _chars = 0;
    }
}
