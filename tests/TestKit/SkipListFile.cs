namespace TenantDb.TestKit;

/// <summary>
/// A checked-in list of test cases that may not pass yet: one entry per line, a key (no spaces)
/// then the reason. Blank lines and lines starting with <c>#</c> are comments. The suites that use
/// one give the key its meaning (for example <c>file.wast:LINE</c>).
/// </summary>
public static class SkipListFile
{
    /// <summary>
    /// Reads the entries of <paramref name="path"/>, key to reason, in file order (a repeated key keeps
    /// its last reason). With <paramref name="reasonRequired"/> a line without a reason is a
    /// <see cref="FormatException"/> naming the file and line.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Read(string path, bool reasonRequired)
    {
        var entries = new List<KeyValuePair<string, string>>();
        int number = 0;
        foreach (string raw in File.ReadLines(path))
        {
            number++;
            string line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            int space = line.IndexOf(' ', StringComparison.Ordinal);
            string key = space < 0 ? line : line[..space];
            string reason = space < 0 ? "" : line[(space + 1)..].Trim();
            if (reasonRequired && reason.Length == 0) throw new FormatException($"{path}:{number}: '{key}' has no reason");
            entries.Add(new(key, reason));
        }
        return entries;
    }
}
