using System.Collections.Concurrent;

namespace TenantDb.ProcSandbox.Runtime.Native;

/// <summary>
/// Process-wide canonical ids of function signatures: structurally equal signatures get the same
/// id, so <c>call_indirect</c> compares one integer, also across modules and instances.
/// </summary>
internal static class FuncTypeIds
{
    private static readonly ConcurrentDictionary<FuncType, int> s_ids = new();
    private static int s_next;

    /// <summary>The id of <paramref name="type"/> (never 0).</summary>
    public static int Of(FuncType type) => s_ids.GetOrAdd(type, static _ => Interlocked.Increment(ref s_next));
}
