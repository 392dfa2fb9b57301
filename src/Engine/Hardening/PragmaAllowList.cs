// SAFETY-CRITICAL: every pragma not listed here is denied to tenant SQL.
namespace TenantDb.Engine.Hardening;

/// <summary>
/// The PRAGMAs tenant SQL may run: schema introspection, read-only status values and a few harmless
/// connection settings. Anything that changes durability, the file format, the quota
/// (max_page_count), the schema text or the engine's limits is absent and therefore denied.
/// </summary>
internal static class PragmaAllowList
{
    // Pragmas allowed with or without an argument: the argument only names a table/index or the pragma
    // is a per-connection behaviour switch with no safety impact.
    private static readonly HashSet<string> s_anyArgument = new(StringComparer.OrdinalIgnoreCase)
    {
        "table_info", "table_xinfo", "table_list", "index_list", "index_info", "index_xinfo",
        "foreign_key_list", "foreign_key_check", "foreign_keys", "integrity_check", "quick_check",
        "case_sensitive_like", "defer_foreign_keys", "recursive_triggers", "legacy_alter_table",
    };

    // Pragmas allowed only as a read (no argument).
    private static readonly HashSet<string> s_readOnly = new(StringComparer.OrdinalIgnoreCase)
    {
        "user_version", "application_id", "data_version", "page_count", "page_size", "freelist_count",
        "max_page_count", "encoding", "collation_list", "function_list", "module_list", "pragma_list",
        "compile_options", "schema_version", "journal_mode", "synchronous", "busy_timeout",
        "auto_vacuum", "cache_size", "temp_store",
    };

    /// <summary>True when <c>PRAGMA <paramref name="name"/>[=<paramref name="argument"/>]</c> is allowed.</summary>
    public static bool IsAllowed(string? name, string? argument)
    {
        if (name is null)
        {
            return false;
        }

        if (TenantAuthorizer.IsReserved(argument))
        {
            return false;
        }

        return s_anyArgument.Contains(name) || (argument is null && s_readOnly.Contains(name));
    }
}
