using System.Globalization;
using TenantDb.Engine.Tenants;

namespace TenantDb.Bench.Load;

/// <summary>The shape of one load run.</summary>
internal sealed record LoadOptions
{
    public int Tenants { get; init; } = 50;
    public int Connections { get; init; } = 300;
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Share of reads, in percent; writes come next; the rest are CALLs.</summary>
    public int ReadPercent { get; init; } = 60;
    public int WritePercent { get; init; } = 25;

    /// <summary>Rows in each tenant's kv table.</summary>
    public int Keys { get; init; } = 1000;
    public int Seed { get; init; } = 1;

    /// <summary>
    /// Mean pause of a connection between its operations (exponentially distributed, so arrivals look
    /// like independent users); zero is a closed loop at saturation. With a think time the run measures
    /// the latency of a server that is not saturated, as application fleets with mostly idle
    /// connections see it; the offered rate is about connections / (think time + latency).
    /// </summary>
    public TimeSpan ThinkTime { get; init; }

    /// <summary>
    /// Time the mix runs before measuring starts: every connection's first operations (the runtimes'
    /// first compilations of each path, in the server and in this driver) are not what a long-running
    /// fleet sees. Errors count from the start; latencies, throughput and processor use only after.
    /// </summary>
    public TimeSpan Warmup { get; init; }

    /// <summary>Name of tenant <paramref name="index"/>.</summary>
    public static string TenantName(int index) => string.Create(CultureInfo.InvariantCulture, $"load-{index:D3}");

    public IEnumerable<string> TenantNames => Enumerable.Range(0, Tenants).Select(TenantName);
}
