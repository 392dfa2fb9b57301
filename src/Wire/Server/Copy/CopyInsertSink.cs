namespace TenantDb.Wire.Server.Copy;

/// <summary>Stores each COPY row by running the target's prepared INSERT with the row's fields bound.</summary>
internal sealed class CopyInsertSink(CopyTarget target, bool binary) : ICopyRowSink
{
    private readonly PreparedStatement _insert = target.Insert ?? throw new ArgumentException("COPY FROM needs an INSERT", nameof(target));

    /// <summary>Set from another thread by a CancelRequest; the next row then fails with 57014.</summary>
    public volatile bool Canceled;

    /// <inheritdoc/>
    public void Row(CopyRow row)
    {
        if (Canceled) throw new Protocol.PgStatementException(Protocol.SqlState.QueryCanceled, "canceling statement due to user request");
        var engine = _insert.Engine!;
        var types = target.ColumnTypes;
        for (var i = 0; i < row.Count; i++)
        {
            var slot = _insert.SlotOf(i);
            if (slot < 0) continue;
            if (row[i].IsNull) engine.BindNull(slot);
            else CopyFieldDecoder.Bind(engine, slot, row.ValueOf(i), types[i], binary);
        }
        engine.ExecuteNonQuery();
    }
}
