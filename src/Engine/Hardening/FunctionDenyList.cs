// SAFETY-CRITICAL: SQL functions tenant SQL may never call.
namespace TenantDb.Engine.Hardening;

/// <summary>
/// SQL functions denied by the authorizer. load_extension would load native code; extension loading is
/// also switched off at the connection, so this is a second wall. fts3_tokenizer with two arguments
/// can register a native function pointer.
/// </summary>
internal static class FunctionDenyList
{
    /// <summary>True when <paramref name="name"/> must not be called by tenant SQL.</summary>
    public static bool IsDenied(string? name) =>
        name is not null
        && (name.Equals("load_extension", StringComparison.OrdinalIgnoreCase)
            || name.Equals("fts3_tokenizer", StringComparison.OrdinalIgnoreCase)
            || name.Equals("readfile", StringComparison.OrdinalIgnoreCase)
            || name.Equals("writefile", StringComparison.OrdinalIgnoreCase)
            || name.Equals("edit", StringComparison.OrdinalIgnoreCase));
}
