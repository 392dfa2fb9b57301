using System.Runtime.InteropServices;
using TenantDb.Engine.Values;

namespace TenantDb.Engine.Sql;

/// <summary>
/// Direct calls into the bundled e_sqlite3 for the per-row hot path (step and column reads). Going
/// through SQLitePCLRaw costs an interface dispatch and a SafeHandle add-ref/release on every call,
/// which dominated the cost of streaming rows; here the statement pointer is passed as it is. The
/// caller keeps the owning <c>sqlite3_stmt</c> SafeHandle alive (TenantStatement finalizes it only
/// after detaching its reader).
/// </summary>
/// <remarks>
/// The column accessors run without a GC transition: they only read the current row (no callbacks into
/// managed code, no blocking). <c>sqlite3_step</c> keeps the transition, since it calls back into the
/// authorizer and progress handler and can run for long.
/// </remarks>
internal static unsafe partial class SqliteNative
{
    private const string Library = "e_sqlite3";

    [LibraryImport(Library, EntryPoint = "sqlite3_step")]
    public static partial int Step(nint stmt);

    /// <summary>sqlite3_txn_state over all schemas (null name): 0 none, 1 read, 2 write.</summary>
    [LibraryImport(Library, EntryPoint = "sqlite3_txn_state"), SuppressGCTransition]
    public static partial int TxnState(nint db, byte* schema);

    [LibraryImport(Library, EntryPoint = "sqlite3_column_type"), SuppressGCTransition]
    public static partial int ColumnType(nint stmt, int column);

    [LibraryImport(Library, EntryPoint = "sqlite3_column_int64"), SuppressGCTransition]
    public static partial long ColumnInt64(nint stmt, int column);

    [LibraryImport(Library, EntryPoint = "sqlite3_column_double"), SuppressGCTransition]
    public static partial double ColumnDouble(nint stmt, int column);

    [LibraryImport(Library, EntryPoint = "sqlite3_column_blob"), SuppressGCTransition]
    private static partial byte* ColumnBlob(nint stmt, int column);

    [LibraryImport(Library, EntryPoint = "sqlite3_column_text"), SuppressGCTransition]
    private static partial byte* ColumnText(nint stmt, int column);

    [LibraryImport(Library, EntryPoint = "sqlite3_column_bytes"), SuppressGCTransition]
    private static partial int ColumnBytes(nint stmt, int column);

    /// <summary>
    /// The column's value object: one call (one lock of the connection's mutex in serialized mode)
    /// instead of one per accessor. SQLite calls it unprotected: its accessors below do not lock the
    /// connection, which is safe because the value is read on the thread running the statement and
    /// a connection is never used by two threads at once (only <c>sqlite3_interrupt</c> comes from
    /// another thread, and it does not touch values). Valid until the statement steps or resets.
    /// </summary>
    [LibraryImport(Library, EntryPoint = "sqlite3_column_value"), SuppressGCTransition]
    public static partial nint ColumnValue(nint stmt, int column);

    [LibraryImport(Library, EntryPoint = "sqlite3_value_type"), SuppressGCTransition]
    public static partial int ValueType(nint value);

    [LibraryImport(Library, EntryPoint = "sqlite3_value_int64"), SuppressGCTransition]
    public static partial long ValueInt64(nint value);

    [LibraryImport(Library, EntryPoint = "sqlite3_value_double"), SuppressGCTransition]
    public static partial double ValueDouble(nint value);

    [LibraryImport(Library, EntryPoint = "sqlite3_value_blob"), SuppressGCTransition]
    private static partial byte* ValueBlob(nint value);

    [LibraryImport(Library, EntryPoint = "sqlite3_value_text"), SuppressGCTransition]
    private static partial byte* ValueText(nint value);

    [LibraryImport(Library, EntryPoint = "sqlite3_value_bytes"), SuppressGCTransition]
    private static partial int ValueBytes(nint value);

    // sqlite3_bind_*: the statement's parameters, bound without SQLitePCLRaw's SafeHandle add-ref and
    // release per call (a COPY binds millions). They keep the GC transition: they take the connection's
    // mutex and may allocate.
    [LibraryImport(Library, EntryPoint = "sqlite3_bind_int64")]
    public static partial int BindInt64(nint stmt, int index, long value);

