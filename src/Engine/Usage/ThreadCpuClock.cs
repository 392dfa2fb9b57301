using System.Diagnostics;
using System.Runtime.InteropServices;

namespace TenantDb.Engine.Usage;

/// <summary>
/// CPU time of the calling thread, in microseconds: <c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c> on
/// Linux; elsewhere wall-clock time, which is what usage reports there.
/// </summary>
internal static partial class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;

    private static readonly bool s_linux = OperatingSystem.IsLinux();

    public static long NowMicroseconds()
    {
        if (s_linux && clock_gettime(ClockThreadCpuTimeId, out TimeSpec now) == 0)
        {
            return (now.Seconds * 1_000_000) + (now.Nanoseconds / 1000);
        }

        return Stopwatch.GetTimestamp() * 1_000_000 / Stopwatch.Frequency;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", SetLastError = false)]
    private static partial int clock_gettime(int clockId, out TimeSpec time);
}
