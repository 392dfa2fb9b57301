namespace TenantDb.Engine.Procedures;

/// <summary>
/// What one procedure call may consume. Exceeding any of them ends the call with SQLSTATE 54000
/// naming the limit; the call's writes are rolled back.
/// </summary>
public sealed record ProcedureLimits
{
    /// <summary>Fuel: units counted at function entries (one, plus one per 64 declared locals) and loop back-edges.</summary>
    public long Fuel { get; init; } = 2_000_000_000;

    /// <summary>Wall-clock time for the whole call.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Linear memory in 64 KiB pages (memory.grow fails past it; a module declaring more is refused).</summary>
    public int MaxMemoryPages { get; init; } = 1024;

    /// <summary>Rows the procedure may read from its queries.</summary>
    public long MaxRowsRead { get; init; } = 100_000_000;

    /// <summary>Rows the procedure's statements may change.</summary>
    public long MaxRowsWritten { get; init; } = 10_000_000;

    /// <summary>Bytes of result rows the procedure may emit.</summary>
    public long MaxResultBytes { get; init; } = 1L << 30;

    /// <summary>Queries a procedure may keep open at once.</summary>
    public int MaxOpenChannels { get; init; } = 64;

    /// <summary>Defaults suitable for a shared server.</summary>
    public static ProcedureLimits Default { get; } = new();
}
