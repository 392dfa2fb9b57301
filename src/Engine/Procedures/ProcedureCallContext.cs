using System.Buffers.Binary;
using System.Text;
using TenantDb.Engine;
using TenantDb.Engine.Errors;
using TenantDb.Engine.Values;

namespace TenantDb.Engine.Procedures;

/// <summary>
/// The host side of one procedure call: its channels, counters and error state. Each ABI import
/// (docs/abi.md) is a method here taking the guest's memory, so every pointer and length is
/// checked against the memory the call actually has, and nothing is trusted.
/// </summary>
/// <remarks>
/// SAFETY-CRITICAL for call atomicity: an SQL error is handed back to the procedure (-5/-6) only
/// while the call can still commit as a whole. When the call was canceled or ran out of time, or
/// when SQLite itself ended the call's transaction (RAISE(ROLLBACK), an interrupted write, an I/O
/// error), the import throws instead: the guest traps, runs no further SQL, and the call fails.
/// </remarks>
internal sealed class ProcedureCallContext : IDisposable
{
    private const int MaxMessageBytes = 4096;
    private const int MaxLogLines = 1000;

    private readonly TenantSession _session;
    private readonly string _procedure;
    private readonly bool _nested;
    private readonly IReadOnlyList<ProcedureColumn> _columns;
    private readonly ProcedureLimits _limits;
    private readonly IProcedureRowSink _sink;
    private readonly Action<string>? _log;
    private readonly byte[] _arguments;
    private readonly List<QueryChannel?> _queries = [];
    private readonly List<SqlValue> _parameters = [];
    private readonly int[] _offsets;
    private bool _argumentsRead;
    private int _logLines;

    /// <param name="session">The session the call runs on, inside the call's transaction.</param>
    /// <param name="procedure">The procedure's name, for error messages.</param>
    /// <param name="nested">True when the call runs inside the client's own transaction (a savepoint).</param>
    /// <param name="columns">The procedure's declared result columns.</param>
    /// <param name="arguments">The call's arguments, already coerced.</param>
    /// <param name="limits">The call's limits.</param>
    /// <param name="sink">Where emitted rows go.</param>
    /// <param name="log">Where logged lines go, or null.</param>
    public ProcedureCallContext(
        TenantSession session,
        string procedure,
        bool nested,
        IReadOnlyList<ProcedureColumn> columns,
        ReadOnlySpan<SqlValue> arguments,
        ProcedureLimits limits,
        IProcedureRowSink sink,
        Action<string>? log)
    {
        _session = session;
        _procedure = procedure;
        _nested = nested;
        _columns = columns;
        _limits = limits;
        _sink = sink;
        _log = log;
        _arguments = AbiRow.Encode(arguments);
        _offsets = new int[columns.Count];
    }

    /// <summary>The first ABI misuse (-1, -2, -4), which fails the call even if run returns 0.</summary>
    public string? Misuse { get; private set; }

    /// <summary>The message set by <c>fail</c>.</summary>
    public string? FailMessage { get; private set; }

    /// <summary>The limit exceeded, if any.</summary>
    public string? LimitExceeded { get; private set; }

    /// <summary>Message of the last failed import call, for <c>error</c>.</summary>
    public string? LastError { get; private set; }

    public long RowsRead { get; private set; }
    public long RowsWritten { get; private set; }
    public long RowsEmitted { get; private set; }
    public long ResultBytes { get; private set; }

    public int Read(Span<byte> memory, int channel, int buffer, int capacity)
    {
        if (!TrySlice(memory, buffer, capacity, out var destination)) return Fault("read: buffer outside memory");
        if (channel == 0)
        {
            if (_argumentsRead) return 0;
            if (_arguments.Length > destination.Length) return Soft(AbiError.TooSmall, $"read: the argument row needs {_arguments.Length} bytes");
            _arguments.CopyTo(destination);
            _argumentsRead = true;
            return _arguments.Length;
        }
        var query = FindQuery(channel, "read");
        if (query is null) return AbiError.BadChannel;
        ThrowIfCallEnded();
        if (ReadAbiRows(query, destination, out int written) == 0 && query.HasRow())
        {
            return Soft(AbiError.TooSmall, $"read: the next row needs {AbiRow.Measure(query.Row)} bytes");
        }
        return written;
    }

