using System.Globalization;
using TenantDb.TestKit;

namespace TenantDb.ProcSandbox.Tests.Spec;

/// <summary>
/// The checked-in list of spec assertions we cannot pass yet: one entry per line,
/// <c>file.wast:LINE reason</c> (one command) or <c>file.wast:* reason</c> (the whole file).
/// Blank lines and lines starting with <c>#</c> are comments.
/// </summary>
internal sealed class SpecSkipList
{
    public const string FileName = "spec-skips.txt";

    private readonly Dictionary<string, HashSet<int>> _lines = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _wholeFiles = new(StringComparer.Ordinal);

    public static string DefaultPath => Path.Combine(RepositoryRoot.Path, "tests", "ProcSandbox.Tests", "Spec", FileName);

    public int Count { get; private set; }

    public static SpecSkipList Load(string path)
    {
        var list = new SpecSkipList();
        if (!File.Exists(path)) return list;
        foreach (var (key, reason) in SkipListFile.Read(path, reasonRequired: true))
        {
            int colon = key.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || colon == key.Length - 1) throw new FormatException($"{path}: '{key}': expected 'file.wast:LINE reason' with a reason");
            string file = key[..colon];
            string where = key[(colon + 1)..];
            list.Count++;
            if (where == "*")
            {
                list._wholeFiles[file] = reason;
                continue;
            }
            if (!list._lines.TryGetValue(file, out var set)) list._lines[file] = set = [];
            set.Add(int.Parse(where, CultureInfo.InvariantCulture));
        }
        return list;
    }

    public bool SkipsWholeFile(string file, out string reason) => _wholeFiles.TryGetValue(file, out reason!);

    public IReadOnlySet<int> LinesOf(string file) => _lines.TryGetValue(file, out var set) ? set : new HashSet<int>();
}
