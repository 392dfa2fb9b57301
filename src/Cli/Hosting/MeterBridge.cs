using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Diagnostics.Metrics;
using Prometheus;
using TenantDb.Engine;
using TenantDb.Engine.Usage;

namespace TenantDb.Cli.Hosting;

/// <summary>
/// Feeds the TenantDb meter's measurements into a prometheus-net registry, which formats them (text
/// exposition, escaping, histogram buckets). prometheus-net's own meter adapter is not used: it sorts and
/// copies every measurement's tags into new arrays and publishes .NET counters as gauges. Here each
/// instrument is bound once to a Prometheus metric with a fixed label set (<see cref="Labels"/>), a
/// measurement without tags goes straight to a cached series, and a tag outside the label set is
/// dropped, so a new tag cannot add series unnoticed.
/// </summary>
internal sealed class MeterBridge : IDisposable
{
    /// <summary>Every TenantDb instrument's Prometheus labels (tags it may carry); absent: none.</summary>
    public static readonly FrozenDictionary<string, string[]> Labels = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["tenantdb.statements"] = ["tenant"],
        ["tenantdb.errors"] = ["tenant", "kind"],
        ["tenantdb.statement.duration"] = ["tenant"],
        ["tenantdb.rows.read"] = ["tenant"],
        ["tenantdb.rows.written"] = ["tenant"],
        ["tenantdb.procedure.calls"] = ["tenant"],
        ["tenantdb.procedure.fuel"] = ["tenant"],
        ["tenantdb.procedure.rows.emitted"] = ["tenant"],
        ["tenantdb.procedure.duration"] = ["tenant"],
        ["tenantdb.limit.trips"] = ["tenant", "limit"],
        ["tenantdb.procedure.compile.duration"] = [],
        ["tenantdb.procedure.code_cache"] = ["result"],
        ["tenantdb.connections"] = [],
        ["tenantdb.connections.open"] = [],
        ["tenantdb.connections.refused"] = ["cause"],
        ["tenantdb.wire.errors"] = ["class"],
        ["tenantdb.tenants"] = [],
        ["tenantdb.tenants.open"] = [],
        ["tenantdb.storage"] = [],
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>
    /// The .NET runtime's instruments (meter <c>System.Runtime</c>) that are exported, with their tags:
    /// what an operator needs to tell the server's own pauses and queueing from the work (pause time,
    /// allocation, heap sizes, thread-pool threads and queue, lock contention, timers). Collections per
    /// generation, processor time and working set are not among them: prometheus-net's default process
    /// and runtime metrics already export those.
    /// </summary>
    public static readonly FrozenDictionary<string, string[]> RuntimeLabels = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["dotnet.gc.pause.time"] = [],
        ["dotnet.gc.heap.total_allocated"] = [],
        ["dotnet.gc.last_collection.heap.size"] = ["gc.heap.generation"],
        ["dotnet.thread_pool.thread.count"] = [],
        ["dotnet.thread_pool.queue.length"] = [],
        ["dotnet.thread_pool.work_item.count"] = [],
        ["dotnet.monitor.lock_contentions"] = [],
        ["dotnet.timer.count"] = [],
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The runtime's meter.</summary>
    public const string RuntimeMeterName = "System.Runtime";

