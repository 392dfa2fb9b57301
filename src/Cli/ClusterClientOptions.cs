using System.CommandLine;
using TenantDb.Cluster.Hosting;

namespace TenantDb.Cli;

/// <summary>
/// The flags of admin commands that talk to a running cluster (`mapreduce`, `node`): its id and where
/// its membership lives. Any node answers; the command is an Orleans client of the cluster.
/// </summary>
internal sealed class ClusterClientOptions
{
    public Option<string?> ClusterId { get; } = new("--cluster-id") { Description = "The cluster (env TENANTDB_CLUSTER_ID)." };

    public Option<string?> Membership { get; } = new("--membership") { Description = "Membership connection string of the cluster (env TENANTDB_MEMBERSHIP)." };

    public Option<int?> GatewayPort { get; } = new("--gateway-port") { Description = "Without --membership: a node's gateway port on this machine (default 30000)." };

    public void AddTo(Command command)
    {
        command.Options.Add(ClusterId);
        command.Options.Add(Membership);
        command.Options.Add(GatewayPort);
    }

    /// <summary>The cluster named by the flags or the environment, or null when none is.</summary>
    public ClusterSettings? Read(ParseResult parse)
    {
        var cluster = parse.GetValue(ClusterId) ?? Environment.GetEnvironmentVariable("TENANTDB_CLUSTER_ID");
        if (string.IsNullOrEmpty(cluster)) return null;
        return new ClusterSettings
        {
            ClusterId = cluster,
            MembershipConnectionString = parse.GetValue(Membership) ?? Environment.GetEnvironmentVariable("TENANTDB_MEMBERSHIP"),
            GatewayPort = parse.GetValue(GatewayPort) ?? new ClusterSettings().GatewayPort,
        };
    }
}
