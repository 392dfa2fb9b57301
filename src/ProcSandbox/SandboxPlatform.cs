using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace TenantDb.ProcSandbox;

/// <summary>
/// Whether this machine can run compiled procedures: the compiler emits x86-64 code and the runtime maps
/// code and linear memory with Linux's mmap/mprotect. Everything else in TenantDb runs anywhere .NET does.
/// </summary>
public static class SandboxPlatform
{
    /// <summary>True on x86-64 Linux with the SSE4.1 the compiler relies on.</summary>
    public static bool IsSupported => UnsupportedReason is null;

    /// <summary>Why procedures cannot run here, in one sentence; null when they can.</summary>
    public static string? UnsupportedReason { get; } = Check();

    private static string? Check()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            return $"stored procedures run only on x86-64 Linux; this is {RuntimeInformation.OSDescription} on {RuntimeInformation.ProcessArchitecture}";
        }

        if (!Sse41.IsSupported)
        {
            return "stored procedures need an x86-64 CPU with SSE4.1";
        }

        return null;
    }
}