    /// <summary>
    /// The histograms' buckets, in seconds: statement and call latencies span sub-millisecond point reads
    /// to the 30 s statement timeout.
    /// </summary>
    public static readonly double[] DurationBuckets =
        [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    private readonly MeterListener _listener = new();
    private readonly IMetricFactory _factory;
    private readonly double[] _durationBuckets;
    private volatile bool _disposed;

    /// <summary>Starts forwarding into <paramref name="registry"/>; histograms get <paramref name="durationBuckets"/>.</summary>
    public MeterBridge(CollectorRegistry registry, double[] durationBuckets)
    {
        _factory = Metrics.WithCustomRegistry(registry);
        _durationBuckets = durationBuckets;
        _listener.InstrumentPublished = OnInstrumentPublished;
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, state) => ((Series)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, state) => ((Series)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, state) => ((Series)state!).Record(value, tags));
        _listener.Start();
        // Observable gauges (tenants, storage) are read when a scrape asks, not on a timer.
        registry.AddBeforeCollectCallback(() =>
        {
            if (!_disposed) _listener.RecordObservableInstruments();
        });
    }

    /// <summary>The Prometheus name of <paramref name="instrument"/>: dots become underscores, plus the unit and type suffixes.</summary>
    public static string PrometheusName(Instrument instrument)
    {
        string name = instrument.Name.Replace('.', '_');
        name += instrument.Unit switch
        {
            "s" => "_seconds",
            "By" => "_bytes",
            _ => string.Empty,
        };
        return IsCounter(instrument) ? name + "_total" : name;
    }

    public void Dispose()
    {
        _disposed = true;
        _listener.Dispose();
    }

    private void OnInstrumentPublished(Instrument instrument, MeterListener listener)
    {
        string[] labels;
        if (instrument.Meter.Name == TenantDbMeter.Name) labels = Labels.TryGetValue(instrument.Name, out var known) ? known : [];
        else if (instrument.Meter.Name == RuntimeMeterName && RuntimeLabels.TryGetValue(instrument.Name, out var runtime)) labels = runtime;
        else return;
        string name = PrometheusName(instrument);
        string help = instrument.Description ?? instrument.Name;
        // Prometheus label names cannot hold dots (the runtime's tags do); series still match tags by their own names.
        string[] labelNames = Array.ConvertAll(labels, l => l.Replace('.', '_'));
        Type kind = instrument.GetType().GetGenericTypeDefinition();
        Series series = kind == typeof(Counter<>) ? new CounterSeries(_factory.CreateCounter(name, help, labelNames), labels, cumulative: false)
            // An observable counter reports its running total at each scrape.
            : kind == typeof(ObservableCounter<>) ? new CounterSeries(_factory.CreateCounter(name, help, labelNames), labels, cumulative: true)
            : kind == typeof(Histogram<>) ? new HistogramSeries(_factory.CreateHistogram(name, help, labelNames, new HistogramConfiguration { Buckets = _durationBuckets }), labels)
            : kind == typeof(UpDownCounter<>) ? new GaugeSeries(_factory.CreateGauge(name, help, labelNames), labels, add: true)
            : new GaugeSeries(_factory.CreateGauge(name, help, labelNames), labels, add: false);
        listener.EnableMeasurementEvents(instrument, series);
    }

    private static bool IsCounter(Instrument instrument)
    {
        if (!instrument.GetType().IsGenericType) return false;
        Type kind = instrument.GetType().GetGenericTypeDefinition();
        return kind == typeof(Counter<>) || kind == typeof(ObservableCounter<>);
    }

    // A labelled metric's series appear on first use (no empty-label series at zero); an unlabelled
    // metric's one series is there from the start.

    /// <summary>One instrument's Prometheus metric and how a measurement updates it.</summary>
    private abstract class Series
    {
        public abstract void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags);
    }

    /// <summary>
    /// A metric whose children (one per label-value combination) are <typeparamref name="TChild"/>.
    /// Every statement records several measurements tagged with its tenant only, so children for that
    /// shape are kept by tenant name: no array and no registry lookup per measurement. The allow-list
    /// of tenant labels bounds that map as it bounds the series.
    /// </summary>
    private abstract class Series<TChild> : Series
        where TChild : class
    {
        private readonly string[] _labels;
        private readonly bool _tenantOnly;
        private readonly ConcurrentDictionary<string, TChild> _byTenant = new(StringComparer.Ordinal);
        private TChild? _plain;

        protected Series(string[] labels)
        {
            _labels = labels;
            _tenantOnly = labels is ["tenant"];
            if (labels.Length == 0) _plain = Child(EmptyValues());
        }

        public override void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            if (Ignores(value)) return;
            Apply(Resolve(tags), value);
        }

        /// <summary>The child for label <paramref name="values"/> (in <c>_labels</c> order).</summary>
        protected abstract TChild Child(string[] values);

        protected abstract void Apply(TChild child, double value);

        protected virtual bool Ignores(double value) => false;

        private TChild Resolve(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            if (tags.IsEmpty || _labels.Length == 0)
            {
                return _plain ??= Child(EmptyValues());
            }

            if (_tenantOnly && tags.Length == 1 && tags[0].Key == "tenant" && tags[0].Value is string tenant)
            {
                return _byTenant.TryGetValue(tenant, out var known) ? known : _byTenant.GetOrAdd(tenant, Child([tenant]));
            }

            // Tags map to label values by name; a missing one is "" (aggregated), an unknown one is dropped.
            var values = EmptyValues();
            foreach (var tag in tags)
            {
                int index = Array.IndexOf(_labels, tag.Key);
                if (index >= 0) values[index] = tag.Value as string ?? tag.Value?.ToString() ?? string.Empty;
            }

            return Child(values);
        }

        private string[] EmptyValues()
        {
            var values = new string[_labels.Length];
            Array.Fill(values, string.Empty);
            return values;
        }
    }

    private sealed class CounterSeries(Counter counter, string[] labels, bool cumulative) : Series<Counter.Child>(labels)
    {
        protected override Counter.Child Child(string[] values) => counter.WithLabels(values);

        // Counters only go up; a zero adds nothing.
        protected override bool Ignores(double value) => value <= 0;

        protected override void Apply(Counter.Child child, double value)
        {
            if (cumulative) child.IncTo(value);
            else child.Inc(value);
        }
    }

    private sealed class HistogramSeries(Histogram histogram, string[] labels) : Series<Histogram.Child>(labels)
    {
        protected override Histogram.Child Child(string[] values) => histogram.WithLabels(values);

        protected override void Apply(Histogram.Child child, double value) => child.Observe(value);
    }

    private sealed class GaugeSeries(Gauge gauge, string[] labels, bool add) : Series<Gauge.Child>(labels)
    {
        protected override Gauge.Child Child(string[] values) => gauge.WithLabels(values);

        protected override void Apply(Gauge.Child child, double value)
        {
            if (add) child.Inc(value);
            else child.Set(value);
        }
    }
}