    [LibraryImport(Library, EntryPoint = "sqlite3_bind_double")]
    public static partial int BindDouble(nint stmt, int index, double value);

    [LibraryImport(Library, EntryPoint = "sqlite3_bind_null")]
    public static partial int BindNull(nint stmt, int index);

    [LibraryImport(Library, EntryPoint = "sqlite3_bind_text")]
    private static partial int BindText(nint stmt, int index, byte* text, int length, nint destructor);

    [LibraryImport(Library, EntryPoint = "sqlite3_bind_blob")]
    private static partial int BindBlob(nint stmt, int index, byte* data, int length, nint destructor);

    // SQLITE_TRANSIENT: SQLite copies the bytes before the bind returns, so the span may go away after.
    private const nint Transient = -1;

    /// <summary>Binds UTF-8 text (copied by SQLite; an empty span binds the empty string, not NULL).</summary>
    public static int BindTextUtf8(nint stmt, int index, ReadOnlySpan<byte> utf8)
    {
        byte empty = 0;
        fixed (byte* data = utf8)
        {
            return BindText(stmt, index, data is null ? &empty : data, utf8.Length, Transient);
        }
    }

    /// <summary>Binds a blob (copied by SQLite; an empty span binds a zero-length blob, not NULL).</summary>
    public static int BindBlobBytes(nint stmt, int index, ReadOnlySpan<byte> bytes)
    {
        byte empty = 0;
        fixed (byte* data = bytes)
        {
            return BindBlob(stmt, index, data is null ? &empty : data, bytes.Length, Transient);
        }
    }

    /// <summary>A value's bytes as stored (blob); valid while the value is.</summary>
    public static ReadOnlySpan<byte> ValueBlobSpan(nint value)
    {
        // value_blob before value_bytes, as SQLite documents, so the length matches the pointer.
        byte* data = ValueBlob(value);
        return data is null ? default : new ReadOnlySpan<byte>(data, ValueBytes(value));
    }

    /// <summary>A value converted to UTF-8 text (NULL gives an empty span); valid while the value is.</summary>
    public static ReadOnlySpan<byte> ValueTextSpan(nint value)
    {
        byte* data = ValueText(value);
        return data is null ? default : new ReadOnlySpan<byte>(data, ValueBytes(value));
    }

    /// <summary>
    /// A TEXT column's UTF-8 bytes: the pointer from sqlite3_column_text (under the connection's lock,
    /// since SQLite may add the terminating NUL, which allocates), the length from the value object
    /// <paramref name="value"/> of the same column, which after that call is a plain read.
    /// </summary>
    public static ReadOnlySpan<byte> TextSpan(nint stmt, int column, nint value)
    {
        byte* data = ColumnText(stmt, column);
        return data is null ? default : new ReadOnlySpan<byte>(data, ValueBytes(value));
    }

    /// <summary>A BLOB column's bytes, the pointer read under the connection's lock as in <see cref="TextSpan(nint, int, nint)"/>.</summary>
    public static ReadOnlySpan<byte> BlobSpan(nint stmt, int column, nint value)
    {
        byte* data = ColumnBlob(stmt, column);
        return data is null ? default : new ReadOnlySpan<byte>(data, ValueBytes(value));
    }

    /// <summary>The column's bytes as stored (blob) or as UTF-8 (text); valid until the next step.</summary>
    public static ReadOnlySpan<byte> BlobSpan(nint stmt, int column)
    {
        // column_blob before column_bytes, as SQLite documents, so the length matches the pointer.
        byte* data = ColumnBlob(stmt, column);
        return data is null ? default : new ReadOnlySpan<byte>(data, ColumnBytes(stmt, column));
    }

    /// <summary>The column converted to UTF-8 text (NULL gives an empty span); valid until the next step.</summary>
    public static ReadOnlySpan<byte> TextSpan(nint stmt, int column)
    {
        byte* data = ColumnText(stmt, column);
        return data is null ? default : new ReadOnlySpan<byte>(data, ColumnBytes(stmt, column));
    }
}
