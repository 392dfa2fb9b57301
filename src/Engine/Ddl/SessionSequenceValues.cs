namespace TenantDb.Engine.Ddl;

/// <summary>
/// What <c>currval</c> and <c>lastval</c> return in one client session: the last value
/// <c>nextval</c>/<c>setval</c> gave for each sequence, and the last of all. It belongs to the client
/// session, not to the SQLite connection: a server that lends its tenant's connections to sessions
/// between transactions hands the same object to each connection the session borrows.
/// </summary>
public sealed class SessionSequenceValues
{
    private readonly Dictionary<string, long> _current = new(StringComparer.Ordinal);

    internal long? Last { get; private set; }

    internal bool TryGetCurrent(string sequence, out long value) => _current.TryGetValue(sequence, out value);

    internal void Record(string sequence, long value)
    {
        _current[sequence] = value;
        Last = value;
    }
}
