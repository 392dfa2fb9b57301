using System.Buffers;
using System.Globalization;
using TenantDb.Wire.Protocol;

namespace TenantDb.Wire.Server.Copy;

/// <summary>
/// The COPY FROM STDIN sub-protocol state: takes CopyData payloads as they arrive, cuts them into
/// rows (lines for text, quote-aware records for CSV, tuples for binary) and hands each row to a
/// <see cref="ICopyRowSink"/> at once, so memory stays bounded by the longest row however much is
/// copied. Knows nothing of sockets or the engine, so it is tested with byte arrays.
/// </summary>
internal sealed class CopyInState : IDisposable
{
    private readonly CopyOptions _options;
    private readonly int _columns;
    private readonly ICopyRowSink _sink;
    private readonly int _maxRowLength;
    private readonly CopyRow _row = new();
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
    // Bytes _start.._length are received and not yet consumed; _scan is how far a row end was searched.
    private int _start, _length, _scan;
    // For CSV: whether _scan is inside a quoted field.
    private bool _inQuote;
    private bool _headerDone;
    private bool _ended;

    /// <summary>Creates the state for a COPY of <paramref name="columns"/> columns.</summary>
    /// <param name="options">Format and its options.</param>
    /// <param name="columns">Fields every row must have.</param>
    /// <param name="sink">Gets each row.</param>
    /// <param name="maxRowLength">Longest row accepted, in bytes (54000 beyond it).</param>
    public CopyInState(CopyOptions options, int columns, ICopyRowSink sink, int maxRowLength)
    {
        _options = options;
        _columns = columns;
        _sink = sink;
        _maxRowLength = maxRowLength;
        _headerDone = options.Format == CopyFormat.Binary ? false : !options.Header;
    }

    /// <summary>Rows delivered to the sink.</summary>
    public long Rows { get; private set; }

    /// <summary>The input line (text, CSV) or row (binary) being read: 1-based, counting a header.</summary>
    public long Line { get; private set; }

    /// <summary>Takes one CopyData payload, delivering every row it completes.</summary>
    public void Feed(ReadOnlySpan<byte> data)
    {
        if (_ended || data.IsEmpty) return;
        Append(data);
        Process();
    }

    /// <summary>CopyDone: delivers a last row that has no line end, checks that nothing is left half-read and flushes the sink.</summary>
    public void Finish()
    {
        if (!_ended) ReadRemainder();
        _sink.Flush();
    }

    private void ReadRemainder()
    {
        if (_length > _start)
        {
            if (_options.Format == CopyFormat.Binary)
            {
                Line++;
                throw new PgStatementException(CopyTextCodec.BadCopyFormat, _headerDone ? "unexpected EOF in COPY data" : "COPY file signature not recognized");
            }
            if (_options.Format == CopyFormat.Csv && _inQuote)
            {
                Line++;
                throw new PgStatementException(CopyTextCodec.BadCopyFormat, "unterminated CSV quoted field");
            }
            Record(_buffer.AsSpan(_start, _length - _start));
            _start = _length;
        }
        else if (_options.Format == CopyFormat.Binary && !_headerDone)
        {
            throw new PgStatementException(CopyTextCodec.BadCopyFormat, "COPY file signature not recognized");
        }
        _ended = true;
    }

    private void Append(ReadOnlySpan<byte> data)
    {
        if (_buffer.Length - _length < data.Length)
        {
            // Move the unconsumed bytes to the front, growing only when the row itself needs the room.
            // The unconsumed bytes are one unfinished row (Process takes every complete one), at most
            // the row limit, so the buffer stays below that limit plus one message.
            var pending = _length - _start;
            var target = _buffer;
            if (pending + data.Length > _buffer.Length)
                target = ArrayPool<byte>.Shared.Rent(Math.Max(pending + data.Length, _buffer.Length * 2));
            _buffer.AsSpan(_start, pending).CopyTo(target);
            if (!ReferenceEquals(target, _buffer))
            {
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = target;
            }
            _scan -= _start;
            _length = pending;
            _start = 0;
        }
        data.CopyTo(_buffer.AsSpan(_length));
        _length += data.Length;
    }

