using System.Text;
using SQLitePCL;
using TenantDb.Engine.Errors;
using TenantDb.Engine.PgCatalog;
using TenantDb.Engine.Sql;
using TenantDb.Engine.Values;

namespace TenantDb.Engine;

/// <summary>
/// A prepared statement on a session. Bind parameters (0-based), then execute; it can be executed again
/// any number of times (bindings persist until <see cref="ClearBindings"/>). One execution at a time.
/// </summary>
public sealed class TenantStatement : IDisposable
{
    private readonly TenantSession _session;
    private readonly sqlite3_stmt _stmt;
    private readonly nint _native;
    private TenantReader? _activeReader;
    private bool _needsReset;
    private bool _disposed;
    private ParameterMap? _parameters;

    internal TenantStatement(TenantSession session, sqlite3_stmt stmt)
    {
        _session = session;
        _stmt = stmt;
        _native = stmt.DangerousGetHandle();
        ParameterCount = raw.sqlite3_bind_parameter_count(stmt);
        ColumnCount = raw.sqlite3_column_count(stmt);
        IsReadOnly = raw.sqlite3_stmt_readonly(stmt) != 0 && !session.Guard.PreparedCallsWritingFunction;
    }

    /// <summary>Number of parameters (the highest parameter index + 1).</summary>
    public int ParameterCount { get; }

    /// <summary>Number of result columns (0 for statements that return no rows).</summary>
    public int ColumnCount { get; }

    /// <summary>True when the statement does not write to the database.</summary>
    public bool IsReadOnly { get; }

    internal sqlite3_stmt Handle => _stmt;

    /// <summary>The native statement pointer for <see cref="SqliteNative"/>; valid until Dispose.</summary>
    internal nint NativeHandle => _native;

    internal TenantSession Session => _session;

    /// <summary>True while a reader of this statement is open (the statement is mid-execution).</summary>
    internal bool IsExecuting => _activeReader is not null;

    /// <summary>The statement's SQL as prepared: placeholders, never parameter values.</summary>
    internal string Sql => raw.sqlite3_sql(_stmt).utf8_to_string() ?? string.Empty;

    /// <summary>False for the engine's own transaction statements, which the tenant's usage does not count.</summary>
    internal bool CountsAsUsage { get; set; } = true;

    /// <summary>Name of result column <paramref name="i"/>.</summary>
    public string GetColumnName(int i)
    {
        CheckColumn(i);
        return raw.sqlite3_column_name(_stmt, i).utf8_to_string() ?? string.Empty;
    }

    /// <summary>Declared type of result column <paramref name="i"/> when it comes straight from a table column, else null.</summary>
    public string? GetColumnDeclaredType(int i)
    {
        CheckColumn(i);
        return raw.sqlite3_column_decltype(_stmt, i).utf8_to_string();
    }

    /// <summary>
    /// Type of result column <paramref name="i"/> from its declared type, <see cref="ColumnType.Unknown"/>
    /// when it has none (an expression): then only its values tell.
    /// </summary>
    public ColumnType GetDeclaredColumnType(int i) => ColumnTypeRules.FromDeclaredType(GetColumnDeclaredType(i));

    /// <summary>
    /// Best type of result column <paramref name="i"/> without reading a row: the declared type, else a
    /// guess from the expression (count(...) is an integer, avg(...) a double, ...), else <see cref="ColumnType.Unknown"/>.
    /// </summary>
    public ColumnType GuessColumnType(int i)
    {
        ColumnType declared = GetDeclaredColumnType(i);
        return declared != ColumnType.Unknown ? declared : ColumnTypeRules.FromExpressionName(GetColumnName(i));
    }

    /// <summary>
    /// The PostgreSQL type of result column <paramref name="i"/> from its declared type (with the type a
    /// <c>serial</c> or identity column was declared with, for a column SQLite must declare <c>INTEGER</c>);
    /// <see cref="PgDeclaredType.Unspecified"/> for an expression, whose type only its text tells.
    /// </summary>
    public PgDeclaredType GetColumnPgType(int i)
    {
        string? declared = GetColumnDeclaredType(i);
        if (declared is null) return PgDeclaredType.Unspecified;
        if (declared.Equals("INTEGER", StringComparison.OrdinalIgnoreCase)
            && raw.sqlite3_column_database_name(_stmt, i).utf8_to_string() == "main"
            && raw.sqlite3_column_table_name(_stmt, i).utf8_to_string() is { } table
            && raw.sqlite3_column_origin_name(_stmt, i).utf8_to_string() is { } column
            && _session.TryGetRememberedType(table, column, out var remembered))
        {
            return remembered;
        }

        return PgDeclaredType.Resolve(declared);
    }

    /// <summary>Which slot each numbered parameter ($1, $2, ... or ?1, ?2, ...) binds to; built on first use.</summary>
    public ParameterMap Parameters => _parameters ??= ParameterMap.Of(this);

    /// <summary>Name of parameter <paramref name="index"/> (0-based) as written, e.g. "$1", ":id" or "?3"; null for a bare "?".</summary>
    public string? GetParameterName(int index)
    {
        CheckParameter(index);
        return raw.sqlite3_bind_parameter_name(_stmt, index + 1).utf8_to_string();
    }

    /// <summary>Binds <paramref name="value"/> to parameter <paramref name="index"/> (0-based).</summary>
    public void Bind(int index, SqlValue value)
    {
        switch (value.Type)
        {
            case SqlType.Integer:
                BindInt64(index, value.AsInteger);
                break;
            case SqlType.Real:
                BindDouble(index, value.AsReal);
                break;
            case SqlType.Text:
                BindText(index, value.AsText);
                break;
            case SqlType.Blob:
                BindBlob(index, value.AsBlob);
                break;
            default:
                BindNull(index);
                break;
        }
    }

