using System.Diagnostics.Metrics;
using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging.Abstractions;
using TenantDb.Cli.Hosting;
using TenantDb.Engine;
using TenantDb.Engine.Errors;
using TenantDb.Engine.Usage;

namespace TenantDb.Cli.Tests.Metrics;

/// <summary>The metrics endpoint in process: health answers, label escaping and the bound on tenant labels.</summary>
public sealed class MetricsEndpointTests
{
    private static readonly IPEndPoint AnyLoopbackPort = new(IPAddress.Loopback, 0);

    private static HttpClient Client(MetricsEndpoint endpoint) =>
        new() { BaseAddress = new Uri($"http://{endpoint.EndPoint}"), Timeout = TimeSpan.FromSeconds(15) };

    [Fact]
    public async Task Readyz_follows_the_readiness_check_and_healthz_only_the_process()
    {
        bool ready = false;
        await using var endpoint = MetricsEndpoint.Start(AnyLoopbackPort, () => ready ? true : throw new ObjectDisposedException("engine"), NullLogger.Instance);
        using var http = Client(endpoint);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync("/readyz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
        ready = true;
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/readyz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/metrics"))).StatusCode);
    }

    [Fact]
    public async Task Readyz_is_503_once_the_engine_catalog_is_gone()
    {
        var engine = TenantDbEngine.OpenInMemory();
        await using var endpoint = MetricsEndpoint.Start(AnyLoopbackPort, engine.CatalogReadable, NullLogger.Instance);
        using var http = Client(endpoint);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/readyz")).StatusCode);
        engine.Dispose();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync("/readyz")).StatusCode);
    }

    [Fact]
    public async Task A_hostile_label_value_is_escaped_and_cannot_add_exposition_lines()
    {
        const string hostile = "x\"} 1\nfake_metric{a=\"b\"} 42\n# TYPE fake_metric counter\\";
        await using var endpoint = MetricsEndpoint.Start(AnyLoopbackPort, () => true, NullLogger.Instance);
        // A second meter of the same name reaches the bridge like the real one; it records on a labelled
        // instrument with a value no TenantDb code would produce, plus a tag the bridge does not know.
        using var meter = new Meter(TenantDbMeter.Name);
        var errors = meter.CreateCounter<long>("tenantdb.errors");
        errors.Add(1, new KeyValuePair<string, object?>("kind", hostile), new KeyValuePair<string, object?>("sql", "SELECT secret"));
        using var http = Client(endpoint);

        string text = await http.GetStringAsync("/metrics");
        var samples = PrometheusText.Parse(text);
        Assert.DoesNotContain(samples, s => s.Name.StartsWith("fake_metric", StringComparison.Ordinal));
        Assert.DoesNotContain(text.Split('\n'), l => l.StartsWith("fake_metric", StringComparison.Ordinal) || l == "# TYPE fake_metric counter\\");
        var sample = Assert.Single(samples, s => s.Name == "tenantdb_errors_total" && s.Label("kind") == hostile);
        Assert.Equal(1, sample.Value);
        Assert.DoesNotContain(samples, s => s.Labels.ContainsKey("sql"));
    }

    [Fact]
    public async Task The_runtime_pauses_and_queues_are_exported_as_counters_and_gauges()
    {
        await using var endpoint = MetricsEndpoint.Start(AnyLoopbackPort, () => true, NullLogger.Instance);
        using var http = Client(endpoint);
        var before = PrometheusText.Parse(await http.GetStringAsync("/metrics"));
        GC.Collect(0, GCCollectionMode.Forced, blocking: true);
        GC.Collect(0, GCCollectionMode.Forced, blocking: true);
        var after = PrometheusText.Parse(await http.GetStringAsync("/metrics"));

        // Observable counters report their running total: two forced blocking collections add pause time
        // and count (the latter in prometheus-net's own runtime metric).
        Assert.True(after.Sum("dotnet_gc_pause_time_seconds_total") > before.Sum("dotnet_gc_pause_time_seconds_total"));
        Assert.True(after.Sum("dotnet_collection_count_total", ("generation", "0")) >= before.Sum("dotnet_collection_count_total", ("generation", "0")) + 2);
        Assert.Contains(after, s => s.Name == "dotnet_gc_heap_total_allocated_bytes_total" && s.Value > 0);
        Assert.Contains(after, s => s.Name == "dotnet_gc_last_collection_heap_size_bytes" && s.Label("gc_heap_generation") == "gen0");
        Assert.Contains(after, s => s.Name == "dotnet_thread_pool_queue_length");
        Assert.Contains(after, s => s.Name == "dotnet_thread_pool_thread_count" && s.Value >= 1);
        // Only the listed runtime instruments: nothing else of that meter (JIT, assemblies) appears.
        Assert.DoesNotContain(after, s => s.Name.StartsWith("dotnet_jit", StringComparison.Ordinal) || s.Name.StartsWith("dotnet_assembly", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("a\"b")]
    [InlineData("a\nb")]
    [InlineData("A")]
    [InlineData("a}b")]
    public void Tenant_names_that_could_break_a_label_are_refused(string name)
    {
        using var engine = TenantDbEngine.OpenInMemory();
        Assert.Equal(TenantDbErrorKind.InvalidTenantName, Assert.Throws<TenantDbException>(() => engine.CreateTenant(name)).Kind);
        Assert.False(MetricsSettings.TryParseTenantLabels("ok," + name, out _));
    }

    [Fact]
    public async Task A_thousand_tenants_add_no_series_beyond_the_allow_list()
    {
        var watched = new HashSet<string>(StringComparer.Ordinal) { "t0007", "t0500" };
        using var engine = TenantDbEngine.OpenInMemory(new EngineOptions { MetricsTenantLabels = watched });
        await using var endpoint = MetricsEndpoint.Start(AnyLoopbackPort, () => true, NullLogger.Instance);
        using var http = Client(endpoint);
        for (int i = 0; i < 1000; i++)
        {
            string name = $"t{i:D4}";
            engine.CreateTenant(name);
            using var session = engine.OpenSession(name);
            using var statement = session.Prepare("SELECT 1");
            using (var reader = statement.ExecuteReader())
                while (reader.Read()) { }
        }

        var samples = PrometheusText.Parse(await http.GetStringAsync("/metrics"));
        var tenantLabels = samples.Where(s => s.Labels.ContainsKey("tenant")).Select(s => s.Label("tenant")!).ToHashSet(StringComparer.Ordinal);
        Assert.Subset(new HashSet<string>(StringComparer.Ordinal) { "", "t0007", "t0500" }, tenantLabels);
        Assert.Contains("t0500", tenantLabels);
        Assert.True(samples.Sum("tenantdb_statements_total", ("tenant", "t0007")) >= 1);
        Assert.True(samples.Sum("tenantdb_statements_total", ("tenant", "")) >= 998);
        Assert.True(samples.Sum("tenantdb_tenants") >= 1000);
        // The whole exposition of the TenantDb meter stays small: per instrument, (allow-list + 1) x its other labels.
        Assert.InRange(samples.Count(s => s.Name.StartsWith("tenantdb_", StringComparison.Ordinal)), 1, 400);
    }

    [Fact]
    public void Every_instrument_of_the_meter_has_a_fixed_label_set()
    {
        // The instruments are created by these types' static initializers.
        foreach (string type in new[] { "TenantDb.Engine.Usage.EngineMetrics, TenantDb.Engine", "TenantDb.Engine.Usage.EngineGauges, TenantDb.Engine", "TenantDb.Wire.Server.WireMetrics, TenantDb.Wire" })
            RuntimeHelpers.RunClassConstructor(Type.GetType(type, throwOnError: true)!.TypeHandle);
        var names = new List<string>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter == TenantDbMeter.Meter)
                    lock (names) names.Add(instrument.Name);
            },
        };
        listener.Start();
        Assert.NotEmpty(names);
        Assert.All(names, name => Assert.True(MeterBridge.Labels.ContainsKey(name), $"{name} has no entry in MeterBridge.Labels"));
        Assert.All(MeterBridge.Labels.Keys, name => Assert.Contains(name, names));
    }
}
