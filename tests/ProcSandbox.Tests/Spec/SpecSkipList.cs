using System.Globalization;

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

    public static string DefaultPath => Path.Combine(Frontend.RepoPaths.Root, "tests", "ProcSandbox.Tests", "Spec", FileName);

    public int Count { get; private set; }

    public static SpecSkipList Load(string path)
    {
        var list = new SpecSkipList();
        if (!File.Exists(path)) return list;
        int number = 0;
        foreach (string raw in File.ReadLines(path))
        {
            number++;
            string line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            int space = line.IndexOf(' ', StringComparison.Ordinal);
            if (colon <= 0 || space <= colon + 1 || line[(space + 1)..].Trim().Length == 0)
            {
                throw new FormatException($"{path}:{number}: expected 'file.wast:LINE reason' with a reason");
            }
            string file = line[..colon];
            string where = line[(colon + 1)..space];
            list.Count++;
            if (where == "*")
            {
                list._wholeFiles[file] = line[(space + 1)..];
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
