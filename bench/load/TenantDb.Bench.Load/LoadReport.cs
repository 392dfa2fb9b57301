using System.Globalization;
using System.Text;

namespace TenantDb.Bench.Load;

/// <summary>The figures of one load run.</summary>
internal sealed record LoadReport(
    string Target,
    (long RssKiB, int Threads)? BeforeOpen,
    (long RssKiB, int Threads)? Idle,
    LoadOptions Options,
    TimeSpan Elapsed,
    IReadOnlyList<OperationStats> Operations,
    IReadOnlyDictionary<string, int> Errors,
    IReadOnlyList<MemorySample> Memory,
    ProcessorUse? Processors = null,
    ServerGcReading? ServerGc = null,
    IEnumerable<string>? Timeline = null)
{
    public long TotalOperations => Operations.Sum(o => o.Count);

    public int TotalErrors => Errors.Values.Sum();

    /// <summary>Least-squares slope of RSS over the samples from <paramref name="fromFraction"/> of the run on, in MiB per minute.</summary>
    public double RssSlopeMiBPerMinute(double fromFraction = 0)
    {
        var samples = Memory.Skip((int)(Memory.Count * fromFraction)).ToList();
        if (samples.Count < 2) return 0;
        double mx = samples.Average(s => s.Seconds), my = samples.Average(s => s.RssKiB / 1024.0);
        double num = samples.Sum(s => (s.Seconds - mx) * (s.RssKiB / 1024.0 - my));
        double den = samples.Sum(s => (s.Seconds - mx) * (s.Seconds - mx));
        return den == 0 ? 0 : num / den * 60;
    }

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"{Target}: {Options.Connections} connections over {Options.Tenants} tenants, {Elapsed.TotalSeconds:F1} s, mix read/write/call = {Options.ReadPercent}/{Options.WritePercent}/{100 - Options.ReadPercent - Options.WritePercent} %, {(Options.ThinkTime > TimeSpan.Zero ? $"mean think time {Options.ThinkTime.TotalMilliseconds:F0} ms" : "no think time (closed loop)")}{(Options.Warmup > TimeSpan.Zero ? $", measured after {Options.Warmup.TotalSeconds:F0} s of warm-up" : "")}");
        text.AppendLine();
        text.AppendLine("| operation | count | ops/s | p50 ms | p99 ms | max ms | errors |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var o in Operations)
            text.AppendLine(c, $"| {o.Kind} | {o.Count} | {o.PerSecond:F0} | {o.P50Ms:F2} | {o.P99Ms:F2} | {o.MaxMs:F1} | {o.Errors} |");
        text.AppendLine(c, $"| **all** | {TotalOperations} | {TotalOperations / Elapsed.TotalSeconds:F0} | | | | {TotalErrors} |");
        text.AppendLine();
        if (BeforeOpen is { } before && Idle is { } idle)
        {
            text.AppendLine(c, $"Idle connections: RSS {before.RssKiB / 1024.0:F1} MiB before they opened, {idle.RssKiB / 1024.0:F1} MiB with all open and idle: "
                + $"{(idle.RssKiB - before.RssKiB) / (double)Options.Connections:F1} KiB per connection; threads (processes for PostgreSQL) {before.Threads} -> {idle.Threads}");
        }
        if (Processors is { } p)
        {
            double seconds = Elapsed.TotalSeconds;
            text.AppendLine(c, $"Processor use during the run (of {Environment.ProcessorCount} processors): target {(p.Target is { } t ? $"{t.TotalSeconds / seconds:F2}" : "unknown")}, "
                + $"load driver {p.Driver.TotalSeconds / seconds:F2}; driver garbage collections gen0/gen1/gen2 {p.DriverGen0}/{p.DriverGen1}/{p.DriverGen2}, paused {p.DriverGcPause.TotalMilliseconds:F0} ms in all, {p.DriverAllocated / (double)Math.Max(1, TotalOperations) / 1024:F1} KiB allocated per operation");
        }
        if (ServerGc is { } gc)
            text.AppendLine(c, $"Server garbage collections during the run gen0/gen1/gen2 {gc.Gen0}/{gc.Gen1}/{gc.Gen2}, paused {gc.Pause.TotalMilliseconds:F0} ms in all, {gc.Allocated / (double)Math.Max(1, TotalOperations) / 1024:F1} KiB allocated per operation");
        if (Memory.Count > 0) text.AppendLine(c, $"Most threads (processes for PostgreSQL) during the run: {Memory.Max(s => s.Threads)}; load average at the end: {LoadAverage()}");
        text.AppendLine();
        foreach (var (what, count) in Errors.Take(20)) text.AppendLine(c, $"- error x{count}: {what}");
        if (Memory.Count > 0)
        {
            MemorySample first = Memory[0], middle = Memory[Memory.Count / 2], last = Memory[^1];
            text.AppendLine(c, $"Server RSS (MiB) at {first.Seconds:F0} s / {middle.Seconds:F0} s / {last.Seconds:F0} s: {first.RssKiB / 1024.0:F1} / {middle.RssKiB / 1024.0:F1} / {last.RssKiB / 1024.0:F1}; "
                + $"max {Memory.Max(s => s.RssKiB) / 1024.0:F1}; slope {RssSlopeMiBPerMinute():F2} MiB/min over the run, {RssSlopeMiBPerMinute(0.5):F2} MiB/min over its second half; "
                + $"threads {first.Threads} / {middle.Threads} / {last.Threads}; {Memory.Count} samples");
        }
        return text.ToString();
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    /// <summary>All RSS samples as "seconds rss_kib threads" lines, for plotting.</summary>
    public string MemoryTable() => string.Join('\n', Memory.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Seconds:F1} {s.RssKiB} {s.Threads}")));
}
