using TenantDb.TestKit;

namespace TenantDb.ProcSandbox.Tests.Frontend;

/// <summary>The checked-in list of spec cases the front end does not pass, keyed "file:line" (or "file:*").</summary>
internal static class SpecSkipList
{
    private static readonly Lazy<Dictionary<string, string>> s_entries = new(() =>
        SkipListFile.Read(Path.Combine(RepoPaths.Root, "tests", "ProcSandbox.Tests", "Frontend", "spec-binary-skips.txt"), reasonRequired: false)
            .GroupBy(entry => entry.Key, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Last().Value, StringComparer.Ordinal));

    public static IReadOnlyDictionary<string, string> Entries => s_entries.Value;
}
