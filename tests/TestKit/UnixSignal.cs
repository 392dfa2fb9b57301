using System.Runtime.InteropServices;

namespace TenantDb.TestKit;

/// <summary>Sends SIGTERM to a child process directly, so tests of graceful shutdown need no `kill` program.</summary>
public static partial class UnixSignal
{
    private const int SigTerm = 15;

    public static void Terminate(int pid)
    {
        if (Kill(pid, SigTerm) != 0) throw new InvalidOperationException($"kill({pid}, SIGTERM) failed: errno {Marshal.GetLastPInvokeError()}");
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
