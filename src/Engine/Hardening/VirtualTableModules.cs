// SAFETY-CRITICAL: virtual-table modules tenant SQL may instantiate.
namespace TenantDb.Engine.Hardening;

/// <summary>Only the full-text and r-tree modules built into e_sqlite3 may back a tenant's virtual table.</summary>
internal static class VirtualTableModules
{
    /// <summary>True when CREATE VIRTUAL TABLE ... USING <paramref name="module"/> is allowed.</summary>
    public static bool IsAllowed(string? module) =>
        module is not null
        && (module.Equals("fts5", StringComparison.OrdinalIgnoreCase)
            || module.Equals("fts4", StringComparison.OrdinalIgnoreCase)
            || module.Equals("fts3", StringComparison.OrdinalIgnoreCase)
            || module.Equals("rtree", StringComparison.OrdinalIgnoreCase));
}