    /// <summary>
    /// <see cref="ReadRows{TBatch}(QueryChannel, ref TBatch)"/> for the <c>read</c> import: rows in the
    /// ABI's format, encoded by the native row loop (<see cref="QueryChannel.EncodeRows"/>) as far as it
    /// goes. The row it leaves is tried here in managed code, which decides whether the batch is full
    /// and whether the row limit is passed, exactly as for any other batch.
    /// </summary>
    private int ReadAbiRows(QueryChannel query, Span<byte> destination, out int written)
    {
        int rows = 0;
        written = 0;
        long allowed = _limits.MaxRowsRead - RowsRead;
        try
        {
            while (query.HasRow())
            {
                rows += (int)query.EncodeRows(destination, ref written, Math.Max(0, allowed - rows), out int stepResult);
                if (stepResult != SqliteResultCodes.Row)
                {
                    query.EndRows(stepResult);
                    break;
                }
                if (!AbiRow.TryWrite(query.Row, destination[written..], out int size)) break;
                written += size;
                rows++;
                if (rows > allowed) throw Limit("rows read");
                query.Advance();
            }
        }
        catch (TenantDbException e)
        {
            throw CallFailure(e);
        }
        finally
        {
            RowsRead += rows;
        }
        return rows;
    }

    /// <summary>
    /// Fills <paramref name="batch"/> with the next rows of query channel <paramref name="channel"/>
    /// (for channels read other than through the <c>read</c> import); returns the number of rows
    /// added, or <see cref="AbiError.BadChannel"/>.
    /// </summary>
    public int ReadRows<TBatch>(int channel, ref TBatch batch) where TBatch : IChannelBatch, allows ref struct
    {
        var query = FindQuery(channel, "read");
        if (query is null) return AbiError.BadChannel;
        ThrowIfCallEnded();
        return ReadRows(query, ref batch);
    }

    /// <summary>
    /// The one loop every channel read runs: steps the cursor and hands each row to the batch until
    /// it is full or the query ends, counting rows against the call's limit. A failing cursor ends
    /// the call: its rows cannot be trusted to be complete.
    /// </summary>
    private int ReadRows<TBatch>(QueryChannel query, ref TBatch batch) where TBatch : IChannelBatch, allows ref struct
    {
        int rows = 0;
        // The rows this batch may still take before the call's limit: one compare per row.
        long allowed = _limits.MaxRowsRead - RowsRead;
        try
        {
            while (query.HasRow())
            {
                if (!batch.TryAdd(query.Row, rows == 0)) break;
                rows++;
                if (rows > allowed) throw Limit("rows read");
                query.Advance();
            }
        }
        catch (TenantDbException e)
        {
            throw CallFailure(e);
        }
        finally
        {
            RowsRead += rows;
        }
        return rows;
    }

    public int RowSize(int channel)
    {
        if (channel == 0) return _argumentsRead ? 0 : _arguments.Length;
        var query = FindQuery(channel, "row_size");
        if (query is null) return AbiError.BadChannel;
        ThrowIfCallEnded();
        try
        {
            if (!query.HasRow()) return 0;
        }
        catch (TenantDbException e)
        {
            throw CallFailure(e);
        }
        long size = AbiRow.Measure(query.Row);
        return size > int.MaxValue ? int.MaxValue : (int)size;
    }

