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
        return instrument.GetType().IsGenericType && instrument.GetType().GetGenericTypeDefinition() == typeof(Counter<>) ? name + "_total" : name;
    }

    public void Dispose()
    {
        _disposed = true;
        _listener.Dispose();
    }

    private void OnInstrumentPublished(Instrument instrument, MeterListener listener)
    {
        if (instrument.Meter.Name != TenantDbMeter.Name) return;
        string[] labels = Labels.TryGetValue(instrument.Name, out var known) ? known : [];
        string name = PrometheusName(instrument);
        string help = instrument.Description ?? instrument.Name;
        Type kind = instrument.GetType().GetGenericTypeDefinition();
        Series series = kind == typeof(Counter<>) ? new CounterSeries(_factory.CreateCounter(name, help, labels), labels)
            : kind == typeof(Histogram<>) ? new HistogramSeries(_factory.CreateHistogram(name, help, labels, new HistogramConfiguration { Buckets = _durationBuckets }), labels)
            : kind == typeof(UpDownCounter<>) ? new GaugeSeries(_factory.CreateGauge(name, help, labels), labels, add: true)
            : new GaugeSeries(_factory.CreateGauge(name, help, labels), labels, add: false);
        listener.EnableMeasurementEvents(instrument, series);
    }

    // A labelled metric's series appear on first use (no empty-label series at zero); an unlabelled
    // metric's one series is there from the start.

    /// <summary>One instrument's Prometheus metric and how a measurement updates it.</summary>
    private abstract class Series(string[] labels)
    {
        protected string[] EmptyValues { get; } = Empty(labels.Length);

        protected bool Unlabelled => labels.Length == 0;

        public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            if (tags.IsEmpty || labels.Length == 0)
            {
                Update(null, value);
                return;
            }

            // Tags map to label values by name; a missing one is "" (aggregated), an unknown one is dropped.
            var values = Empty(labels.Length);
            foreach (var tag in tags)
            {
                int index = Array.IndexOf(labels, tag.Key);
                if (index >= 0) values[index] = tag.Value as string ?? tag.Value?.ToString() ?? string.Empty;
            }

            Update(values, value);
        }

        // values is null for the series with every label empty.
        protected abstract void Update(string[]? values, double value);

        private static string[] Empty(int count)
        {
            var values = new string[count];
            Array.Fill(values, string.Empty);
            return values;
        }
    }

    private sealed class CounterSeries : Series
    {
        private readonly Counter _counter;
        private Counter.Child? _plain;

        public CounterSeries(Counter counter, string[] labels)
            : base(labels)
        {
            _counter = counter;
            if (Unlabelled) _plain = counter.WithLabels(EmptyValues);
        }

        protected override void Update(string[]? values, double value)
        {
            if (value <= 0) return; // counters only go up; a zero adds nothing
            (values is null ? _plain ??= _counter.WithLabels(EmptyValues) : _counter.WithLabels(values)).Inc(value);
        }
    }

    private sealed class HistogramSeries : Series
    {
        private readonly Histogram _histogram;
        private Histogram.Child? _plain;

        public HistogramSeries(Histogram histogram, string[] labels)
            : base(labels)
        {
            _histogram = histogram;
            if (Unlabelled) _plain = histogram.WithLabels(EmptyValues);
        }

        protected override void Update(string[]? values, double value) =>
            (values is null ? _plain ??= _histogram.WithLabels(EmptyValues) : _histogram.WithLabels(values)).Observe(value);
    }

    private sealed class GaugeSeries : Series
    {
        private readonly Gauge _gauge;
        private readonly bool _add;
        private Gauge.Child? _plain;

        public GaugeSeries(Gauge gauge, string[] labels, bool add)
            : base(labels)
        {
            _gauge = gauge;
            _add = add;
            if (Unlabelled) _plain = gauge.WithLabels(EmptyValues);
        }

        protected override void Update(string[]? values, double value)
        {
            Gauge.Child child = values is null ? _plain ??= _gauge.WithLabels(EmptyValues) : _gauge.WithLabels(values);
            if (_add) child.Inc(value);
            else child.Set(value);
        }
    }
}
