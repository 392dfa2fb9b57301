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
    // A routed cluster connection: the client's socket and the one to the owner; the first few hundred
    // (served by blocking pumps) also a splice pipe per direction, two descriptors each.
    private const int SocketsPerRoutedConnection = 2;
    private const int PipeDescriptorsPerSplicedConnection = 4;

    /// <summary>
    /// Files a SQLite connection in WAL mode holds: the database, its WAL and the shared-memory index, which
    /// exclusive tenant files (unix-excl) keep in the process's memory instead.
    /// </summary>
    private static int FilesPerDatabaseConnection(EngineOptions engine) => engine.ExclusiveTenantFiles ? 2 : 3;

    /// <summary>
    /// Worst case: every authenticated connection has a socket and holds a SQLite connection of its own
    /// (an open transaction or a pinned session), every startup slot is taken, the engine keeps its full
    /// quota of idle connections for its most recently used tenants, and a cluster node routes its maximum
    /// of <paramref name="routedConnections"/> connections to other nodes.
    /// </summary>
    public static long WorstCase(ServerSettings settings, EngineOptions engine, int routedConnections = 0) =>
        Fixed(settings, engine, routedConnections) + (long)settings.MaxConnections * (1 + FilesPerDatabaseConnection(engine));

    /// <summary>The most authenticated connections whose worst case fits in <paramref name="limit"/> descriptors.</summary>
    public static long SupportedConnections(ServerSettings settings, EngineOptions engine, long limit, int routedConnections = 0) =>
        Math.Max(0, (limit - Fixed(settings, engine, routedConnections)) / (1 + FilesPerDatabaseConnection(engine)));

    // Everything but the authenticated connections.
    private static long Fixed(ServerSettings settings, EngineOptions engine, int routedConnections) =>
        Baseline
        + settings.MaxStartupConnections
        + (long)engine.MaxOpenTenants * engine.MaxIdleConnectionsPerTenant * FilesPerDatabaseConnection(engine)
        + (long)routedConnections * SocketsPerRoutedConnection
        + (long)Math.Min(routedConnections, TenantDb.Cluster.Routing.ClusterGateway.MaxBlockingSplices) * PipeDescriptorsPerSplicedConnection;

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
    public static string? Warning(ServerSettings settings, EngineOptions engine, string? procLimits, int routedConnections = 0)
    {
        if (procLimits is null || SoftLimit(procLimits) is not { } limit)
        {
            return null;
        }

        long needed = WorstCase(settings, engine, routedConnections);
        if (needed <= limit)
        {
            return null;
        }

        long supported = SupportedConnections(settings, engine, limit, routedConnections);
        string routed = routedConnections > 0 ? $", plus {routedConnections} routed connections with 2 sockets each and splice pipes" : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"the open-file limit ({limit}) is below the worst case for these settings ({needed}: {settings.MaxConnections} connections, each a socket and a SQLite connection with {FilesPerDatabaseConnection(engine)} files{routed}); with every connection holding its own SQLite connection, about {supported} connections fit. Raise the hard limit (ulimit -Hn, systemd LimitNOFILE=) or lower --max-connections");
    }

    /// <summary>Reads this process's limits (Linux); null elsewhere.</summary>
    public static string? ReadProcessLimits()
    {
        const string path = "/proc/self/limits";
        return OperatingSystem.IsLinux() && File.Exists(path) ? File.ReadAllText(path) : null;
    }
}
