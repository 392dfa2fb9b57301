using TenantDb.Wire.Protocol;

namespace TenantDb.Wire.Server.Cursors;

/// <summary>
/// Bytes of rows one connection's cursors hold in memory together (SCROLL cursors keep the rows they
/// have read; WITH HOLD cursors keep their rest after commit). Past the bound the statement that would
/// hold more fails with 54000, so a client cannot grow the server's memory without limit.
/// </summary>
internal sealed class CursorBudget
{
    /// <summary>Bytes of cursor rows one connection may hold.</summary>
    public const long MaxBytes = 64L << 20;

    /// <summary>Bytes held now.</summary>
    public long Used { get; private set; }

    /// <summary>Takes <paramref name="bytes"/> more, or throws 54000 when that would pass <see cref="MaxBytes"/>.</summary>
    public void Reserve(long bytes)
    {
        if (Used + bytes > MaxBytes)
            throw new PgStatementException(SqlState.ProgramLimitExceeded,
                $"cursors would hold more than {MaxBytes >> 20} MiB of rows on this connection; close some, or fetch with a cursor that is neither SCROLL nor WITH HOLD");
        Used += bytes;
    }

    /// <summary>Gives back <paramref name="bytes"/>.</summary>
    public void Release(long bytes) => Used -= bytes;
}
