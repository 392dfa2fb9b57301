using TenantDb.Engine;
using TenantDb.Engine.Errors;

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

    /// <summary>
    /// Encodes rows in the ABI's row format from the current one on, appending them to
    /// <paramref name="destination"/> at <paramref name="written"/>, and steps past each (see
    /// <see cref="NativeRowLoop"/>): at most <paramref name="maxRows"/> rows, and none that does not
    /// fit. Returns the rows encoded. <paramref name="stepResult"/> is SQLITE_ROW when a row is left
    /// current (undelivered); otherwise the loop stepped past its last row and the caller hands
    /// <paramref name="stepResult"/> to <see cref="EndRows"/>, after counting the rows.
    /// </summary>
    public unsafe long EncodeRows(Span<byte> destination, ref int written, long maxRows, out int stepResult)
    {
        var batch = new NativeRowLoop.Batch
        {
            Statement = _reader.CurrentRowStatement,
            Capacity = destination.Length,
            Written = written,
            MaxRows = maxRows,
            Columns = _reader.FieldCount,
        };
        fixed (byte* start = destination)
        {
            batch.Destination = start;
            NativeRowLoop.Run(ref batch);
        }
        written = (int)batch.Written;
        stepResult = batch.StepResult;
        // Every row encoded was stepped past; all those steps but a failed or final last one landed on a row.
        _reader.CountSteppedRows(stepResult == SqliteResultCodes.Row ? batch.Rows : batch.Rows - 1);
        return batch.Rows;
    }

    /// <summary>The step that ended <see cref="EncodeRows"/>: the end of the rows, or an error (thrown).</summary>
    public void EndRows(int stepResult) => _hasRow = _reader.AfterStep(stepResult);

    public void Dispose()
    {
        _reader.Dispose();
        _statement.Dispose();
    }
}
