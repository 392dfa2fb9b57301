namespace TenantDb.Fuzz.Mutation;

/// <summary>The checked-in inputs of a target: its seed corpus and the regression inputs of past findings.</summary>
internal static class FuzzInputs
{
    /// <summary>The fuzz/ directory of the checkout that contains <paramref name="start"/> (or the current directory).</summary>
    public static string FindFuzzDirectory(string? start = null)
    {
        for (var dir = new DirectoryInfo(start ?? Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "fuzz");
            if (File.Exists(Path.Combine(dir.FullName, "TenantDb.sln")) && Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("no fuzz/ directory next to a TenantDb.sln above " + (start ?? Directory.GetCurrentDirectory()));
    }

    /// <summary>Files of fuzz/corpus/<paramref name="target"/>, sorted by name.</summary>
    public static string[] CorpusFiles(string fuzzDirectory, string target) => Files(Path.Combine(fuzzDirectory, "corpus", target));

    /// <summary>Files of fuzz/regressions/<paramref name="target"/>, sorted by name (none when the directory does not exist).</summary>
    public static string[] RegressionFiles(string fuzzDirectory, string target) => Files(Path.Combine(fuzzDirectory, "regressions", target));

    private static string[] Files(string directory)
    {
        if (!Directory.Exists(directory)) return [];
        var files = Directory.GetFiles(directory);
        Array.Sort(files, StringComparer.Ordinal);
        return files;
    }
}
