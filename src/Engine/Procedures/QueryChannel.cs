using TenantDb.Engine;

namespace TenantDb.Engine.Procedures;

/// <summary>
/// A readable channel backed by a live SQLite cursor. Rows are stepped only when the procedure asks
/// for them, so a scan of any size holds one row in host memory at a time.
/// </summary>
internal sealed class QueryChannel : IDisposable
{
    private readonly TenantStatement _statement;
    private readonly TenantReader _reader;
    private bool _started;
    private bool _hasRow;

    public QueryChannel(TenantStatement statement, TenantReader reader)
    {
        _statement = statement;
        _reader = reader;
    }

    /// <summary>The current row (after <see cref="HasRow"/> returned true).</summary>
    public ChannelRow Row => new(_reader.CurrentRowStatement, _reader.FieldCount);

    /// <summary>Positions on the next undelivered row; false at the end.</summary>
    public bool HasRow()
    {
        if (!_started)
        {
            _started = true;
            _hasRow = _reader.Read();
        }
        return _hasRow;
    }

    /// <summary>Marks the current row delivered and steps the cursor.</summary>
    public void Advance() => _hasRow = _reader.Read();

    public void Dispose()
    {
        _reader.Dispose();
        _statement.Dispose();
    }
}
