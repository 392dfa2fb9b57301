using System.CommandLine;
using TenantDb.Cluster.Hosting;

namespace TenantDb.Cli;

/// <summary>
/// `tenantdb node list`, `tenantdb node drain NODE` and `tenantdb node undrain NODE`, against any node
/// of a running cluster: list the nodes with what they own; move every tenant off one node before
/// maintenance (its connections there close, new ones go to the new owners, and the node takes no
/// tenant any more); let a drained node take tenants again (it pulls its share back).
/// </summary>
internal static class NodeCommand
{
    public static Command Create()
    {
        var command = new Command("node", "Nodes of a running cluster: list, drain, undrain.");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Drain());
        command.Subcommands.Add(Undrain());
        return command;
    }

    private static Command List()
    {
        var cluster = new ClusterClientOptions();
        var command = new Command("list", "List the active nodes: public endpoint, tenants owned, connections, draining.");
        cluster.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var client = await ConnectAsync(cluster, parse, cancellationToken).ConfigureAwait(false);
            var output = parse.InvocationConfiguration.Output;
            await output.WriteLineAsync("node\ttenants\tconnections\tdraining").ConfigureAwait(false);
            foreach (var node in await ClusterNodes.ListAsync(client.Grains).ConfigureAwait(false))
                await output.WriteLineAsync($"{node.WireEndpoint}\t{node.Tenants}\t{node.Connections}\t{(node.Draining ? "yes" : "no")}").ConfigureAwait(false);
            return CliExitCode.Ok;
        });
        return command;
    }

    private static Command Drain()
    {
        var cluster = new ClusterClientOptions();
        var node = new Argument<string>("node") { Description = "The node's public endpoint as `node list` shows it (address:port)." };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for the tenants to move (default 60).", DefaultValueFactory = _ => 60 };
        var command = new Command("drain", "Move every tenant off a node (closing its connections there); the node takes no tenant any more.") { node, timeout };
        cluster.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var client = await ConnectAsync(cluster, parse, cancellationToken).ConfigureAwait(false);
            int moved;
            Cluster.Grains.NodeStatus after;
            try
            {
                (moved, after) = await ClusterNodes.DrainAsync(client.Grains, parse.GetValue(node)!, TimeSpan.FromSeconds(parse.GetValue(timeout))).ConfigureAwait(false);
            }
            catch (ArgumentException ex)
            {
                throw new CliException(CliExitCode.Failed, ex.Message);
            }
            await parse.InvocationConfiguration.Output.WriteLineAsync($"{after.WireEndpoint}: {moved} tenants moved, {after.Tenants} left").ConfigureAwait(false);
            return after.Tenants == 0 ? CliExitCode.Ok : CliExitCode.Failed;
        });
        return command;
    }

    private static Command Undrain()
    {
        var cluster = new ClusterClientOptions();
        var node = new Argument<string>("node") { Description = "The node's public endpoint as `node list` shows it (address:port)." };
        var command = new Command("undrain", "Let a drained node take tenants again; it pulls its share of the active tenants.") { node };
        cluster.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var client = await ConnectAsync(cluster, parse, cancellationToken).ConfigureAwait(false);
            int pulled;
            Cluster.Grains.NodeStatus after;
            try
            {
                (pulled, after) = await ClusterNodes.UndrainAsync(client.Grains, parse.GetValue(node)!).ConfigureAwait(false);
            }
            catch (ArgumentException ex)
            {
                throw new CliException(CliExitCode.Failed, ex.Message);
            }
            await parse.InvocationConfiguration.Output.WriteLineAsync($"{after.WireEndpoint}: accepting tenants, {pulled} asked to move here").ConfigureAwait(false);
            return CliExitCode.Ok;
        });
        return command;
    }

    private static async Task<ClusterAdminClient> ConnectAsync(ClusterClientOptions cluster, ParseResult parse, CancellationToken cancellationToken) =>
        await ClusterAdminClient.ConnectAsync(
            cluster.Read(parse) ?? throw new CliException(CliExitCode.Usage, "--cluster-id (or TENANTDB_CLUSTER_ID) is required"),
            cancellationToken).ConfigureAwait(false);
}
