using System.CommandLine;
using TenantDb.Cluster.Grains;
using TenantDb.Cluster.Hosting;
using TenantDb.Cluster.MapReduce;
using TenantDb.Engine.Errors;
using TenantDb.Engine.Procedures;
using TenantDb.Engine.Values;

namespace TenantDb.Cli;

/// <summary>
/// `tenantdb mapreduce --tenants 'shop_*' --map revenue_by_day [--reduce-sql ... | --reduce sum_by_day]`:
/// runs one stored procedure in every matching tenant and prints the merged rows (tenant first),
/// optionally folded by a reduce query over table <c>map</c> or by a tenant's reduce procedure run
/// here, sandboxed under <see cref="ReduceLimits"/>; tenants where the call failed are listed in an error table on
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
        var reduceProcedure = new Option<string?>("--reduce") { Description = "Fold the merged rows with this stored procedure (no arguments; it queries table map), run here under the reduce limits." };
        var reduceFrom = new Option<string?>("--reduce-from") { Description = "The tenant whose --reduce procedure to use (default: the first selected tenant by name)." };
        var parallelism = new Option<int>("--parallelism") { Description = "Calls in flight at once (each node also bounds its own; default 8).", DefaultValueFactory = _ => 8 };
        // With a cluster each call runs on the tenant's owner node; without one, in this process.
        var clusterOptions = new ClusterClientOptions();
        var command = new Command("mapreduce", "Run one procedure in many tenants and merge (and optionally reduce) the rows.")
        {
            dataDir, config, tenants, map, arguments, reduce, reduceProcedure, reduceFrom, parallelism,
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
            var reduceName = parse.GetValue(reduceProcedure);
            if (reduceSql is not null && reduceName is not null)
            {
                await error.WriteLineAsync("--reduce and --reduce-sql exclude each other").ConfigureAwait(false);
                return CliExitCode.Usage;
            }
            // The reduce procedure is read before any map call runs, so a wrong name fails fast.
            ProcedureModule? reduceModule = null;
            if (reduceName is not null)
            {
                var from = parse.GetValue(reduceFrom) ?? selected.Order(StringComparer.Ordinal).FirstOrDefault();
                try
                {
                    if (from is null) throw new TenantDbException(TenantDbErrorKind.UnknownTenant, "no tenant selected to read the reduce procedure from (use --reduce-from)");
                    reduceModule = client is null
                        ? engine.ReadProcedureModule(from, reduceName)
                        : (await client.Grains.GetGrain<ITenantGrain>(from).ReadProcedureModuleAsync(reduceName).ConfigureAwait(false)).ToProcedureModule();
                }
#pragma warning disable CA1031 // a grain call's failure arrives as whatever exception the owner threw; it is the command's error message
                catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
                {
                    await error.WriteLineAsync($"reduce procedure \"{reduceName}\" of tenant \"{from}\": {ex.Message}").ConfigureAwait(false);
                    return CliExitCode.Failed;
                }
            }
            var results = new List<TenantMapResult>();
            await foreach (var result in MapReduceJob.RunAsync(selected, mapOne, parse.GetValue(parallelism), cancellationToken).ConfigureAwait(false))
            {
                results.Add(result);
                // Without a reduce step rows stream out as tenants finish.
                if (reduceSql is null && reduceModule is null && result.Succeeded)
                {
                    foreach (var row in result.Rows) await output.WriteLineAsync(result.Tenant + "\t" + string.Join('\t', row)).ConfigureAwait(false);
                }
            }
            if (reduceSql is not null || reduceModule is not null)
            {
                string[] columns;
                List<MapValue[]> rows;
                try
                {
                    (columns, rows) = reduceModule is not null
                        ? MapReduceFold.Reduce(results, reduceModule, cancellationToken: cancellationToken)
                        : MapReduceFold.Reduce(results, reduceSql!);
                }
                catch (TenantDbException ex)
                {
                    await error.WriteLineAsync($"reduce failed: {ex.SqlState} {ex.Message}").ConfigureAwait(false);
                    return CliExitCode.Failed;
                }
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
