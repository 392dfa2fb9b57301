using TenantDb.TestKit;

namespace TenantDb.Wire.Tests.Procedures;

/// <summary>
/// Builds the procedures in examples/ from source with the real toolchains (clang-14 + lld, AssemblyScript).
/// A missing toolchain skips the calling test, which must be a [SkippableFact].
/// </summary>
internal static class ExampleProcedures
{
    private static string Root => RepositoryRoot.Path;

    /// <summary>Compiles examples/<paramref name="relativePath"/> (C) to wasm32 and returns the module bytes.</summary>
    public static byte[] BuildC(string relativePath)
    {
        var clang = ExternalTool.Clang14Wasm32.Require();
        var output = Path.Combine(Path.GetTempPath(), $"tenantdb-{Guid.NewGuid():N}.wasm");
        try
        {
            var (code, stdout, stderr) = ChildProcess.Run(clang,
                ["--target=wasm32", "-O2", "-nostdlib", "-Wl,--no-entry", "-Wl,--export=run", "-o", output, Path.Combine(Root, "examples", relativePath)],
                timeoutSeconds: 120);
            Assert.True(code == 0, $"clang failed: {stderr}{stdout}");
            return File.ReadAllBytes(output);
        }
        finally
        {
            File.Delete(output);
        }
    }

    /// <summary>Compiles an AssemblyScript example with the SDK's pinned compiler.</summary>
    public static byte[] BuildAssemblyScript(string relativePath)
    {
        var asc = ExternalTool.AssemblyScript.Require();
        var output = Path.Combine(Path.GetTempPath(), $"tenantdb-{Guid.NewGuid():N}.wasm");
        try
        {
            // asc resolves --use paths relative to the working directory, so run it from the root.
            var (code, stdout, stderr) = ChildProcess.Run(asc,
                [$"examples/{relativePath}", "--runtime", "stub", "--disable", "bulk-memory", "--disable", "nontrapping-f2i",
                 "--use", "abort=sdk/assemblyscript/assembly/index/tdbAbort", "-O3", "-o", output],
                timeoutSeconds: 120, workingDirectory: Root);
            Assert.True(code == 0, $"asc failed: {stderr}{stdout}");
            return File.ReadAllBytes(output);
        }
        finally
        {
            File.Delete(output);
        }
    }
}
