using System.Runtime.InteropServices;

namespace TenantDb.Cluster.Routing;

/// <summary>
/// One direction of a spliced connection moved by the kernel: splice(2) from the source socket into
/// a pipe, and from the pipe into the destination socket. The bytes never reach user space (the
/// pipe holds references to the socket buffer's pages), so a message costs the same two system calls
/// as recv/send without the two copies. Used by <see cref="BlockingSplicePump"/> on its thread; the
/// sockets are in blocking mode.
/// </summary>
/// <remarks>
/// Falls back cleanly: when the kernel refuses splice on these descriptors before a single byte
/// moved (EINVAL, ENOSYS, EOPNOTSUPP: an old or restricted kernel, a seccomp profile, a socket type
/// without splice support), <see cref="Run"/> returns <see cref="Outcome.Unsupported"/> and the caller
/// copies through user space instead. Nothing is lost: a refused splice consumed nothing. A splice
/// into a socket whose peer is gone raises no SIGPIPE that matters: the .NET runtime ignores SIGPIPE,
/// and the call fails with EPIPE, which ends the splice like a failed send.
/// </remarks>
internal static partial class KernelSplice
{
    public enum Outcome
    {
        /// <summary>The source closed, or either side failed: the splice is over.</summary>
        Ended,

        /// <summary>Splice is not available here; no byte was moved, copy in user space instead.</summary>
        Unsupported,
    }

    // A pipe holds 16 pages (64 KiB) by default, as much as the user-space pump's buffer.
    private const nuint Chunk = 64 * 1024;
    private const uint SPLICE_F_MOVE = 1;
    private const int O_CLOEXEC = 0x80000;
    private const int EINTR = 4;
    private const int EINVAL = 22;
    private const int ENOSYS = 38;
    private const int EOPNOTSUPP = 95;

    // Set once the kernel refused: later connections go straight to the copy.
    private static volatile bool s_unsupported;

    public static bool Available => !s_unsupported && OperatingSystem.IsLinux();

    /// <summary>Moves <paramref name="from"/>'s bytes to <paramref name="to"/> until the source closes or either side fails.</summary>
    public static unsafe Outcome Run(SafeHandle from, SafeHandle to)
    {
        if (!Available) return Outcome.Unsupported;
        var fds = stackalloc int[2];
        if (Pipe2(fds, O_CLOEXEC) != 0) return Outcome.Unsupported; // out of descriptors: the copy needs none
        try
        {
            var moved = false;
            while (true)
            {
                var n = Splice(from, 0, fds[1], 0, Chunk, SPLICE_F_MOVE);
                if (n < 0)
                {
                    var error = Marshal.GetLastPInvokeError();
                    if (error == EINTR) continue;
                    if (!moved && error is EINVAL or ENOSYS or EOPNOTSUPP)
                    {
                        s_unsupported = true;
                        return Outcome.Unsupported;
                    }
                    return Outcome.Ended;
                }
                if (n == 0) return Outcome.Ended;
                moved = true;
                while (n > 0)
                {
                    var m = SpliceOut(fds[0], 0, to, 0, (nuint)n, SPLICE_F_MOVE);
                    if (m < 0 && Marshal.GetLastPInvokeError() == EINTR) continue;
                    if (m <= 0) return Outcome.Ended;
                    n -= m;
                }
            }
        }
        finally
        {
            Close(fds[0]);
            Close(fds[1]);
        }
    }

    [LibraryImport("libc", EntryPoint = "pipe2", SetLastError = true)]
    private static unsafe partial int Pipe2(int* fds, int flags);

    [LibraryImport("libc", EntryPoint = "splice", SetLastError = true)]
    private static partial nint Splice(SafeHandle fdIn, nint offIn, int fdOut, nint offOut, nuint length, uint flags);

    [LibraryImport("libc", EntryPoint = "splice", SetLastError = true)]
    private static partial nint SpliceOut(int fdIn, nint offIn, SafeHandle fdOut, nint offOut, nuint length, uint flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
