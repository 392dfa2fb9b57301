namespace TenantDb.ProcSandbox.Tests.Frontend;

/// <summary>The checked-in list of spec cases the front end does not pass, keyed "file:line" (or "file:*").</summary>
internal static class SpecSkipList
{
    private static readonly Lazy<Dictionary<string, string>> s_entries = new(Load);

    public static IReadOnlyDictionary<string, string> Entries => s_entries.Value;

    private static Dictionary<string, string> Load()
    {
        var skips = new Dictionary<string, string>(StringComparer.Ordinal);
        string path = Path.Combine(RepoPaths.Root, "tests", "ProcSandbox.Tests", "Frontend", "spec-binary-skips.txt");
        foreach (string raw in File.ReadLines(path))
        {
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            int space = line.IndexOf(' ', StringComparison.Ordinal);
            skips[space < 0 ? line : line[..space]] = space < 0 ? "" : line[(space + 1)..].Trim();
        }
        return skips;
    }
}
