namespace TenantDb.Wire.Hosting;

/// <summary>How `tenantdb serve` writes its log to the console.</summary>
internal enum LogFormat
{
    /// <summary>One line per event: UTC date and time, level, category, message.</summary>
    Simple,

    /// <summary>One JSON object per line (Microsoft.Extensions.Logging's JSON console formatter), for log shippers.</summary>
    Json,
}
