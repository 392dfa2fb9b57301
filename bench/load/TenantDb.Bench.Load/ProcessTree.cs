using System.Globalization;

namespace TenantDb.Bench.Load;

/// <summary>
/// Sums /proc readings over processes and all their descendants (PostgreSQL runs one process per
/// connection). Memory is the proportional set size (Pss), so shared memory such as PostgreSQL's
/// shared buffers counts once, not once per process.
/// </summary>
internal static class ProcessTree
{
    /// <summary>Summed Pss (KiB) and the number of processes; null when none of the roots exists.</summary>
    public static (long RssKiB, int Threads)? Sample(int[] roots)
    {
        long rss = 0;
        int processes = 0;
        var pending = new Stack<int>(roots);
        while (pending.TryPop(out var pid))
        {
            if (Pss(pid) is not { } pss) continue;
            rss += pss;
            processes++;
            foreach (var child in Children(pid)) pending.Push(child);
        }
        return processes == 0 ? null : (rss, processes);
    }

    /// <summary>
    /// Processor time (user + system) used so far by the processes and their descendants alive now;
    /// null when none exists. Summed from /proc/&lt;pid&gt;/stat in clock ticks of 10 ms.
    /// </summary>
    public static TimeSpan? CpuTime(int[] roots)
    {
        long ticks = 0;
        int processes = 0;
        var pending = new Stack<int>(roots);
        while (pending.TryPop(out var pid))
        {
            string stat;
            try
            {
                stat = File.ReadAllText($"/proc/{pid}/stat");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            // The command name (field 2) may contain spaces; the fields after its closing parenthesis do not.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            processes++;
            foreach (var child in Children(pid)) pending.Push(child);
        }
        return processes == 0 ? null : TimeSpan.FromMilliseconds(ticks * 10.0);
    }

    private static long? Pss(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/smaps_rollup"))
            {
                if (line.StartsWith("Pss:", StringComparison.Ordinal))
                    return long.Parse(line.AsSpan(4).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
            }
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static IEnumerable<int> Children(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/task/{pid}/children");
        }
        catch (IOException)
        {
            return [];
        }
        return text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(p => int.Parse(p, CultureInfo.InvariantCulture));
    }
}
