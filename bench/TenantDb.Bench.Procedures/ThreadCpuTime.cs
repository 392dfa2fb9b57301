using System.Runtime.InteropServices;

namespace TenantDb.Bench.Procedures;

/// <summary>
/// CPU time the calling thread has run (CLOCK_THREAD_CPUTIME_ID). On a shared, loaded machine wall
/// time grows with the load; the time the thread itself ran does not, so breakdowns use this.
/// </summary>
internal static class ThreadCpuTime
{
    private const int ClockThreadCpuTimeId = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    /// <summary>The calling thread's CPU time so far, in nanoseconds.</summary>
    public static long Nanoseconds()
    {
        if (ClockGetTime(ClockThreadCpuTimeId, out var t) != 0) throw new InvalidOperationException("clock_gettime failed");
        return t.Seconds * 1_000_000_000 + t.Nanoseconds;
    }

    /// <summary>The least thread CPU time of <paramref name="calls"/> runs of <paramref name="action"/>, in milliseconds.</summary>
    public static double MinimumMilliseconds(Action action, int calls)
    {
        long best = long.MaxValue;
        for (int i = 0; i < calls; i++)
        {
            long start = Nanoseconds();
            action();
            best = Math.Min(best, Nanoseconds() - start);
        }
        return best / 1e6;
    }
}
