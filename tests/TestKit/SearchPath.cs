namespace TenantDb.TestKit;

/// <summary>
/// Looks programs up in the directories of PATH, and only there: a test machine decides what it
/// offers by its PATH (CI adds directories such as PostgreSQL's bin to it, and hides everything to
/// prove that missing tools skip).
/// </summary>
public static class SearchPath
{
    /// <summary>Every executable file called <paramref name="program"/> on PATH, in PATH order.</summary>
    public static IEnumerable<string> FindAll(string program)
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, program);
            if (IsExecutableFile(candidate)) yield return candidate;
        }
    }

    /// <summary>The first <paramref name="program"/> on PATH, or null when there is none.</summary>
    public static string? Find(string program) => FindAll(program).FirstOrDefault();

    private static bool IsExecutableFile(string path)
    {
        if (!File.Exists(path)) return false;
        if (OperatingSystem.IsWindows()) return true;
        // A file without an execute bit would fail to start; treat it as absent.
        return (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
    }
}
