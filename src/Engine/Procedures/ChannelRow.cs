using TenantDb.Engine.Sql;

namespace TenantDb.Engine.Procedures;

/// <summary>
/// The current row of a channel's cursor, read straight from the native statement: the per-row
/// encoders (ABI rows into guest memory, text lines for WASI stdin) ask SQLite once per column for
/// the column's value and then read its type and contents from it, with no managed copy in between.
/// Valid only until the cursor steps.
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

    /// <summary>Column <paramref name="i"/>; always below <see cref="ColumnCount"/> (callers loop over the row's own columns).</summary>
    public ChannelValue this[int i] => new(SqliteNative.ColumnValue(_statement, i));
}