    /// <summary>Binds SQL NULL.</summary>
    public void BindNull(int index) => CheckBind(SqliteNative.BindNull(PrepareBind(index), index + 1));

    /// <summary>Binds an integer.</summary>
    public void BindInt64(int index, long value) => CheckBind(SqliteNative.BindInt64(PrepareBind(index), index + 1, value));

    /// <summary>Binds a double.</summary>
    public void BindDouble(int index, double value) => CheckBind(SqliteNative.BindDouble(PrepareBind(index), index + 1, value));

    /// <summary>Binds text (with its exact length, so embedded NUL characters survive).</summary>
    public void BindText(int index, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        nint stmt = PrepareBind(index);
        int max = Encoding.UTF8.GetMaxByteCount(value.Length);
        byte[]? rented = max > 512 ? System.Buffers.ArrayPool<byte>.Shared.Rent(max) : null;
        try
        {
            Span<byte> buffer = rented ?? stackalloc byte[512];
            int length = Encoding.UTF8.GetBytes(value, buffer);
            CheckBind(SqliteNative.BindTextUtf8(stmt, index + 1, buffer[..length]));
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Binds text given as UTF-8 bytes (copied by SQLite).</summary>
    public void BindTextUtf8(int index, ReadOnlySpan<byte> utf8) =>
        CheckBind(SqliteNative.BindTextUtf8(PrepareBind(index), index + 1, utf8));

    /// <summary>Binds a blob (copied by SQLite).</summary>
    public void BindBlob(int index, ReadOnlySpan<byte> value) =>
        CheckBind(SqliteNative.BindBlobBytes(PrepareBind(index), index + 1, value));

    /// <summary>Sets every parameter back to NULL.</summary>
    public void ClearBindings()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ResetIfNeeded();
        raw.sqlite3_clear_bindings(_stmt);
    }

    /// <summary>Starts executing and returns a reader that steps the statement row by row.</summary>
    public TenantReader ExecuteReader()
    {
        StartExecution();
        var reader = new TenantReader(this, raw.sqlite3_total_changes(_session.Db), CountsAsUsage ? Usage.StatementUsage.Start(_session) : default);
        _activeReader = reader;
        return reader;
    }

    /// <summary>Runs the statement to completion, discarding rows; returns the rows it inserted, updated or deleted.</summary>
    public long ExecuteNonQuery()
    {
        using TenantReader reader = ExecuteReader();
        while (reader.Read())
        {
        }

        return reader.RecordsAffected;
    }

    /// <summary>Finalizes the native statement.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _activeReader?.Detach();
        _activeReader = null;
        _stmt.Dispose();
        _session.Forget(this);
        _session.AfterStatement();
    }

    /// <summary>
    /// Takes the result code of a step of this statement (readers step it themselves): true for a
    /// row, false when done; an error resets the statement and is thrown.
    /// </summary>
    internal bool Stepped(int rc)
    {
        if (rc == SqliteResultCodes.Row)
        {
            return true;
        }

        if (rc == SqliteResultCodes.Done)
        {
            return false;
        }

        TenantDbException error = SqliteErrorMapper.Create(_session.Db, rc, _session.Guard);
        raw.sqlite3_reset(_stmt);
        _needsReset = false;
        throw error;
    }

    /// <summary>Ends an execution early or after completion so the statement releases its locks.</summary>
    internal void EndExecution(TenantReader reader)
    {
        if (ReferenceEquals(_activeReader, reader))
        {
            _activeReader = null;
            if (!_disposed)
            {
                raw.sqlite3_reset(_stmt);
                _needsReset = false;
            }
        }

        _session.AfterStatement();
    }

    private void StartExecution()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _session.ThrowIfUnusable();
        if (_activeReader is not null)
        {
            throw new TenantDbException(TenantDbErrorKind.Misuse, "the statement is already executing; dispose its reader first");
        }

        if (!IsReadOnly)
        {
            // Refused in a read-only transaction; otherwise waits for the tenant's write lock.
            _session.BeforeWrite();
        }

        ResetIfNeeded();
        _needsReset = true;
        _session.Guard.StartStatement();
    }

    private nint PrepareBind(int index)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_activeReader is not null)
        {
            throw new TenantDbException(TenantDbErrorKind.Misuse, "cannot bind while the statement is executing");
        }

        CheckParameter(index);
        ResetIfNeeded();
        return _native;
    }

    private void ResetIfNeeded()
    {
        if (_needsReset)
        {
            raw.sqlite3_reset(_stmt);
            _needsReset = false;
        }
    }

    private void CheckBind(int rc)
    {
        if (rc != SqliteResultCodes.Ok)
        {
            throw SqliteErrorMapper.Create(_session.Db, rc, _session.Guard);
        }
    }

    private void CheckParameter(int index)
    {
        if ((uint)index >= (uint)ParameterCount)
        {
            throw new TenantDbException(TenantDbErrorKind.Misuse, $"parameter index {index} is out of range (statement has {ParameterCount})");
        }
    }

    private void CheckColumn(int i)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if ((uint)i >= (uint)ColumnCount)
        {
            throw new TenantDbException(TenantDbErrorKind.Misuse, $"column index {i} is out of range (statement has {ColumnCount})");
        }
    }

    internal static string DecodeUtf8(ReadOnlySpan<byte> utf8) => utf8.IsEmpty ? string.Empty : Encoding.UTF8.GetString(utf8);
}
