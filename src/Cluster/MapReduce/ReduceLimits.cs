using TenantDb.Engine.Procedures;

namespace TenantDb.Cluster.MapReduce;

/// <summary>
/// What a reduce procedure may consume on the coordinator. It is one tenant's code running over every
/// selected tenant's map rows, on the operator's machine rather than on a tenant's owner, so it gets
/// limits of its own instead of that tenant's. Exceeding one ends the reduce with SQLSTATE 54000.
/// </summary>
public static class ReduceLimits
{
    /// <summary>Merged map rows a reduce step accepts (the rows live in memory on the coordinator).</summary>
    public const long MaxMapRows = 10_000_000;

    public static ProcedureLimits Default { get; } = new()
    {
        Fuel = 1_000_000_000,
        Timeout = TimeSpan.FromSeconds(60),
        MaxMemoryPages = 256, // 16 MiB of linear memory
        MaxRowsRead = 2 * MaxMapRows,
        MaxRowsWritten = 1_000_000,
        MaxResultBytes = 8L << 20, // the rows are kept in memory until the reduce ends
        MaxOpenChannels = 16,
    };
}
