using System.Globalization;

namespace TenantDb.Bench.Load;

/// <summary>
/// The server's garbage-collection totals, read from its Prometheus endpoint (<c>serve --metrics</c>):
/// collections per generation and the time the runtime was paused for them.
/// </summary>
internal sealed record ServerGcReading(long Gen0, long Gen1, long Gen2, TimeSpan Pause, long Allocated)
{
    /// <summary>Reads the totals now; null when the endpoint does not answer.</summary>
    public static async Task<ServerGcReading?> ReadAsync(Uri metrics)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        string text;
        try
        {
            text = await http.GetStringAsync(new Uri(metrics, "/metrics")).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
        long gen0 = 0, gen1 = 0, gen2 = 0;
        double pause = 0, allocated = 0;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("dotnet_gc_pause_time_seconds_total ", StringComparison.Ordinal)) pause = Value(line);
            else if (line.StartsWith("dotnet_gc_heap_total_allocated_bytes_total ", StringComparison.Ordinal)) allocated = Value(line);
            else if (line.StartsWith("dotnet_collection_count_total{generation=\"0\"}", StringComparison.Ordinal)) gen0 = (long)Value(line);
            else if (line.StartsWith("dotnet_collection_count_total{generation=\"1\"}", StringComparison.Ordinal)) gen1 = (long)Value(line);
            else if (line.StartsWith("dotnet_collection_count_total{generation=\"2\"}", StringComparison.Ordinal)) gen2 = (long)Value(line);
        }
        return new ServerGcReading(gen0, gen1, gen2, TimeSpan.FromSeconds(pause), (long)allocated);
    }

    public static ServerGcReading operator -(ServerGcReading a, ServerGcReading b) => new(a.Gen0 - b.Gen0, a.Gen1 - b.Gen1, a.Gen2 - b.Gen2, a.Pause - b.Pause, a.Allocated - b.Allocated);

    private static double Value(string line) => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
}
