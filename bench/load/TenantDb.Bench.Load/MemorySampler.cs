using System.Diagnostics;
using System.Globalization;

namespace TenantDb.Bench.Load;

/// <summary>One reading of the server process from /proc/&lt;pid&gt;/status.</summary>
internal sealed record MemorySample(double Seconds, long RssKiB, int Threads);

/// <summary>Samples the server's resident memory and thread count every second while a run lasts.</summary>
internal sealed class MemorySampler : IAsyncDisposable
{
    private readonly Func<(long RssKiB, int Threads)?> _read;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<MemorySample> _samples = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public MemorySampler(int pid) : this(() => Read(pid))
    {
    }

    public MemorySampler(Func<(long RssKiB, int Threads)?> read)
    {
        _read = read;
        Sample();
        _loop = LoopAsync();
    }

    /// <summary>The samples so far (safe to read after disposal).</summary>
    public IReadOnlyList<MemorySample> Samples
    {
        get
        {
            lock (_samples) return [.. _samples];
        }
    }

    /// <summary>Reads VmRSS and Threads once; null when the process is gone.</summary>
    public static (long RssKiB, int Threads)? Read(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/status");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        long rss = 0;
        int threads = 0;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) rss = long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
            else if (line.StartsWith("Threads:", StringComparison.Ordinal)) threads = int.Parse(line.AsSpan(8).Trim(), CultureInfo.InvariantCulture);
        }
        return (rss, threads);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        Sample();
        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false)) Sample();
    }

    private void Sample()
    {
        if (_read() is not { } reading) return;
        lock (_samples) _samples.Add(new MemorySample(_clock.Elapsed.TotalSeconds, reading.RssKiB, reading.Threads));
    }
}
