using System.Globalization;

namespace TenantDb.Bench.Load;

/// <summary>Sums /proc readings over processes and all their descendants (PostgreSQL runs one process per connection).</summary>
internal static class ProcessTree
{
    /// <summary>Summed VmRSS and the number of processes; null when none of the roots exists.</summary>
    public static (long RssKiB, int Threads)? Sample(int[] roots)
    {
        long rss = 0;
        int processes = 0;
        var pending = new Stack<int>(roots);
        while (pending.TryPop(out var pid))
        {
            if (MemorySampler.Read(pid) is not { } reading) continue;
            rss += reading.RssKiB;
            processes++;
            foreach (var child in Children(pid)) pending.Push(child);
        }
        return processes == 0 ? null : (rss, processes);
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
