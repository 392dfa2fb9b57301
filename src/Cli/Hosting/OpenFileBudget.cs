using System.Globalization;
using TenantDb.Engine;
using TenantDb.Wire.Hosting;

namespace TenantDb.Cli.Hosting;

/// <summary>
/// The most file descriptors the server can need with its settings, against the process's open-file
/// limit. The .NET runtime raises the soft limit to the hard one at start; when even that is below the
/// worst case, connections beyond it would fail to accept or to open their tenant's database (EMFILE),
/// so the operator is told at start instead of at the busiest moment.
/// </summary>
internal static class OpenFileBudget
{
    // The runtime, the listener, the registry, logs and the metrics endpoint.
    private const int Baseline = 64;
    // A SQLite connection in WAL mode holds the database, its WAL and the shared-memory index.
    private const int FilesPerDatabaseConnection = 3;

    /// <summary>
    /// Worst case: every authenticated connection has a socket and holds a SQLite connection of its own
    /// (an open transaction or a pinned session), every startup slot is taken, and the engine keeps its
    /// full quota of idle connections for its most recently used tenants.
    /// </summary>
    public static long WorstCase(ServerSettings settings, EngineOptions engine) =>
        Baseline
        + settings.MaxStartupConnections
        + (long)settings.MaxConnections * (1 + FilesPerDatabaseConnection)
        + (long)engine.MaxOpenTenants * engine.MaxIdleConnectionsPerTenant * FilesPerDatabaseConnection;

    /// <summary>The most authenticated connections whose worst case fits in <paramref name="limit"/> descriptors.</summary>
    public static long SupportedConnections(ServerSettings settings, EngineOptions engine, long limit) =>
        Math.Max(0, (limit - Baseline - settings.MaxStartupConnections
            - (long)engine.MaxOpenTenants * engine.MaxIdleConnectionsPerTenant * FilesPerDatabaseConnection) / (1 + FilesPerDatabaseConnection));

    /// <summary>The soft "Max open files" limit from a <c>/proc/PID/limits</c> text; null if absent or unlimited.</summary>
    public static long? SoftLimit(string procLimits)
    {
        foreach (string line in procLimits.Split('\n'))
        {
            if (!line.StartsWith("Max open files", StringComparison.Ordinal))
            {
                continue;
            }

            string[] fields = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return fields.Length > 0 && long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out long soft) ? soft : null;
        }

        return null;
    }

    /// <summary>The warning to log, or null when the limit covers the worst case (or is unknown: not Linux).</summary>
    public static string? Warning(ServerSettings settings, EngineOptions engine, string? procLimits)
    {
        if (procLimits is null || SoftLimit(procLimits) is not { } limit)
        {
            return null;
        }

        long needed = WorstCase(settings, engine);
        if (needed <= limit)
        {
            return null;
        }

        long supported = SupportedConnections(settings, engine, limit);
        return string.Create(CultureInfo.InvariantCulture,
            $"the open-file limit ({limit}) is below the worst case for these settings ({needed}: {settings.MaxConnections} connections, each a socket and a SQLite connection with 3 files); with every connection holding its own SQLite connection, about {supported} connections fit. Raise the hard limit (ulimit -Hn, systemd LimitNOFILE=) or lower --max-connections");
    }

    /// <summary>Reads this process's limits (Linux); null elsewhere.</summary>
    public static string? ReadProcessLimits()
    {
        const string path = "/proc/self/limits";
        return OperatingSystem.IsLinux() && File.Exists(path) ? File.ReadAllText(path) : null;
    }
}
