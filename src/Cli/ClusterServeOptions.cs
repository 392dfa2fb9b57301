using System.CommandLine;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using TenantDb.Cluster.Hosting;
using TenantDb.Wire.Hosting;

namespace TenantDb.Cli;

/// <summary>
/// The flags that turn `tenantdb serve` into a cluster node: with --cluster-id (or TENANTDB_CLUSTER_ID)
/// the process joins that Orleans cluster, its port accepts connections for every tenant and routes
/// each to the tenant's owner. Membership lives in PostgreSQL (--membership); without it the nodes must
/// all run on this machine (development clustering).
/// </summary>
internal sealed class ClusterServeOptions
{
    private readonly Option<string?> _clusterId = new("--cluster-id") { Description = "Join this cluster as a node (env TENANTDB_CLUSTER_ID); every node serves every tenant." };
    private readonly Option<string?> _membership = new("--membership") { Description = "Npgsql connection string of the PostgreSQL database holding cluster membership (env TENANTDB_MEMBERSHIP); without it, nodes on this machine only." };
    private readonly Option<int?> _siloPort = new("--silo-port") { Description = "Node-to-node port (default 11111)." };
    private readonly Option<int?> _gatewayPort = new("--gateway-port") { Description = "Port admin commands reach the cluster on (default 30000)." };
    private readonly Option<string?> _advertise = new("--advertise") { Description = "Address other nodes reach this one on (default: the --listen address, or 127.0.0.1)." };
    private readonly Option<int?> _primarySiloPort = new("--primary-silo-port") { Description = "Without --membership: silo port of the node the others join through (default 11111)." };
    private readonly Option<int?> _maxRouted = new("--max-routed-connections") { Description = "Connections this node routes to other nodes at once; beyond it FATAL 53300 (default 1024; env TENANTDB_MAX_ROUTED_CONNECTIONS)." };

    /// <summary>Adds the flags to <paramref name="serve"/>.</summary>
    public void AddTo(Command serve)
    {
        serve.Options.Add(_clusterId);
        serve.Options.Add(_membership);
        serve.Options.Add(_siloPort);
        serve.Options.Add(_gatewayPort);
        serve.Options.Add(_advertise);
        serve.Options.Add(_primarySiloPort);
        serve.Options.Add(_maxRouted);
    }

    /// <summary>The cluster settings asked for, or null when this is a single server.</summary>
    public ClusterSettings? Read(ParseResult parse, ServerSettings server)
    {
        var clusterId = parse.GetValue(_clusterId) ?? Environment.GetEnvironmentVariable("TENANTDB_CLUSTER_ID");
        if (string.IsNullOrEmpty(clusterId)) return null;
        var advertise = parse.GetValue(_advertise) is { } text
            ? IPAddress.TryParse(text, out var parsed) ? parsed : throw new CliException(CliExitCode.Usage, $"--advertise {text} is not an IP address")
            : server.ListenAddress.Equals(IPAddress.Any) || server.ListenAddress.Equals(IPAddress.IPv6Any) ? IPAddress.Loopback : server.ListenAddress;
        var defaults = new ClusterSettings();
        return new ClusterSettings
        {
            ClusterId = clusterId,
            MembershipConnectionString = parse.GetValue(_membership) ?? Environment.GetEnvironmentVariable("TENANTDB_MEMBERSHIP"),
            AdvertisedAddress = advertise,
            SiloPort = parse.GetValue(_siloPort) ?? defaults.SiloPort,
            GatewayPort = parse.GetValue(_gatewayPort) ?? defaults.GatewayPort,
            PrimarySiloPort = parse.GetValue(_primarySiloPort) ?? defaults.PrimarySiloPort,
            MaxRoutedConnections = MaxRoutedConnections(parse.GetValue(_maxRouted), defaults.MaxRoutedConnections),
            // A tuning switch for measuring the two ways of moving routed bytes, not a user setting.
            KernelSplice = Environment.GetEnvironmentVariable("TENANTDB_ROUTE_SPLICE") is not "copy",
        };
    }

    private static int MaxRoutedConnections(int? flag, int fallback)
    {
        string? text = flag?.ToString(CultureInfo.InvariantCulture) ?? Environment.GetEnvironmentVariable("TENANTDB_MAX_ROUTED_CONNECTIONS");
        if (text is null) return fallback;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value >= 1
            ? value
            : throw new CliException(CliExitCode.Usage, $"--max-routed-connections (TENANTDB_MAX_ROUTED_CONNECTIONS) must be a whole number from 1, not \"{text}\"");
    }

    /// <summary>Runs the node until canceled; returns the exit code.</summary>
    public static Task<int> RunAsync(ServerSettings server, ClusterSettings cluster, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var log = loggerFactory.CreateLogger("TenantDb.Cli");
        if (Hosting.OpenFileBudget.Warning(server, ClusterNode.EngineOptionsFor(server), Hosting.OpenFileBudget.ReadProcessLimits(), cluster.MaxRoutedConnections) is { } descriptors)
        {
            log.LogWarning("{Warning}", descriptors);
        }
        log.LogInformation("cluster {Cluster}: node on port {Port}, membership {Membership}",
            cluster.ClusterId, server.Port.ToString(CultureInfo.InvariantCulture), cluster.MembershipConnectionString is null ? "on this machine only" : "in PostgreSQL");
        return ClusterNode.RunAsync(server, cluster, loggerFactory, cancellationToken);
    }
}