    public int Query(Span<byte> memory, int sql, int sqlLength, int parameters, int parametersLength)
    {
        if (!TryPrepare(memory, sql, sqlLength, parameters, parametersLength, "query", out var statement, out int error)) return error;
        int open = 0;
        foreach (var q in _queries) if (q is not null) open++;
        if (open >= _limits.MaxOpenChannels)
        {
            statement!.Dispose();
            throw Limit("open queries");
        }
        TenantReader reader;
        try
        {
            reader = statement!.ExecuteReader();
        }
        catch (TenantDbException e)
        {
            statement!.Dispose();
            return SqlFailure(e);
        }
        // Reuse closed slots so a procedure opening and closing queries in a loop keeps its channel numbers small.
        int slot = _queries.IndexOf(null);
        if (slot < 0)
        {
            slot = _queries.Count;
            _queries.Add(null);
        }
        _queries[slot] = new QueryChannel(statement, reader);
        return slot + 2;
    }

    public long Exec(Span<byte> memory, int sql, int sqlLength, int parameters, int parametersLength)
    {
        if (!TryPrepare(memory, sql, sqlLength, parameters, parametersLength, "exec", out var statement, out int error)) return error;
        using (statement)
        {
            long changes;
            try
            {
                changes = statement!.ExecuteNonQuery();
            }
            catch (TenantDbException e)
            {
                return SqlFailure(e);
            }
            ThrowIfCallEnded();
            RowsWritten += changes;
            if (RowsWritten > _limits.MaxRowsWritten) throw Limit("rows written");
            return changes;
        }
    }

    public int Emit(Span<byte> memory, int row, int rowLength)
    {
        if (!TrySlice(memory, row, rowLength, out var bytes)) return Fault("emit: row outside memory");
        string? problem = CheckResultRow(bytes);
        if (problem is not null) return Misused(AbiError.Encoding, "emit: " + problem);
        ResultBytes += bytes.Length;
        if (ResultBytes > _limits.MaxResultBytes) throw Limit("result size");
        RowsEmitted++;
        _sink.OnRow(new ProcedureRow(bytes, _offsets));
        return 0;
    }

    public int Close(int channel)
    {
        if (channel is 0 or 1) return 0;
        var query = FindQuery(channel, "close");
        if (query is null) return AbiError.BadChannel;
        query.Dispose();
        _queries[channel - 2] = null;
        return 0;
    }

    public int Log(Span<byte> memory, int text, int length)
    {
        if (!TrySlice(memory, text, length, out var bytes)) return Fault("log: text outside memory");
        if (_log is not null && _logLines++ < MaxLogLines)
        {
            _log(Encoding.UTF8.GetString(bytes[..Math.Min(bytes.Length, MaxMessageBytes)]));
        }
        return 0;
    }

    public int Fail(Span<byte> memory, int text, int length)
    {
        if (!TrySlice(memory, text, length, out var bytes)) return Fault("fail: text outside memory");
        FailMessage = Encoding.UTF8.GetString(bytes[..Math.Min(bytes.Length, MaxMessageBytes)]);
        return 0;
    }

    public int Error(Span<byte> memory, int buffer, int capacity)
    {
        if (!TrySlice(memory, buffer, capacity, out var destination)) return Fault("error: buffer outside memory");
        if (LastError is null) return 0;
        byte[] message = Encoding.UTF8.GetBytes(LastError);
        message.AsSpan(0, Math.Min(message.Length, destination.Length)).CopyTo(destination);
        return message.Length;
    }

    public void Dispose()
    {
        for (int i = 0; i < _queries.Count; i++)
        {
            _queries[i]?.Dispose();
            _queries[i] = null;
        }
    }

