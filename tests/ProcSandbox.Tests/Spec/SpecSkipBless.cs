namespace TenantDb.ProcSandbox.Tests.Spec;

/// <summary>
/// SPEC_BLESS=1 support: appends each file's current failures to a per-file bless output
/// ($TMPDIR/tenantdb-spec-bless/FILE.txt) whose lines are skip entries whose reason is the failure itself.
/// A human merges them into the skip list after reading them.
/// </summary>
internal static class SpecSkipBless
{
    public static void Record(string file, Wast.WastResult result)
    {
        string dir = Path.Combine(Path.GetTempPath(), "tenantdb-spec-bless");
        Directory.CreateDirectory(dir);
        var lines = result.Failures.Select(f => $"{file}:{f.Line} {Reason(f.Message)}");
        File.WriteAllLines(Path.Combine(dir, file + ".txt"), lines);
    }

    private static string Reason(string message)
    {
        string oneLine = message.ReplaceLineEndings(" ");
        return oneLine.Length > 160 ? oneLine[..160] : oneLine;
    }
}
