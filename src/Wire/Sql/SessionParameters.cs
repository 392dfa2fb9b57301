using System.Collections;
using TenantDb.Wire.Protocol;

namespace TenantDb.Wire.Sql;

/// <summary>
/// A session's run-time parameters (SET/SHOW/RESET, names case-insensitive), bounded so that a
/// client cannot grow its connection's memory with them: each value, the number of parameters and
/// the characters of all names and values together are capped. The startup packet's parameters go
/// through the same caps.
/// </summary>
internal sealed class SessionParameters : IEnumerable<KeyValuePair<string, string>>
{
    /// <summary>Longest value of one parameter, in characters (PostgreSQL's GUC strings rarely pass a few hundred).</summary>
    public const int MaxValueLength = 64 * 1024;
    /// <summary>Most distinct parameters one session holds, the built-in ones included.</summary>
    public const int MaxCount = 256;
    /// <summary>Characters of all names and values together.</summary>
    public const long MaxTotalLength = 1 << 20;

    private readonly Dictionary<string, string> _values;
    private long _totalLength;

    /// <summary>Starts from <paramref name="initial"/> (the built-in defaults, which are within every cap).</summary>
    public SessionParameters(Dictionary<string, string> initial)
    {
        _values = new Dictionary<string, string>(initial, StringComparer.OrdinalIgnoreCase);
        foreach (var kv in _values) _totalLength += kv.Key.Length + kv.Value.Length;
    }

    /// <summary>Parameters held.</summary>
    public int Count => _values.Count;

    /// <summary>Characters of all names and values held.</summary>
    public long TotalLength => _totalLength;

    /// <summary>The value of <paramref name="name"/>, if set.</summary>
    public bool TryGetValue(string name, out string value) => _values.TryGetValue(name, out value!);

    /// <summary>Sets a parameter; fails with 54000 naming the cap when it would pass one.</summary>
    public void Set(string name, string value)
    {
        if (TrySet(name, value) is { } refusal) throw new PgStatementException(SqlState.ProgramLimitExceeded, refusal);
    }

    /// <summary>Sets a parameter; returns why not (the cap it would pass) or null when set.</summary>
    public string? TrySet(string name, string value)
    {
        if (value.Length > MaxValueLength)
            return $"value of parameter \"{Shorten(name)}\" is too long ({value.Length} characters; at most {MaxValueLength})";
        var exists = _values.TryGetValue(name, out var old);
        if (!exists && _values.Count >= MaxCount)
            return $"too many session parameters (at most {MaxCount}); RESET ALL or DISCARD ALL clears them";
        var total = _totalLength + value.Length - (exists ? old!.Length : -name.Length);
        if (total > MaxTotalLength)
            return $"session parameters would hold more than {MaxTotalLength >> 20} Mi characters together";
        _values[name] = value;
        _totalLength = total;
        return null;
    }

    /// <summary>Removes every parameter not in <paramref name="defaults"/> and resets the rest, keeping <paramref name="keep"/> as it is.</summary>
    public void ResetAll(Dictionary<string, string> defaults, string keep)
    {
        _values.TryGetValue(keep, out var kept);
        _values.Clear();
        _totalLength = 0;
        foreach (var kv in defaults)
        {
            var value = kv.Key.Equals(keep, StringComparison.OrdinalIgnoreCase) && kept is not null ? kept : kv.Value;
            _values[kv.Key] = value;
            _totalLength += kv.Key.Length + value.Length;
        }
    }

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static string Shorten(string name) => name.Length <= 63 ? name : name[..63] + "...";
}
