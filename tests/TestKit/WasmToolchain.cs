namespace TenantDb.TestKit;

/// <summary>
/// The external WebAssembly toolchains the tests build modules with: wabt (wat2wasm, wast2json),
/// clang-14 for C and the SDK's AssemblyScript compiler. Each method requires its tool, so a test
/// calling one without the tool installed is skipped (it must be a [SkippableFact] or
/// [SkippableTheory]); a tool that runs but fails throws with its error output.
/// </summary>
public static class WasmToolchain
{
    /// <summary>The flags that build a procedure module from C as examples/README describes.</summary>
    private static readonly string[] s_clangProcedureFlags = ["--target=wasm32", "-O2", "-nostdlib", "-Wl,--no-entry", "-Wl,--export=run"];

    /// <summary>Encodes a text module with wat2wasm (without validating it: the tests validate).</summary>
    public static byte[] Wat2Wasm(string watPath, int timeoutSeconds = 60) =>
        TryWat2Wasm(watPath, out string error, timeoutSeconds) ?? throw new InvalidOperationException($"wat2wasm failed on {watPath}: {error}");

    /// <summary>As <see cref="Wat2Wasm"/>, but a module wat2wasm rejects gives null and its error output.</summary>
    public static byte[]? TryWat2Wasm(string watPath, out string error, int timeoutSeconds = 60)
    {
        string wat2wasm = ExternalTool.Wat2Wasm.Require();
        using var output = new TempDirectory("tenantdb-wat2wasm-");
        string wasm = output.File("module.wasm");
        var result = ChildProcess.Run(wat2wasm, ["--no-check", watPath, "-o", wasm], timeoutSeconds: timeoutSeconds);
        error = result.Stderr;
        return result.ExitCode == 0 && File.Exists(wasm) ? File.ReadAllBytes(wasm) : null;
    }

    /// <summary>
    /// Converts a spec script with wast2json (without validating its modules) to
    /// <paramref name="jsonPath"/>; the modules land beside it. Returns the finished run, whose exit
    /// code the caller judges.
    /// </summary>
    public static ChildProcessResult Wast2Json(string wastPath, string jsonPath, IEnumerable<string>? extraFlags = null, int timeoutSeconds = 60) =>
        ChildProcess.Run(ExternalTool.Wast2Json.Require(), [.. extraFlags ?? [], "--no-check", wastPath, "-o", jsonPath],
            timeoutSeconds: timeoutSeconds, workingDirectory: Path.GetDirectoryName(Path.GetFullPath(jsonPath)));

    /// <summary>Compiles one C file to a procedure module (exporting <c>run</c>) with clang-14.</summary>
    public static byte[] CompileC(string sourcePath, IEnumerable<string>? extraFlags = null, int timeoutSeconds = 120) =>
        TryCompileC(sourcePath, out string error, extraFlags, timeoutSeconds) ?? throw new InvalidOperationException($"clang failed on {sourcePath}: {error}");

    /// <summary>As <see cref="CompileC"/>, but a source clang rejects gives null and its error output.</summary>
    public static byte[]? TryCompileC(string sourcePath, out string error, IEnumerable<string>? extraFlags = null, int timeoutSeconds = 120)
    {
        string clang = ExternalTool.Clang14Wasm32.Require();
        using var output = new TempDirectory("tenantdb-clang-");
        string wasm = output.File("module.wasm");
        var result = ChildProcess.Run(clang, [.. s_clangProcedureFlags, .. extraFlags ?? [], "-o", wasm, sourcePath], timeoutSeconds: timeoutSeconds);
        error = result.Stderr + result.Stdout;
        return result.ExitCode == 0 && File.Exists(wasm) ? File.ReadAllBytes(wasm) : null;
    }

    /// <summary>
    /// Compiles an AssemblyScript procedure under examples/ with the SDK's pinned compiler and the
    /// flags the SDK documents (stub runtime, MVP features only, the SDK's abort handler).
    /// </summary>
    public static byte[] CompileAssemblyScript(string examplePath, int timeoutSeconds = 120)
    {
        string asc = ExternalTool.AssemblyScript.Require();
        using var output = new TempDirectory("tenantdb-asc-");
        string wasm = output.File("module.wasm");
        // asc resolves --use paths relative to the working directory, so it runs from the repository root.
        var result = ChildProcess.Run(asc,
            [$"examples/{examplePath}", "--runtime", "stub", "--disable", "bulk-memory", "--disable", "nontrapping-f2i",
             "--use", "abort=sdk/assemblyscript/assembly/index/tdbAbort", "-O3", "-o", wasm],
            timeoutSeconds: timeoutSeconds, workingDirectory: RepositoryRoot.Path);
        if (result.ExitCode != 0) throw new InvalidOperationException($"asc failed on examples/{examplePath}: {result.Stderr}{result.Stdout}");
        return File.ReadAllBytes(wasm);
    }
}
