using System.Diagnostics;
using Npgsql;
using TenantDb.Engine.Tenants;

namespace TenantDb.Bench.Load;

/// <summary>
/// Runs a load against a server whose tenants were provisioned (<see cref="TenantProvisioning"/>):
/// creates each tenant's schema and procedure over the wire, opens every connection, then lets all
/// workers run for the configured time while sampling the server's memory.
/// Used by the console (bench/load/run.sh) and by the bounded CI test.
/// </summary>
internal static class LoadDriver
{
    private const int ParallelSetup = 8;

    public static Task<LoadReport> RunAsync(ServerProcess server, LoadOptions options, Action<string> progress, Uri? metrics = null) =>
        RunAsync(LoadTarget.TenantDb(server, metrics), options, progress);

    public static async Task<LoadReport> RunAsync(LoadTarget target, LoadOptions options, Action<string> progress)
    {
        var setup = Stopwatch.StartNew();
        using (var gate = new SemaphoreSlim(ParallelSetup))
            await Task.WhenAll(options.TenantNames.Select(t => CreateSchemaAsync(target, t, options, gate))).ConfigureAwait(false);
        progress($"schema and procedure created in {options.Tenants} tenants in {setup.Elapsed.TotalSeconds:F1} s");

        var workers = Enumerable.Range(0, options.Connections)
            .Select(i => new LoadWorker(i, target.ConnectionString(LoadOptions.TenantName(i % options.Tenants)), options, target.Prepare))
            .ToList();
        try
        {
            // The server's memory with one connection per tenant (from the schema step, still pooled) ...
            await Task.Delay(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
            var beforeOpen = target.Sample();
            setup.Restart();
            using (var gate = new SemaphoreSlim(ParallelSetup * 2))
                await Task.WhenAll(workers.Select(w => OpenAsync(w, gate))).ConfigureAwait(false);
            progress($"{workers.Count} connections open in {setup.Elapsed.TotalSeconds:F1} s; running for {options.Duration.TotalSeconds:F0} s");
            // ... and with every connection open and idle: the difference is what idle connections cost.
            await Task.Delay(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
            var idle = target.Sample();

            long measureFrom = Stopwatch.GetTimestamp() + (long)(options.Warmup.TotalSeconds * Stopwatch.Frequency);
            long until = measureFrom + (long)(options.Duration.TotalSeconds * Stopwatch.Frequency);
            var running = Task.WhenAll(workers.Select(w => Task.Run(() => w.RunAsync(measureFrom, until))));
            if (options.Warmup > TimeSpan.Zero)
            {
                progress($"warming up for {options.Warmup.TotalSeconds:F0} s");
                await Task.Delay(options.Warmup).ConfigureAwait(false);
            }

            var sampler = new MemorySampler(target.Sample);
            var processors = ProcessorUse.Start(target);
            var serverGc = target.Metrics is { } m ? await ServerGcReading.ReadAsync(m).ConfigureAwait(false) : null;
            var clock = Stopwatch.StartNew();
            long origin = measureFrom;
            await running.ConfigureAwait(false);
            var elapsed = clock.Elapsed;
            var used = processors.Stop();
            var serverGcAfter = target.Metrics is { } m2 ? await ServerGcReading.ReadAsync(m2).ConfigureAwait(false) : null;
            await sampler.DisposeAsync().ConfigureAwait(false);

            var logs = workers.Select(w => w.Log).ToList();
            return new LoadReport(
                target.Name,
                beforeOpen,
                idle,
                options,
                elapsed,
                [.. Enum.GetValues<OperationKind>().Select(k => LatencyLog.Merge(logs, k, elapsed))],
                LatencyLog.Errors(logs),
                sampler.Samples,
                used,
                serverGc is not null && serverGcAfter is not null ? serverGcAfter - serverGc : null,
                LatencyLog.Timeline(logs, origin));
        }
        finally
        {
            foreach (var w in workers) await w.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The connection string the workers use: pooled, so an opened connection stays open.</summary>
    public static string ConnectionString(ServerProcess server, string tenant) =>
        server.ConnectionString(tenant, TenantProvisioning.User, TenantProvisioning.Password, pooling: true);

    private static async Task CreateSchemaAsync(LoadTarget target, string tenant, LoadOptions options, SemaphoreSlim gate)
    {
        await gate.WaitAsync().ConfigureAwait(false);
        try
        {
            await using var connection = new NpgsqlConnection(target.ConnectionString(tenant));
            await connection.OpenAsync().ConfigureAwait(false);
            foreach (var sql in target.Schema(options.Keys))
            {
                await using var command = new NpgsqlCommand(sql, connection);
                await command.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            gate.Release();
        }
    }

    private static async Task OpenAsync(LoadWorker worker, SemaphoreSlim gate)
    {
        await gate.WaitAsync().ConfigureAwait(false);
        try
        {
            await worker.OpenAsync().ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }
}