    private bool TryPrepare(Span<byte> memory, int sql, int sqlLength, int parameters, int parametersLength, string import, out TenantStatement? statement, out int error)
    {
        statement = null;
        if (!TrySlice(memory, sql, sqlLength, out var sqlBytes) || !TrySlice(memory, parameters, parametersLength, out var parameterBytes))
        {
            error = Fault($"{import}: sql or parameters outside memory");
            return false;
        }
        if (!System.Text.Unicode.Utf8.IsValid(sqlBytes))
        {
            error = Misused(AbiError.Encoding, $"{import}: sql is not valid UTF-8");
            return false;
        }
        _parameters.Clear();
        if (parameterBytes.Length > 0 && !AbiRow.TryDecode(parameterBytes, _parameters))
        {
            error = Misused(AbiError.Encoding, $"{import}: malformed parameter row");
            return false;
        }
        ThrowIfCallEnded();
        string text = Encoding.UTF8.GetString(sqlBytes);
        try
        {
            statement = _session.PrepareForProcedure(text);
            int expected = statement.ParameterCount;
            if (expected != _parameters.Count)
            {
                statement.Dispose();
                statement = null;
                error = Soft(AbiError.Sql, $"{import}: the statement has {expected} parameters but {_parameters.Count} values were given");
                return false;
            }
            for (int i = 0; i < _parameters.Count; i++) statement.Bind(i, _parameters[i]);
        }
        catch (TenantDbException e)
        {
            statement?.Dispose();
            statement = null;
            error = SqlFailure(e);
            return false;
        }
        error = 0;
        return true;
    }

    private string? CheckResultRow(ReadOnlySpan<byte> row)
    {
        if (row.Length < AbiRow.HeaderSize) return "row shorter than its header";
        if (BinaryPrimitives.ReadUInt32LittleEndian(row) != (uint)(row.Length - 4)) return "row_length does not match the emitted length";
        int count = BinaryPrimitives.ReadUInt16LittleEndian(row[4..]);
        if (count != _columns.Count) return $"row has {count} columns, the procedure returns {_columns.Count}";
        int pos = AbiRow.HeaderSize;
        for (int i = 0; i < count; i++)
        {
            if (pos >= row.Length) return "row ends early";
            _offsets[i] = pos;
            byte tag = row[pos++];
            var column = _columns[i];
            switch (tag)
            {
                case AbiRow.TagNull:
                    break;
                case AbiRow.TagInt64:
                    if (row.Length - pos < 8) return "row ends early";
                    if (column.Type == ProcedureType.Bool)
                    {
                        long b = BinaryPrimitives.ReadInt64LittleEndian(row[pos..]);
                        if (b is not (0 or 1)) return $"column {column.Name} is bool but holds {b}";
                    }
                    else if (column.Type != ProcedureType.Int8)
                    {
                        return Mismatch(column, "int64");
                    }
                    pos += 8;
                    break;
                case AbiRow.TagFloat64:
                    if (row.Length - pos < 8) return "row ends early";
                    if (column.Type != ProcedureType.Float8) return Mismatch(column, "float64");
                    pos += 8;
                    break;
                case AbiRow.TagText or AbiRow.TagBlob:
                    if (row.Length - pos < 4) return "row ends early";
                    uint length = BinaryPrimitives.ReadUInt32LittleEndian(row[pos..]);
                    pos += 4;
                    if (length > (uint)(row.Length - pos)) return "value longer than the row";
                    if (tag == AbiRow.TagText)
                    {
                        if (column.Type != ProcedureType.Text) return Mismatch(column, "text");
                        if (!System.Text.Unicode.Utf8.IsValid(row.Slice(pos, (int)length))) return $"column {column.Name} is not valid UTF-8";
                    }
                    else if (column.Type != ProcedureType.Bytea)
                    {
                        return Mismatch(column, "blob");
                    }
                    pos += (int)length;
                    break;
                default:
                    return $"unknown value tag {tag}";
            }
        }
        return pos == row.Length ? null : "bytes after the last value";
    }

    private static string Mismatch(ProcedureColumn column, string actual) =>
        $"column {column.Name} is declared {column.Type.ToString().ToLowerInvariant()} but the row holds {actual}";

    private QueryChannel? FindQuery(int channel, string import)
    {
        int slot = channel - 2;
        if (slot >= 0 && slot < _queries.Count && _queries[slot] is { } query) return query;
        Misused(AbiError.BadChannel, $"{import}: channel {channel} is not an open readable channel");
        return null;
    }

