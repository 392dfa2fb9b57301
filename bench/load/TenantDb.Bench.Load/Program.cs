using System.Globalization;
using Npgsql;
using TenantDb.Bench.Load;

// Load driver: provisions tenants, starts the real server as a child process, runs the load, prints
// the figures (markdown) and kills the server. With --target postgres or pgbouncer it runs the same
// mix against a PostgreSQL (or pgbouncer) that bench/load/run.sh started on --port, one database per
// tenant. See bench/load/run.sh and docs/performance/load.md.
var arguments = ParseArguments(args);
int Get(string name, int fallback) => arguments.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
var options = new LoadOptions
{
    Tenants = Get("tenants", 50),
    Connections = Get("connections", 300),
    Duration = TimeSpan.FromSeconds(Get("duration", 60)),
    ReadPercent = Get("read", 60),
    WritePercent = Get("write", 25),
    Seed = Get("seed", 1),
    ThinkTime = TimeSpan.FromMilliseconds(Get("think-ms", 0)),
    Warmup = TimeSpan.FromSeconds(Get("warmup", 0)),
};
var targetName = arguments.GetValueOrDefault("target") ?? "tenantdb";
void Say(string line) => Console.Error.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {line}");

if (targetName is "postgres" or "pgbouncer")
{
    int port = Get("port", 0);
    if (port == 0) throw new ArgumentException("--port is required with --target postgres or pgbouncer");
    int[] pids = (arguments.GetValueOrDefault("sample-pids") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)
        .Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
    var target = LoadTarget.Postgres(targetName == "postgres" ? "PostgreSQL 15" : "PostgreSQL 15 + pgbouncer (transaction mode)", port, pids, prepare: targetName == "postgres");
    var report = await LoadDriver.RunAsync(target, options, Say);
    Console.WriteLine(report.ToMarkdown());
    return report.TotalErrors == 0 ? 0 : 1;
}

int maxConnections = Get("max-connections", options.Connections + 64);
bool keep = arguments.ContainsKey("keep");
var dataDirectory = arguments.GetValueOrDefault("data-dir") ?? Path.Combine(Path.GetTempPath(), $"tenantdb-load-{Guid.NewGuid():N}");
// The server's Prometheus endpoint on a free loopback port: the report reads its garbage collections from it.
int metricsPort;
using (var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
{
    probe.Start();
    metricsPort = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
}
var metrics = new Uri($"http://127.0.0.1:{metricsPort}");
var serverArguments = new List<string> { "--max-connections", maxConnections.ToString(CultureInfo.InvariantCulture), "--metrics", $"127.0.0.1:{metricsPort}" };
foreach (var passed in new[] { "workers", "max-connections-per-tenant", "kept-sessions-per-tenant", "synchronous" })
{
    if (arguments.GetValueOrDefault(passed) is { } value) serverArguments.AddRange([$"--{passed}", value]);
}
try
{
    TenantProvisioning.Create(dataDirectory, options.TenantNames);
    Say($"created {options.Tenants} tenants in {dataDirectory}");
    using var server = await ServerProcess.StartAsync(dataDirectory, TimeSpan.FromSeconds(120), [.. serverArguments]);
    Say($"server {ServerProcess.Executable} pid {server.Pid} listening on port {await server.Listening}");
    var report = await LoadDriver.RunAsync(server, options, Say, metrics);

    // The server must still answer after the load.
    await using (var connection = new NpgsqlConnection(LoadDriver.ConnectionString(server, LoadOptions.TenantName(0))))
    {
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM events", connection);
        Say($"after the run the server answers: {await command.ExecuteScalarAsync()} events in {LoadOptions.TenantName(0)}");
    }
    Console.WriteLine(report.ToMarkdown());
    if (arguments.GetValueOrDefault("memory-out") is { } memoryFile) await File.WriteAllTextAsync(memoryFile, report.MemoryTable() + "\n");
    if (arguments.GetValueOrDefault("latency-out") is { } latencyFile && report.Timeline is { } timeline) await File.WriteAllLinesAsync(latencyFile, timeline);
    return report.TotalErrors == 0 && !server.HasExited ? 0 : 1;
}
finally
{
    if (!keep && Directory.Exists(dataDirectory)) Directory.Delete(dataDirectory, recursive: true);
}

static Dictionary<string, string> ParseArguments(string[] args)
{
    var parsed = new Dictionary<string, string>(StringComparer.Ordinal);
    for (int i = 0; i < args.Length; i++)
    {
        if (!args[i].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"unexpected argument {args[i]}");
        string name = args[i][2..];
        parsed[name] = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : "true";
    }
    return parsed;
}
