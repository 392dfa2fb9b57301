using System.Runtime.InteropServices;

namespace TenantDb.ProcSandbox.Runtime.Native;

/// <summary>
/// SAFETY-CRITICAL. The lowest address generated code may push to on the current thread: the
/// thread's real stack bottom plus a reserve for the host trampolines and C# host functions.
/// The entry trampoline never sets a stack limit below it, so a deep recursion traps as
/// "call stack exhausted" even when the thread has less stack left than the configured maximum.
/// </summary>
internal static unsafe partial class ThreadStack
{
    /// <summary>Stack kept free below generated code for host calls (C# frames, the runtime, a GC).</summary>
    private const long HostReserve = 256 * 1024;

    [ThreadStatic]
    private static nint t_floor;

    /// <summary>The current thread's floor, or 0 when it cannot be determined (then only the configured maximum applies).</summary>
    public static nint Floor
    {
        get
        {
            nint floor = t_floor;
            if (floor == 0) t_floor = floor = Compute();
            return floor < 0 ? 0 : floor;
        }
    }

    private static nint Compute()
    {
        if (!OperatingSystem.IsLinux()) return -1;
        byte* attr = stackalloc byte[128]; // pthread_attr_t is 56 bytes on x86-64 glibc
        if (pthread_getattr_np(pthread_self(), attr) != 0) return -1;
        try
        {
            nint low;
            nuint size;
            if (pthread_attr_getstack(attr, &low, &size) != 0) return -1;
            return low + (nint)HostReserve;
        }
        finally
        {
            pthread_attr_destroy(attr);
        }
    }

    [LibraryImport("libc")]
    private static partial nint pthread_self();

    [LibraryImport("libc")]
    private static partial int pthread_getattr_np(nint thread, byte* attr);

    [LibraryImport("libc")]
    private static partial int pthread_attr_getstack(byte* attr, nint* stackAddress, nuint* stackSize);

    [LibraryImport("libc")]
    private static partial int pthread_attr_destroy(byte* attr);
}