    private static bool TrySlice(Span<byte> memory, int pointer, int length, out Span<byte> slice)
    {
        // Pointers and lengths are unsigned 32-bit offsets; widen before adding so nothing wraps.
        ulong start = (uint)pointer, end = start + (uint)length;
        if (end > (ulong)memory.Length)
        {
            slice = default;
            return false;
        }
        slice = memory.Slice((int)start, length);
        return true;
    }

    private int Fault(string message) => Misused(AbiError.Fault, message);

    private int Misused(int code, string message)
    {
        Misuse ??= message;
        LastError = message;
        return code;
    }

    private int Soft(int code, string message)
    {
        LastError = message;
        return code;
    }

    /// <summary>
    /// An SQL error the procedure may handle (-5, or -6 when denied), unless it ended the call: then
    /// the import throws and the guest traps.
    /// </summary>
    private int SqlFailure(TenantDbException e)
    {
        if (IsCallEnding(e) || !_session.InTransaction) throw CallFailure(e);
        return Soft(e.Kind == TenantDbErrorKind.Denied ? AbiError.Denied : AbiError.Sql, e.Message);
    }

    /// <summary>Interrupts (cancel, statement timeout, the call's time limit) always end the call.</summary>
    private static bool IsCallEnding(TenantDbException e) =>
        e.SqliteErrorCode == SqliteResultCodes.Interrupt || e.Kind is TenantDbErrorKind.Canceled or TenantDbErrorKind.Timeout;

    /// <summary>
    /// Checked before each statement the procedure starts, after each one it ran and before the call
    /// commits: a canceled or timed-out call runs no more SQL and does not commit, and a call whose
    /// transaction SQLite rolled back runs no SQL in autocommit (which would commit it on its own).
    /// </summary>
    public void ThrowIfCallEnded()
    {
        if (_session.Guard.CallCanceled) throw CallFailure(new TenantDbException(TenantDbErrorKind.Canceled, "canceled"));
        if (_session.Guard.CallTimedOut) throw CallFailure(new TenantDbException(TenantDbErrorKind.ProcedureLimit, "time limit"));
        if (!_session.InTransaction)
        {
            throw CallFailure(new TenantDbException(TenantDbErrorKind.Sql, "the call's transaction ended"));
        }
    }

    /// <summary>The error the whole call fails with, given the error that ended it.</summary>
    private TenantDbException CallFailure(TenantDbException e)
    {
        if (_session.Guard.CallCanceled || e.Kind == TenantDbErrorKind.Canceled)
        {
            return new TenantDbException(TenantDbErrorKind.Canceled, $"procedure {_procedure} was canceled");
        }

        if (_session.Guard.CallTimedOut || e.Kind == TenantDbErrorKind.ProcedureLimit)
        {
            return new TenantDbException(TenantDbErrorKind.ProcedureLimit,
                $"procedure {_procedure} exceeded its time limit ({_limits.Timeout.TotalSeconds:0.###} s)");
        }

        if (e.Kind == TenantDbErrorKind.Timeout)
        {
            return new TenantDbException(TenantDbErrorKind.Timeout, $"procedure {_procedure}: a statement ran past the statement timeout");
        }

        if (!_session.InTransaction)
        {
            string what = _nested ? "the enclosing transaction was rolled back" : "the call was rolled back";
            return new TenantDbException(e.Kind, $"procedure {_procedure}: {e.Message} (the statement ended the transaction; {what})",
                e.SqliteErrorCode, e.SqliteExtendedErrorCode, null);
        }

        return e;
    }

    /// <summary>Records that <paramref name="limit"/> was exceeded (for channels outside the imports); throw what it returns.</summary>
    public ProcedureLimitException ExceedLimit(string limit) => Limit(limit);

    private ProcedureLimitException Limit(string limit)
    {
        LimitExceeded ??= limit;
        return new ProcedureLimitException(limit);
    }
}
