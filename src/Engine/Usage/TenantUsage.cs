namespace TenantDb.Engine.Usage;

/// <summary>
/// A tenant's usage since it was created, as stored in the catalog plus what this engine counted since
/// its last write there. What another process (a server on the same data directory) counted appears
/// once that process wrote it, at most <see cref="EngineOptions.UsageFlushInterval"/> later.
/// </summary>
/// <param name="Tenant">The tenant.</param>
/// <param name="Figures">The totals, indexed by <see cref="UsageFigure"/>.</param>
/// <param name="StorageBytes">The size of the tenant's database now (file and write-ahead log on disk).</param>
public sealed record TenantUsage(string Tenant, IReadOnlyList<long> Figures, long StorageBytes)
{
    /// <summary>The total of one figure.</summary>
    public long this[UsageFigure figure] => Figures[(int)figure];

    /// <summary>The column name of <paramref name="figure"/> in the <c>tenantdb_usage</c> view and in JSON.</summary>
    public static string ColumnName(UsageFigure figure) => figure switch
    {
        UsageFigure.Statements => "statements",
        UsageFigure.Calls => "calls",
        UsageFigure.Fuel => "fuel",
        UsageFigure.CpuMicroseconds => "cpu_us",
        UsageFigure.RowsRead => "rows_read",
        UsageFigure.RowsWritten => "rows_written",
        UsageFigure.BytesIn => "bytes_in",
        UsageFigure.BytesOut => "bytes_out",
        _ => "errors",
    };
}
