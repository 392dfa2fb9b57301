using System.Net;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Prometheus;
using TenantDb.Cli.Hosting;
using TenantDb.Engine;
using TenantDb.Wire.Hosting;
using TenantDb.Wire.Server;

namespace TenantDb.Bench.Engine;

/// <summary>
/// What metrics cost pgbench's select-only transaction over the wire: an in-process server on loopback,
/// one Npgsql connection running the prepared point read, with nothing listening to the TenantDb meter
/// and with the metrics endpoint's bridge listening and the tenant on the label allow-list. Client and
/// server share the process and the machine, as pgbench and the server do in <c>bench/wire/metrics.sh</c>;
/// unlike that script, both variants run in one process, one after the other, with enough iterations
/// that the difference is not hidden by run-to-run drift.
/// </summary>
[Config(typeof(MetricsCostConfig))]
public class WireMetricsCostBenchmarks
{
    private const int Accounts = 100_000;
    private TenantDbEngine _engine = null!;
    private PgServer _server = null!;
    private NpgsqlConnection _connection = null!;
    private NpgsqlCommand _select = null!;
    private CollectorRegistry? _registry;
    private MeterBridge? _bridge;
    private int _key;

    /// <summary>Whether the metrics endpoint's bridge listens to the meter.</summary>
    [Params(false, true)]
    public bool Metrics { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _engine = TenantDbEngine.OpenInMemory(new EngineOptions { MetricsTenantLabels = new HashSet<string> { "bench" } });
        _engine.CreateTenant("bench");
        _engine.SetPassword("bench", "bench", "bench");
        var settings = new ServerSettings { ListenAddress = IPAddress.Loopback, Port = 0, DataDirectory = Path.GetTempPath(), CreateDemoTenant = false };
        _server = new PgServer(settings, _engine, NullLoggerFactory.Instance);
        int port = _server.Start().Port;
        _connection = new NpgsqlConnection($"Host=127.0.0.1;Port={port};Database=bench;Username=bench;Password=bench;Pooling=false");
        _connection.Open();
        Execute("CREATE TABLE pgbench_accounts (aid int PRIMARY KEY, bid int, abalance int, filler char(84))");
        Execute($"INSERT INTO pgbench_accounts SELECT i, 1, 0, '' FROM generate_series(1, {Accounts}) AS g(i)");
        _select = new NpgsqlCommand("SELECT abalance FROM pgbench_accounts WHERE aid = $1", _connection);
        _select.Parameters.Add(new NpgsqlParameter<int> { TypedValue = 1 });
        _select.Prepare();
        if (Metrics)
        {
            _registry = Prometheus.Metrics.NewCustomRegistry();
            _bridge = new MeterBridge(_registry, MeterBridge.DurationBuckets);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _bridge?.Dispose();
        _select.Dispose();
        _connection.Dispose();
        _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _engine.Dispose();
    }

    [Benchmark(Description = "select-only transaction over the wire")]
    public object? SelectOnly()
    {
        ((NpgsqlParameter<int>)_select.Parameters[0]).TypedValue = _key++ % Accounts + 1;
        return _select.ExecuteScalar();
    }

    private void Execute(string sql)
    {
        using var command = new NpgsqlCommand(sql, _connection);
        command.ExecuteNonQuery();
    }
}
