using TenantDb.Engine;
using TenantDb.Engine.Errors;
using TenantDb.Engine.PgCatalog;
using TenantDb.Engine.Values;
using TenantDb.Wire.Protocol;
using TenantDb.Wire.Types;

namespace TenantDb.Wire.Server.Cursors;

/// <summary>
/// One SQL-level cursor: its query's engine statement and open reader, and the rows it keeps. A cursor
/// that is not SCROLL streams: each row is read when a FETCH reaches it and written straight from the
/// reader. A SCROLL cursor keeps every row it has read, so it can go back. At the commit of its
/// transaction a WITH HOLD cursor reads the rest into memory and closes its reader (it is then
/// "held"). Kept rows count against the connection's <see cref="CursorBudget"/>.
/// </summary>
internal sealed class SqlCursor : ICursorRows, IDisposable
{
    private readonly CursorBudget _budget;
    private PreparedStatement? _statement;
    private TenantReader? _reader;
    // Rows kept in memory: row _firstKept + k is _kept[k] (rows before it were streamed and dropped).
    private readonly List<SqlValue[]> _kept = [];
    private long _firstKept = 1;
    private long _bytes;
    // Rows read from the reader so far, and whether it has run out.
    private long _read;
    private bool _ended;
    private bool _keepAll;
    private PgStatementException? _broken;

    /// <summary>Opens the cursor over <paramref name="statement"/>, whose reader has started.</summary>
    public SqlCursor(CursorDeclaration declaration, PreparedStatement statement, TenantReader reader, PgDeclaredType[] types, string[] names, CursorBudget budget)
    {
        Name = declaration.Name;
        Scroll = declaration.Scroll;
        Hold = declaration.Hold;
        Binary = declaration.Binary;
        Types = types;
        Names = names;
        _statement = statement;
        _reader = reader;
        _budget = budget;
        _keepAll = Scroll;
    }

    /// <summary>The cursor's name.</summary>
    public string Name { get; }

    /// <summary>Declared SCROLL: may move backward.</summary>
    public bool Scroll { get; }

    /// <summary>Declared WITH HOLD: outlives a commit.</summary>
    public bool Hold { get; }

    /// <summary>Declared BINARY.</summary>
    public bool Binary { get; }

    /// <summary>Result column types, as RowDescription announces them.</summary>
    public PgDeclaredType[] Types { get; }

    /// <summary>Result column names.</summary>
    public string[] Names { get; }

    /// <summary>0 before the first row, k on row k, N + 1 after the last (see <see cref="CursorMotion"/>).</summary>
    public long Position;

    /// <summary>True once the rows left to fetch are all in memory and the reader is closed (a WITH HOLD cursor after its commit).</summary>
    public bool Held { get; private set; }

    /// <summary>Bytes of rows this cursor keeps.</summary>
    public long KeptBytes => _bytes;

    /// <summary>Starts a fresh statement timeout for the rows a FETCH is about to read.</summary>
    public void BeforeFetch() => _reader?.RestartTimeout();

    /// <inheritdoc/>
    public bool Exists(long row)
    {
        if (_broken is { } broken) throw broken;
        if (row < 1) return false;
        while (_read < row && !_ended) ReadOne();
        return row <= _read;
    }

    /// <inheritdoc/>
    public long Count()
    {
        if (_broken is { } broken) throw broken;
        while (!_ended) ReadOne();
        return _read;
    }

    /// <summary>Writes row <paramref name="row"/> (one the last motion reached) as a DataRow.</summary>
    public void WriteRow(long row, PgMessageWriter writer, PgColumn[] columns)
    {
        writer.StartMessage(BackendMessageType.DataRow);
        writer.WriteInt16((short)columns.Length);
        var index = row - _firstKept;
        if (index >= 0 && index < _kept.Count)
        {
            var values = _kept[(int)index];
            for (var i = 0; i < columns.Length; i++)
                PgValueWriter.WriteConverted(writer, values[i], columns[i].TypeOid, columns[i].Format == 1, columns[i].TypeModifier);
        }
        else if (row == _read && _reader is { } reader && !_ended)
        {
            for (var i = 0; i < columns.Length; i++) PgValueWriter.WriteField(writer, reader, i, columns[i]);
        }
        else
        {
            throw new InvalidOperationException($"row {row} of cursor \"{Name}\" is neither kept nor current");
        }
        writer.EndMessage();
    }

    /// <summary>
    /// Reads every row not yet fetched into memory and closes the reader (WITH HOLD at commit); throws
    /// 54000 when they do not fit in the connection's budget.
    /// </summary>
    public void Materialise()
    {
        if (Held) return;
        if (!_keepAll)
        {
            // Rows read so far were fetched already, and a forward-only cursor never returns to them.
            DropKept();
            _firstKept = _read + 1;
            _keepAll = true;
        }
        while (!_ended) ReadOne();
        CloseReader();
        Held = true;
    }

    private void ReadOne()
    {
        if (_broken is { } broken) throw broken;
        var reader = _reader ?? throw new InvalidOperationException($"cursor \"{Name}\" has no reader");
        try
        {
            if (!reader.Read())
            {
                _ended = true;
                CloseReader();
                return;
            }
            if (_keepAll) Keep(reader);
            _read++;
        }
        catch (Exception ex) when (ex is TenantDbException or PgStatementException)
        {
            // A row that could not be read or kept is lost to the cursor: it can only be closed now.
            _broken = new PgStatementException(SqlState.ObjectNotInPrerequisiteState, $"cursor \"{Name}\" failed while reading its rows and can only be closed");
            CloseReader();
            throw;
        }
    }

    private void Keep(TenantReader reader)
    {
        var values = new SqlValue[reader.FieldCount];
        long bytes = 32 + 8L * values.Length;
        for (var i = 0; i < values.Length; i++)
        {
            var value = reader.GetValue(i);
            values[i] = value;
            bytes += 24 + value.Type switch
            {
                SqlType.Text => 2L * value.AsText.Length,
                SqlType.Blob => value.AsBlob.Length,
                _ => 0,
            };
        }
        _budget.Reserve(bytes);
        _bytes += bytes;
        _kept.Add(values);
    }

    private void DropKept()
    {
        _kept.Clear();
        _budget.Release(_bytes);
        _bytes = 0;
    }

    private void CloseReader()
    {
        _reader?.Dispose();
        _reader = null;
        _statement?.Dispose();
        _statement = null;
    }

    /// <summary>Closes the reader and statement and gives back the kept rows' bytes.</summary>
    public void Dispose()
    {
        CloseReader();
        DropKept();
    }
}
