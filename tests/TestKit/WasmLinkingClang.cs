namespace TenantDb.TestKit;

/// <summary>
/// Finds clang-14 and proves it can link a wasm32 module: Debian's clang-14 runs wasm-ld-14 from
/// PATH, so clang alone on PATH is not enough. The probe links an empty module once per test run.
/// </summary>
internal static class WasmLinkingClang
{
    private const string Install = "apt-get install clang-14 lld-14";

    public static (string? Path, string? Missing) Find()
    {
        if (SearchPath.Find("clang-14") is not { } clang) return (null, ExternalTool.Missing("clang-14", Install));
        string dir = Directory.CreateTempSubdirectory("tenantdb-clang-probe-").FullName;
        try
        {
            string source = Path.Combine(dir, "probe.c");
            File.WriteAllText(source, "int run(void) { return 0; }\n");
            var result = ChildProcess.Run(clang,
                ["--target=wasm32", "-nostdlib", "-Wl,--no-entry", "-Wl,--export=run", "-o", Path.Combine(dir, "probe.wasm"), source],
                timeoutSeconds: 60);
            if (result.ExitCode == 0) return (clang, null);
            string firstLine = (result.Stderr + result.Stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? $"exit code {result.ExitCode}";
            return (null, ExternalTool.Reason($"clang-14 cannot link a wasm32 module ({firstLine.Trim()})", Install));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
