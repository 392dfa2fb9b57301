using TenantDb.Engine.Sql;
using TenantDb.Engine.Values;

namespace TenantDb.Engine.Procedures;

/// <summary>
/// The current row of a channel's cursor, read straight from the native statement: the per-row
/// encoders (ABI rows into guest memory, text lines for WASI stdin) call SQLite once for a value's
/// type and once for the value, with no managed copy in between. Valid only until the cursor steps.
/// </summary>
internal readonly ref struct ChannelRow
{
    private readonly nint _statement;

    /// <param name="statement">The statement positioned on a row (see <see cref="TenantReader.CurrentRowStatement"/>).</param>
    /// <param name="columnCount">Its number of result columns.</param>
    public ChannelRow(nint statement, int columnCount)
    {
        _statement = statement;
        ColumnCount = columnCount;
    }

    public int ColumnCount { get; }

    // The column index is always below ColumnCount: callers loop over the row's own columns.
    public SqlType Type(int i) => SqliteNative.ColumnType(_statement, i) switch
    {
        1 => SqlType.Integer,
        2 => SqlType.Real,
        3 => SqlType.Text,
        4 => SqlType.Blob,
        _ => SqlType.Null,
    };

    public long Int64(int i) => SqliteNative.ColumnInt64(_statement, i);

    public double Double(int i) => SqliteNative.ColumnDouble(_statement, i);

    /// <summary>The column's text as SQLite stores it (normally UTF-8, not validated here).</summary>
    public ReadOnlySpan<byte> Text(int i) => SqliteNative.TextSpan(_statement, i);

    public ReadOnlySpan<byte> Blob(int i) => SqliteNative.BlobSpan(_statement, i);
}
