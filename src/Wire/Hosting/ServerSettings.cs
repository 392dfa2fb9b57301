using System.Net;

namespace TenantDb.Wire.Hosting;

/// <summary>Everything `tenantdb serve` needs, resolved from defaults, config file, environment and flags.</summary>
internal sealed record ServerSettings
{
    /// <summary>Default TCP port: one above PostgreSQL's so both can run side by side.</summary>
    public const int DefaultPort = 5433;

    public string DataDirectory { get; init; } = "tenantdb-data";
    public IPAddress ListenAddress { get; init; } = IPAddress.Loopback;
    public int Port { get; init; } = DefaultPort;
    public string? TlsCertificatePath { get; init; }
    public string? TlsKeyPath { get; init; }
    public bool CreateDemoTenant { get; init; } = true;
    public int MaxConnections { get; init; } = 256;
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(10);
    public TimeSpan AuthenticationTimeout { get; init; } = TimeSpan.FromSeconds(30);
    public int MaxMessageSize { get; init; } = 16 * 1024 * 1024;
    /// <summary>True when SSLRequest should be answered with a TLS handshake.</summary>
    public bool TlsEnabled => TlsCertificatePath is not null;
}
