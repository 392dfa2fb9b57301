using System.Net;

namespace TenantDb.Cluster.Hosting;

/// <summary>
/// What a node needs to join a TenantDb cluster, besides the usual server settings (whose port is the
/// node's public PostgreSQL port, accepting connections for every tenant).
/// </summary>
public sealed record ClusterSettings
{
    /// <summary>Nodes with the same cluster id form one cluster (Orleans' ClusterId and ServiceId).</summary>
    public string ClusterId { get; init; } = "tenantdb";

    /// <summary>
    /// Npgsql connection string of the PostgreSQL database holding the membership table. Null means
    /// development clustering on this machine only (the first node's silo port is the primary).
    /// </summary>
    public string? MembershipConnectionString { get; init; }

    /// <summary>The address other nodes and routed connections reach this node on.</summary>
    public IPAddress AdvertisedAddress { get; init; } = IPAddress.Loopback;

    /// <summary>Orleans silo-to-silo port.</summary>
    public int SiloPort { get; init; } = 11111;

    /// <summary>Orleans client gateway port (admin commands connect here).</summary>
    public int GatewayPort { get; init; } = 30000;

    /// <summary>Development clustering only: the silo port of the node every other node joins through.</summary>
    public int PrimarySiloPort { get; init; } = 11111;

    /// <summary>
    /// How long a connection waits for its tenant's owner to be known (a failed node's tenants are
    /// unavailable until it is declared dead); then FATAL 57P03 and the client retries.
    /// </summary>
    public TimeSpan RouteTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Failure detection: nodes probe each other this often and wait this long for an answer; a node
    /// that misses three probes in a row is declared dead and its tenants move (so detection takes
    /// about three times this). Shorter detects faster but risks declaring a busy node dead.
    /// </summary>
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Routed connections move their bytes with the kernel's splice(2) through a pipe (no copy into
    /// this process; two more descriptors per direction) instead of recv/send. Falls back to recv/send
    /// by itself where the kernel refuses splice.
    /// </summary>
    public bool KernelSplice { get; init; } = true;

    /// <summary>
    /// Connections this node routes to other nodes at once. Each holds two sockets (and, with
    /// <see cref="KernelSplice"/>, two pipes) here until either end closes, whether or not its client ever
    /// authenticates at the owner, so without a bound the owners' limits together would decide this node's
    /// descriptors. A connection beyond it is refused with FATAL 53300 before it is routed.
    /// </summary>
    public int MaxRoutedConnections { get; init; } = 1024;
}
