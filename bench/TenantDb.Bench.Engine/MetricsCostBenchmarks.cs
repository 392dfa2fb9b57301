using BenchmarkDotNet.Attributes;
using Prometheus;
using TenantDb.Cli.Hosting;
using TenantDb.Engine;
using TenantDb.Engine.Values;

namespace TenantDb.Bench.Engine;

/// <summary>
/// What metrics cost a statement: pgbench's select-only statement (a prepared point read of
/// <c>pgbench_accounts</c>) through a tenant session, with nothing listening to the TenantDb meter and
/// with the metrics endpoint's bridge into a Prometheus registry listening, the tenant on the label
/// allow-list (the most expensive configuration: labelled series). Over the wire the same statement
/// also pays for parsing, socket reads and writes and the scheduler, none of which metrics touch, so
/// the ratio here is an upper bound on the cost metrics add to a pgbench select-only run.
/// </summary>
[Config(typeof(MetricsCostConfig))]
public class MetricsCostBenchmarks
{
    private const int Accounts = 100_000;
    private TenantDbEngine _engine = null!;
    private TenantSession _session = null!;
    private TenantStatement _select = null!;
    private CollectorRegistry? _registry;
    private MeterBridge? _bridge;
    private long _key;

    /// <summary>Whether the metrics endpoint's bridge listens to the meter.</summary>
    [Params(false, true)]
    public bool Metrics { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _engine = TenantDbEngine.OpenInMemory(new EngineOptions { MetricsTenantLabels = new HashSet<string> { "bench" } });
        _engine.CreateTenant("bench");
        _session = _engine.OpenSession("bench");
        Execute("CREATE TABLE pgbench_accounts (aid INTEGER PRIMARY KEY, bid INTEGER, abalance INTEGER, filler TEXT)");
        Execute($"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {Accounts}) INSERT INTO pgbench_accounts SELECT i, 1, 0, '' FROM n");
        _select = _session.Prepare("SELECT abalance FROM pgbench_accounts WHERE aid = ?");
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
        _session.Dispose();
        _engine.Dispose();
    }

    [Benchmark(Description = "select-only statement")]
    public long SelectOnly()
    {
        _select.Bind(0, SqlValue.Integer(_key++ % Accounts + 1));
        using TenantReader reader = _select.ExecuteReader();
        return reader.Read() ? reader.GetInt64(0) : 0;
    }

    private void Execute(string sql)
    {
        using TenantStatement statement = _session.Prepare(sql);
        statement.ExecuteNonQuery();
    }
}
