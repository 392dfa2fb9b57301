using System.Diagnostics.Metrics;

namespace TenantDb.Engine.Usage;

/// <summary>
/// The one <see cref="Meter"/> of TenantDb (name <c>TenantDb</c>): the engine's statements, calls,
/// rows, fuel and errors, and the wire server's connections. Any System.Diagnostics.Metrics listener or
/// exporter (OpenTelemetry, prometheus-net, dotnet-counters) can subscribe to it by name.
/// </summary>
public static class TenantDbMeter
{
    /// <summary>The meter's name.</summary>
    public const string Name = "TenantDb";

    /// <summary>The meter.</summary>
    public static Meter Meter { get; } = new(Name);
}