    private void Process()
    {
        if (_options.Format == CopyFormat.Binary)
        {
            ProcessBinary();
            return;
        }
        while (!_ended)
        {
            var end = FindRecordEnd();
            if (end < 0)
            {
                if (_length - _start > _maxRowLength)
                {
                    Line++;
                    throw new PgStatementException(SqlState.ProgramLimitExceeded,
                        string.Create(CultureInfo.InvariantCulture, $"COPY row is longer than the limit of {_maxRowLength} bytes"));
                }
                return;
            }
            var record = _buffer.AsSpan(_start, end - _start);
            _start = _scan = end + 1;
            if (record.Length > 0 && record[^1] == '\r') record = record[..^1];
            Record(record);
        }
    }

    // Index of the '\n' ending the row that starts at _start, or -1 when it has not arrived.
    private int FindRecordEnd()
    {
        var data = _buffer;
        var i = Math.Max(_scan, _start);
        if (_options.Format == CopyFormat.Text)
        {
            for (; i < _length; i++)
            {
                var b = data[i];
                if (b == '\n') return i;
                if (b == '\\')
                {
                    // A backslash escapes the next byte, a line end included; wait for it if it is not here yet.
                    if (i + 1 >= _length) break;
                    i++;
                }
            }
            _scan = i;
            return -1;
        }
        var quote = _options.Quote;
        var escape = _options.Escape;
        for (; i < _length; i++)
        {
            var b = data[i];
            if (_inQuote)
            {
                if (b == escape && escape != quote)
                {
                    if (i + 1 >= _length) break;
                    i++;
                }
                else if (b == quote)
                {
                    _inQuote = false;
                }
            }
            else if (b == quote)
            {
                _inQuote = true;
            }
            else if (b == '\n')
            {
                return i;
            }
        }
        _scan = i;
        return -1;
    }

    private void Record(ReadOnlySpan<byte> record)
    {
        Line++;
        if (!_headerDone)
        {
            _headerDone = true;
            return;
        }
        if (record.Length == 2 && record[0] == '\\' && record[1] == '.')
        {
            _ended = true;
            return;
        }
        if (_options.Format == CopyFormat.Text) CopyTextCodec.Split(record, _options.Delimiter, _options.Null, _row);
        else CopyCsvCodec.Split(record, _options, _row);
        if (_row.Count < _columns)
            throw new PgStatementException(CopyTextCodec.BadCopyFormat, $"missing data for column {_row.Count + 1} (the row has {_row.Count} of {_columns} fields)");
        if (_row.Count > _columns)
            throw new PgStatementException(CopyTextCodec.BadCopyFormat, "extra data after last expected column");
        _sink.Row(_row, Line);
        Rows++;
    }

    private void ProcessBinary()
    {
        while (!_ended)
        {
            var data = _buffer.AsSpan(_start, _length - _start);
            int consumed;
            if (!_headerDone)
            {
                if (CopyBinaryCodec.TryReadHeader(data, out consumed) == CopyBinaryCodec.ReadResult.NeedMore) return;
                _headerDone = true;
                _start += consumed;
                continue;
            }
            CopyBinaryCodec.ReadResult result;
            try
            {
                result = CopyBinaryCodec.TryReadRow(data, _columns, _row, out consumed);
            }
            catch (PgStatementException)
            {
                Line++;
                throw;
            }
            if (result == CopyBinaryCodec.ReadResult.NeedMore)
            {
                if (data.Length > _maxRowLength)
                {
                    Line++;
                    throw new PgStatementException(SqlState.ProgramLimitExceeded,
                        string.Create(CultureInfo.InvariantCulture, $"COPY row is longer than the limit of {_maxRowLength} bytes"));
                }
                return;
            }
            _start += consumed;
            if (result == CopyBinaryCodec.ReadResult.Trailer)
            {
                _ended = true;
                return;
            }
            Line++;
            _sink.Row(_row, Line);
            Rows++;
        }
    }

    /// <summary>Returns the pooled buffers.</summary>
    public void Dispose()
    {
        _row.Dispose();
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
