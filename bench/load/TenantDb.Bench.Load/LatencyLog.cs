using System.Diagnostics;

namespace TenantDb.Bench.Load;

/// <summary>One worker's latencies (Stopwatch ticks) and errors per operation kind; merged after the run.</summary>
internal sealed class LatencyLog
{
    // Lists start small: at 10,000 connections a preallocated 4,096 entries per kind would hold about
    // 1 GB in the driver, whose garbage collection then competes with the server for the processors.
    private readonly List<long>[] _ticks = [[], [], []];
    private readonly List<long>[] _starts = [[], [], []];
    private readonly Dictionary<string, int> _errors = [];

    /// <summary>Records one operation that started at Stopwatch timestamp <paramref name="start"/> and took <paramref name="ticks"/>.</summary>
    public void Record(OperationKind kind, long start, long ticks)
    {
        _ticks[(int)kind].Add(ticks);
        _starts[(int)kind].Add(start);
    }

    /// <summary>
    /// Every operation of all workers as "seconds-since-<paramref name="origin"/> kind milliseconds" lines
    /// in start order, for finding when the slow ones happened.
    /// </summary>
    public static IEnumerable<string> Timeline(IEnumerable<LatencyLog> logs, long origin)
    {
        var all = new List<(long Start, OperationKind Kind, long Ticks)>();
        foreach (var log in logs)
            foreach (var kind in Enum.GetValues<OperationKind>())
                for (int i = 0; i < log._ticks[(int)kind].Count; i++) all.Add((log._starts[(int)kind][i], kind, log._ticks[(int)kind][i]));
        all.Sort((a, b) => a.Start.CompareTo(b.Start));
        foreach (var (start, kind, ticks) in all)
            yield return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{(start - origin) / (double)Stopwatch.Frequency:F4} {kind} {ticks * 1000.0 / Stopwatch.Frequency:F3}");
    }

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
