using System.Runtime.InteropServices;

namespace TenantDb.ProcSandbox.Runtime.Native;

/// <summary>The few libc calls the runtime needs to manage code and linear-memory pages (Linux x86-64).</summary>
internal static unsafe partial class Libc
{
    public const int ProtNone = 0;
    public const int ProtRead = 1;
    public const int ProtWrite = 2;
    public const int ProtExec = 4;
    public const int MapPrivate = 0x02;
    public const int MapAnonymous = 0x20;
    public const int MapNoReserve = 0x4000;
    /// <summary>MAP_POPULATE: fault every page in during the mmap call itself (one kernel entry instead of one per page).</summary>
    public const int MapPopulate = 0x8000;
    public const int PageSize = 4096;

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint mmap(nint addr, nuint length, int prot, int flags, int fd, nint offset);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int mprotect(nint addr, nuint length, int prot);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int munmap(nint addr, nuint length);

    [LibraryImport("libc")]
    public static partial int madvise(nint addr, nuint length, int advice);

    /// <summary>MADV_DONTNEED: drop the pages so they read back as zero.</summary>
    public const int MadvDontNeed = 4;

    /// <summary>Reserves (and optionally commits) anonymous private pages; throws when the kernel refuses.</summary>
    public static nint Map(nuint length, int prot, bool populate = false)
    {
        nint p = mmap(0, length, prot, MapPrivate | MapAnonymous | MapNoReserve | (populate ? MapPopulate : 0), -1, 0);
        if (p == -1) throw new OutOfMemoryException($"mmap of {length} bytes failed (errno {Marshal.GetLastPInvokeError()})");
        return p;
    }

    /// <summary>Changes page protection; throws when the kernel refuses.</summary>
    public static void Protect(nint addr, nuint length, int prot)
    {
        if (mprotect(addr, length, prot) != 0)
            throw new OutOfMemoryException($"mprotect of {length} bytes failed (errno {Marshal.GetLastPInvokeError()})");
    }

    /// <summary>Rounds <paramref name="size"/> up to whole pages.</summary>
    public static nuint RoundToPages(ulong size) => (nuint)((size + PageSize - 1) & ~(ulong)(PageSize - 1));
}
