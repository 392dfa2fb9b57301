using System.Diagnostics;

namespace TenantDb.Bench.Load;

/// <summary>One worker's latencies (Stopwatch ticks) and errors per operation kind; merged after the run.</summary>
internal sealed class LatencyLog
{
    private readonly List<long>[] _ticks = [new(4096), new(4096), new(4096)];
    private readonly Dictionary<string, int> _errors = [];

    public void Record(OperationKind kind, long ticks) => _ticks[(int)kind].Add(ticks);

    public void RecordError(OperationKind kind, string what)
    {
        string key = $"{kind}: {what}";
        _errors[key] = _errors.GetValueOrDefault(key) + 1;
    }

    /// <summary>Statistics over all workers' logs.</summary>
    public static OperationStats Merge(IEnumerable<LatencyLog> logs, OperationKind kind, TimeSpan elapsed)
    {
        var all = new List<long>();
        int errors = 0;
        foreach (var log in logs)
        {
            all.AddRange(log._ticks[(int)kind]);
            foreach (var (key, count) in log._errors)
                if (key.StartsWith(kind + ":", StringComparison.Ordinal)) errors += count;
        }
        all.Sort();
        double Ms(double quantile) => all.Count == 0 ? 0 : all[(int)Math.Min(all.Count - 1, Math.Floor(quantile * all.Count))] * 1000.0 / Stopwatch.Frequency;
        return new OperationStats(kind, all.Count, errors, all.Count / elapsed.TotalSeconds, Ms(0.5), Ms(0.99), Ms(1.0));
    }

    /// <summary>Error messages over all workers, with counts.</summary>
    public static IReadOnlyDictionary<string, int> Errors(IEnumerable<LatencyLog> logs)
    {
        var merged = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var log in logs)
            foreach (var (key, count) in log._errors) merged[key] = merged.GetValueOrDefault(key) + count;
        return merged;
    }
}

/// <summary>Throughput and latency of one operation kind over a run.</summary>
internal sealed record OperationStats(OperationKind Kind, long Count, int Errors, double PerSecond, double P50Ms, double P99Ms, double MaxMs);
