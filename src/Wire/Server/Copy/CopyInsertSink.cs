using System.Buffers;
using TenantDb.Engine;
using TenantDb.Engine.Errors;
using TenantDb.Wire.Protocol;

namespace TenantDb.Wire.Server.Copy;

/// <summary>
/// Stores COPY rows through prepared INSERTs of several rows at once: one engine statement per batch
/// instead of per row (each statement is metered and timed, which costs more than the insert
/// itself). A batch holds at most <see cref="MaxBatchRows"/> rows and <see cref="MaxBatchBytes"/>
/// bytes of values. When a batch fails, its rows are replayed one by one to find the failing row,
/// so the error names its line as PostgreSQL does.
/// </summary>
internal sealed class CopyInsertSink : ICopyRowSink, IDisposable
{
    /// <summary>Most rows one INSERT carries.</summary>
    public const int MaxBatchRows = 64;
    /// <summary>Bytes of values a batch may hold before it is flushed, however few its rows.</summary>
    public const int MaxBatchBytes = 1 << 20;
    // SQLite's smallest parameter limit; a batch never binds more.
    private const int MaxBatchParameters = 999;

    private readonly CopyTarget _target;
    private readonly bool _binary;
    private readonly int _columns;
    private readonly int _batchRows;
    private readonly CopyField[] _fields;
    private readonly long[] _lines;
    private byte[] _data = ArrayPool<byte>.Shared.Rent(64 * 1024);
    private int _length;
    private int _pending;

    private readonly Func<bool> _inTransaction;

    /// <summary>Creates the sink for <paramref name="target"/>; <paramref name="binary"/> when fields are in binary format.</summary>
    /// <param name="target">The table's statements.</param>
    /// <param name="binary">True when fields are in binary format.</param>
    /// <param name="inTransaction">Whether the engine's transaction is still open (SQLite ends it itself on some errors).</param>
    public CopyInsertSink(CopyTarget target, bool binary, Func<bool> inTransaction)
    {
        _target = target;
        _inTransaction = inTransaction;
        _binary = binary;
        _columns = target.ColumnTypes.Length;
        _batchRows = Math.Max(1, Math.Min(MaxBatchRows, MaxBatchParameters / Math.Max(1, _columns)));
        _fields = new CopyField[_batchRows * _columns];
        _lines = new long[_batchRows];
    }

    /// <summary>Set from another thread by a CancelRequest; the next row then fails with 57014.</summary>
    public volatile bool Canceled;

    /// <summary>The input line of the row that failed, once one has (for the error's CONTEXT).</summary>
    public long? FailedLine { get; private set; }

    /// <summary>Rows inserted so far.</summary>
    public long Inserted { get; private set; }

    /// <inheritdoc/>
    public void Row(CopyRow row, long line)
    {
        if (Canceled) throw new PgStatementException(SqlState.QueryCanceled, "canceling statement due to user request");
        var data = row.Data;
        if (_data.Length - _length < data.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_data.Length * 2, _length + data.Length));
            _data.AsSpan(0, _length).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_data);
            _data = bigger;
        }
        data.CopyTo(_data.AsSpan(_length));
        var at = _pending * _columns;
        for (var i = 0; i < _columns; i++)
        {
            var field = row[i];
            _fields[at + i] = field.IsNull ? field : new CopyField(field.Start + _length, field.Length);
        }
        _length += data.Length;
        _lines[_pending++] = line;
        if (_pending == _batchRows || _length >= MaxBatchBytes) Flush();
    }

    /// <inheritdoc/>
    public void Flush()
    {
        if (_pending == 0) return;
        var insert = _target.Insert(_pending);
        try
        {
            Bind(insert, 0, _pending);
            insert.Engine!.ExecuteNonQuery();
        }
        catch (TenantDbException) when (_pending > 1 && _inTransaction())
        {
            // The batch statement failed as a whole (SQLite undid it): insert its rows singly to find the
            // line. Only inside the still-open transaction: after SQLite rolled it back itself (a full
            // database), each row would commit on its own.
            var single = _target.Insert(1);
            for (var r = 0; r < _pending; r++)
            {
                Bind(single, r, 1);
                try
                {
                    single.Engine!.ExecuteNonQuery();
                }
                catch (TenantDbException)
                {
                    FailedLine = _lines[r];
                    throw;
                }
            }
            // Every row went in alone (a limit reached only by the batch as a whole): blame its last row.
            FailedLine = _lines[_pending - 1];
            throw;
        }
        catch (TenantDbException)
        {
            FailedLine ??= _lines[_pending - 1];
            throw;
        }
        Inserted += _pending;
        _pending = 0;
        _length = 0;
        if (_data.Length > 4 * MaxBatchBytes)
        {
            ArrayPool<byte>.Shared.Return(_data);
            _data = ArrayPool<byte>.Shared.Rent(64 * 1024);
        }
    }

    // Binds rows first..first+count-1 of the batch to the statement's parameters in order.
    private void Bind(PreparedStatement insert, int first, int count)
    {
        var engine = insert.Engine!;
        var types = _target.ColumnTypes;
        var parameter = 0;
        for (var r = first; r < first + count; r++)
        {
            try
            {
                for (var i = 0; i < _columns; i++, parameter++)
                {
                    var field = _fields[r * _columns + i];
                    var slot = insert.SlotOf(parameter);
                    if (slot < 0) continue;
                    if (field.IsNull) engine.BindNull(slot);
                    else CopyFieldDecoder.Bind(engine, slot, _data.AsSpan(field.Start, field.Length), types[i], _binary);
                }
            }
            catch (Exception ex) when (ex is PgStatementException or TenantDbException)
            {
                FailedLine = _lines[r];
                throw;
            }
        }
    }

    /// <summary>Returns the value buffer to the pool.</summary>
    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_data);
        _data = [];
    }
}
