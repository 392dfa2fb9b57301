using System.CommandLine;
using TenantDb.Cluster.Grains;
using TenantDb.Cluster.Hosting;
using TenantDb.Cluster.MapReduce;
using TenantDb.Engine.Values;

namespace TenantDb.Cli;

/// <summary>
/// `tenantdb mapreduce --tenants 'shop_*' --map revenue_by_day [--reduce-sql ...]`: runs one stored
/// procedure in every matching tenant and prints the merged rows (tenant first), optionally folded by
/// a reduce query over table <c>map</c>; tenants where the call failed are listed in an error table on
/// standard error, and the exit code says whether any failed. Against a data directory it runs here;
/// with --cluster-id each call runs on the node owning the tenant.
/// </summary>
internal static class MapReduceCommand
{
    public static Command Create()
    {
        var (dataDir, config) = (CommonOptions.DataDirectory(), CommonOptions.ConfigFile());
        var tenants = new Option<string>("--tenants") { Description = "Tenants to run in: a name pattern with * and ? (default: all).", DefaultValueFactory = _ => "*" };
        var map = new Option<string>("--map") { Description = "The stored procedure to call in each tenant.", Required = true };
        var arguments = new Option<string[]>("--arg") { Description = "An argument of the map procedure (text; repeat for several, in order).", AllowMultipleArgumentsPerToken = false };
        var reduce = new Option<string?>("--reduce-sql") { Description = "Fold the merged rows with this query over table map (columns: tenant, then the map procedure's)." };
        var parallelism = new Option<int>("--parallelism") { Description = "Calls in flight at once (each node also bounds its own; default 8).", DefaultValueFactory = _ => 8 };
        // With a cluster each call runs on the tenant's owner node; without one, in this process.
        var clusterOptions = new ClusterClientOptions();
        var command = new Command("mapreduce", "Run one procedure in many tenants and merge (and optionally reduce) the rows.")
        {
            dataDir, config, tenants, map, arguments, reduce, parallelism,
        };
        clusterOptions.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            using var engine = AdminDataDirectory.Open(parse.GetValue(dataDir), parse.GetValue(config));
            var selected = TenantPattern.Select(engine.ListTenants(), parse.GetValue(tenants)!);
            var procedure = parse.GetValue(map)!;
            MapValue[] args = [.. (parse.GetValue(arguments) ?? []).Select(a => new MapValue((byte)Engine.Values.SqlType.Text, 0, 0, a, null))];
            var cluster = clusterOptions.Read(parse);
            await using var client = cluster is null ? null : await ClusterAdminClient.ConnectAsync(cluster, cancellationToken).ConfigureAwait(false);
            MapReduceJob.MapOne mapOne = client is null
                ? (tenant, ct) => Task.Run(() => TenantProcedureCall.Run(engine, tenant, procedure, args, ct), ct)
                : (tenant, ct) => client.Grains.GetGrain<ITenantGrain>(tenant).MapAsync(procedure, args, ct);

            var reduceSql = parse.GetValue(reduce);
            var results = new List<TenantMapResult>();
            await foreach (var result in MapReduceJob.RunAsync(selected, mapOne, parse.GetValue(parallelism), cancellationToken).ConfigureAwait(false))
            {
                results.Add(result);
                // Without a reduce step rows stream out as tenants finish.
                if (reduceSql is null && result.Succeeded)
                {
                    foreach (var row in result.Rows) await output.WriteLineAsync(result.Tenant + "\t" + string.Join('\t', row)).ConfigureAwait(false);
                }
            }
            if (reduceSql is not null)
            {
                var (columns, rows) = MapReduceFold.Reduce(results, reduceSql);
                await output.WriteLineAsync(string.Join('\t', columns)).ConfigureAwait(false);
                foreach (var row in rows) await output.WriteLineAsync(string.Join('\t', row)).ConfigureAwait(false);
            }
            var failed = results.Where(r => !r.Succeeded).OrderBy(r => r.Tenant, StringComparer.Ordinal).ToList();
            foreach (var f in failed) await error.WriteLineAsync($"{f.Tenant}\t{f.ErrorKind}\t{f.Error}").ConfigureAwait(false);
            await error.WriteLineAsync($"{results.Count - failed.Count} of {results.Count} tenants succeeded").ConfigureAwait(false);
            return failed.Count == 0 ? 0 : CliExitCode.Failed;
        });
        return command;
    }
}
