using SQLitePCL;
using TenantDb.Engine.Errors;
using TenantDb.Engine.Sql;
using TenantDb.Engine.Usage;
using TenantDb.Engine.Values;

namespace TenantDb.Engine;

/// <summary>
/// Streams the rows of one statement execution: each <see cref="Read"/> steps the native statement, so
/// no result is ever materialised. Spans returned by the getters are valid until the next Read.
/// </summary>
public sealed class TenantReader : IDisposable
{
    private readonly long _totalChangesBefore;
    private TenantStatement? _statement;
    private nint _stmt;
    private bool _hasRow;
    private bool _done;
    private long _recordsAffected = -1;
    private StatementUsage _usage;

    internal TenantReader(TenantStatement statement, long totalChangesBefore, StatementUsage usage)
    {
        _statement = statement;
        _stmt = statement.NativeHandle;
        _totalChangesBefore = totalChangesBefore;
        _usage = usage;
        FieldCount = statement.ColumnCount;
    }

    /// <summary>Number of columns of each row.</summary>
    public int FieldCount { get; }

    /// <summary>
    /// Rows inserted, updated or deleted by the statement (triggers not counted), known once the reader
    /// has finished; 0 for statements that changed nothing, -1 before completion.
    /// </summary>
    public long RecordsAffected => _recordsAffected;

    /// <summary>Advances to the next row; false when the statement has finished.</summary>
    public bool Read()
    {
        if (_done)
        {
            return false;
        }

        TenantStatement statement = _statement ?? throw new ObjectDisposedException(nameof(TenantReader));
        return AfterStep(statement, SqliteNative.Step(_stmt));
    }

    /// <summary>
    /// For a caller that stepped <see cref="CurrentRowStatement"/> itself (the procedure channels'
    /// native row loop): counts the <paramref name="rows"/> further rows its steps landed on.
    /// </summary>
    internal void CountSteppedRows(long rows) => _usage.Rows += rows;

    /// <summary>
    /// For a caller that stepped <see cref="CurrentRowStatement"/> itself: takes the result code of
    /// its last step as <see cref="Read"/> takes its own (true on a row; the end of the rows or an
    /// error, thrown, finish the execution).
    /// </summary>
    internal bool AfterStep(int rc) => AfterStep(_statement ?? throw new ObjectDisposedException(nameof(TenantReader)), rc);

    private bool AfterStep(TenantStatement statement, int rc)
    {
        bool row;
        try
        {
            row = statement.Stepped(rc);
        }
        catch (TenantDbException e)
        {
            _done = true;
            _hasRow = false;
            _statement = null;
            _stmt = 0;
            _usage.Finish(rowsWritten: 0, e.Kind, statement);
            statement.EndExecution(this);
            throw;
        }

        if (row)
        {
            _hasRow = true;
            _usage.Rows++;
            return true;
        }

        _hasRow = false;
        _done = true;
        sqlite3 db = statement.Session.Db;
        _recordsAffected = raw.sqlite3_total_changes(db) != _totalChangesBefore ? raw.sqlite3_changes(db) : 0;
        _usage.Finish(_recordsAffected, error: null, statement);
        return false;
    }

    /// <summary>
    /// Gives the rows still to read a fresh statement timeout: a reader kept open between client
    /// messages (a cursor, a suspended portal) is timed per part read, not from when it started.
    /// </summary>
    public void RestartTimeout()
    {
        if (_statement is { } statement)
        {
            statement.Session.Guard.RestartDeadline();
        }
    }

    /// <summary>Storage class of column <paramref name="i"/> in the current row.</summary>
    public SqlType GetSqlType(int i) => SqliteNative.ColumnType(Row(i), i) switch
    {
        1 => SqlType.Integer,
        2 => SqlType.Real,
        3 => SqlType.Text,
        4 => SqlType.Blob,
        _ => SqlType.Null,
    };

    /// <summary>Column <paramref name="i"/> of the current row as SQLite holds it (see <see cref="TenantColumnValue"/>).</summary>
    public TenantColumnValue GetColumnValue(int i) => new(Row(i), i);

    /// <summary>Column <paramref name="i"/> as an integer (SQLite converts other types).</summary>
    public long GetInt64(int i) => SqliteNative.ColumnInt64(Row(i), i);

    /// <summary>Column <paramref name="i"/> as a double (SQLite converts other types).</summary>
    public double GetDouble(int i) => SqliteNative.ColumnDouble(Row(i), i);

    /// <summary>Column <paramref name="i"/> as text (SQLite converts other types; NULL gives "").</summary>
    public string GetString(int i) => TenantStatement.DecodeUtf8(GetTextUtf8Span(i));

    /// <summary>Column <paramref name="i"/> as UTF-8 text bytes, without copying; valid until the next Read.</summary>
    public ReadOnlySpan<byte> GetTextUtf8Span(int i) => SqliteNative.TextSpan(Row(i), i);

    /// <summary>Column <paramref name="i"/> as bytes, without copying; valid until the next Read.</summary>
    public ReadOnlySpan<byte> GetBlobSpan(int i) => SqliteNative.BlobSpan(Row(i), i);

    /// <summary>
    /// The native statement positioned on the current row, for the procedure channels' encoders that
    /// read every column of each row in a tight loop (valid until the next Read).
    /// </summary>
    internal nint CurrentRowStatement => _hasRow && _stmt != 0 ? _stmt : throw new TenantDbException(TenantDbErrorKind.Misuse, "no current row");

    /// <summary>Column <paramref name="i"/> as a typed value (copies text and blobs).</summary>
    public SqlValue GetValue(int i) => GetSqlType(i) switch
    {
        SqlType.Integer => SqlValue.Integer(GetInt64(i)),
        SqlType.Real => SqlValue.Real(GetDouble(i)),
        SqlType.Text => SqlValue.Text(GetString(i)),
        SqlType.Blob => SqlValue.Blob(GetBlobSpan(i).ToArray()),
        _ => SqlValue.Null,
    };

    /// <summary>Ends the execution (releasing read locks) even if rows remain.</summary>
    public void Dispose()
    {
        TenantStatement? statement = _statement;
        if (statement is not null)
        {
            _usage.Finish(rowsWritten: 0, error: null, statement);
        }

        _statement = null;
        _stmt = 0;
        _hasRow = false;
        _done = true;
        statement?.EndExecution(this);
    }

    /// <summary>Called when the statement is finalized under a live reader.</summary>
    internal void Detach()
    {
        _statement = null;
        _stmt = 0;
        _hasRow = false;
        _done = true;
    }

    private nint Row(int i)
    {
        if (!_hasRow || _stmt == 0)
        {
            throw new TenantDbException(TenantDbErrorKind.Misuse, "no current row");
        }

        if ((uint)i >= (uint)FieldCount)
        {
            throw new TenantDbException(TenantDbErrorKind.Misuse, $"column index {i} is out of range (row has {FieldCount})");
        }

        return _stmt;
    }
}
