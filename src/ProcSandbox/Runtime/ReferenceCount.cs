// SAFETY-CRITICAL: instance contexts, linear memories and tables are freed when their count reaches zero.
namespace TenantDb.ProcSandbox.Runtime;

/// <summary>
/// The reference counting shared by instances, linear memories and tables. A new reference can be
/// taken only while another is still held, so nothing is revived after its last release.
/// </summary>
internal static class ReferenceCount
{
    /// <summary>Adds one to <paramref name="references"/> unless it is already zero; false then.</summary>
    public static bool TryAcquire(ref int references)
    {
        int count = Volatile.Read(ref references);
        while (count > 0)
        {
            int seen = Interlocked.CompareExchange(ref references, count + 1, count);
            if (seen == count) return true;
            count = seen;
        }

        return false;
    }
}
