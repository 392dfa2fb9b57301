using TenantDb.Wire.Protocol;

namespace TenantDb.Wire.Server.Cursors;

/// <summary>
/// A connection's SQL-level cursors by name, with PostgreSQL's lifetimes: a cursor ends with the
/// transaction that declared it, except a WITH HOLD one, which is materialised when that transaction
/// commits and lives until CLOSE or the end of the session. Bounded in number and in the bytes of
/// rows they keep (<see cref="CursorBudget"/>).
/// </summary>
internal sealed class CursorTable
{
    /// <summary>Cursors one connection may have open at once.</summary>
    public const int MaxCursors = 1000;

    private readonly Dictionary<string, SqlCursor> _cursors = new(StringComparer.Ordinal);

    /// <summary>The bytes of rows this connection's cursors keep.</summary>
    public CursorBudget Budget { get; } = new();

    /// <summary>Number of open cursors.</summary>
    public int Count => _cursors.Count;

    /// <summary>Throws 42P03 when <paramref name="name"/> is taken, 54000 when no more cursors may be opened.</summary>
    public void CheckCanDeclare(string name)
    {
        if (_cursors.ContainsKey(name)) throw new PgStatementException(SqlState.DuplicateCursor, $"cursor \"{name}\" already exists");
        if (_cursors.Count >= MaxCursors)
            throw new PgStatementException(SqlState.ProgramLimitExceeded, $"too many open cursors on this connection (at most {MaxCursors}); close some");
    }

    /// <summary>Adds a cursor declared after <see cref="CheckCanDeclare"/>.</summary>
    public void Add(SqlCursor cursor) => _cursors.Add(cursor.Name, cursor);

    /// <summary>The cursor called <paramref name="name"/>, or a 34000 error.</summary>
    public SqlCursor Get(string name) =>
        _cursors.TryGetValue(name, out var cursor) ? cursor : throw new PgStatementException(SqlState.InvalidCursorName, $"cursor \"{name}\" does not exist");

    /// <summary>The cursor called <paramref name="name"/>, or null.</summary>
    public SqlCursor? Find(string name) => _cursors.GetValueOrDefault(name);

    /// <summary>CLOSE name: 34000 when there is no such cursor.</summary>
    public void Close(string name)
    {
        if (!_cursors.Remove(name, out var cursor)) throw new PgStatementException(SqlState.InvalidCursorName, $"cursor \"{name}\" does not exist");
        cursor.Dispose();
    }

    /// <summary>CLOSE ALL, DISCARD ALL and the end of the session.</summary>
    public void CloseAll()
    {
        foreach (var cursor in _cursors.Values) cursor.Dispose();
        _cursors.Clear();
    }

    /// <summary>
    /// Before the transaction commits: every WITH HOLD cursor declared in it reads its remaining rows
    /// into memory. When they do not fit (54000) every cursor of the transaction is closed and the
    /// error is the commit's.
    /// </summary>
    public void BeforeCommit()
    {
        List<SqlCursor> materialised = [];
        try
        {
            foreach (var cursor in _cursors.Values)
            {
                if (!cursor.Hold || cursor.Held) continue;
                cursor.Materialise();
                materialised.Add(cursor);
            }
        }
        catch (PgStatementException)
        {
            CloseWhere(c => !c.Held || materialised.Contains(c));
            throw;
        }
    }

    /// <summary>The transaction ended (committed after <see cref="BeforeCommit"/>, or rolled back): every cursor not held closes.</summary>
    public void EndTransaction() => CloseWhere(static c => !c.Held);

    private void CloseWhere(Func<SqlCursor, bool> doomed)
    {
        List<string>? names = null;
        foreach (var (name, cursor) in _cursors)
            if (doomed(cursor)) (names ??= []).Add(name);
        if (names is null) return;
        foreach (var name in names)
        {
            _cursors.Remove(name, out var cursor);
            cursor!.Dispose();
        }
    }
}
