using System.Net;
using TenantDb.Engine;

namespace TenantDb.Cli.Hosting;

/// <summary>
/// Where `tenantdb serve` exposes metrics and health (null: nowhere, the default) and which tenants get
/// a <c>tenant</c> label of their own (null: none). The allow-list is capped at
/// <see cref="MaxTenantLabels"/> names, so the series a scrape returns stay bounded whatever the number
/// of tenants.
/// </summary>
internal sealed record MetricsSettings(IPEndPoint? Listen, IReadOnlySet<string>? TenantLabels)
{
    /// <summary>The most tenants that may carry their own label.</summary>
    public const int MaxTenantLabels = 100;

    /// <summary>Parses "a,b,c": valid tenant names, at most <see cref="MaxTenantLabels"/> of them.</summary>
    public static bool TryParseTenantLabels(string text, out IReadOnlySet<string>? names)
    {
        names = null;
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!TenantDbEngine.IsValidTenantName(part) || (set.Add(part) && set.Count > MaxTenantLabels))
            {
                return false;
            }
        }

        names = set.Count == 0 ? null : set;
        return true;
    }
}
