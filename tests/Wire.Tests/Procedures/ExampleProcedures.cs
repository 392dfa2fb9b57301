namespace TenantDb.Wire.Tests.Procedures;

/// <summary>Builds the procedures in examples/ from source with the real toolchains (clang-14 + lld, AssemblyScript).</summary>
internal static class ExampleProcedures
{
    private static readonly Lazy<string> s_root = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "TenantDb.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("cannot find the repository root (TenantDb.sln)");
    });

    public static string Root => s_root.Value;

    /// <summary>Compiles examples/<paramref name="relativePath"/> (C) to wasm32 and returns the module bytes.</summary>
    public static byte[] BuildC(string relativePath)
    {
        var clang = EndToEnd.ExternalProcess.Find("clang-14") ?? throw new InvalidOperationException("clang-14 is not installed (.ci/install-deps installs it)");
        var output = Path.Combine(Path.GetTempPath(), $"tenantdb-{Guid.NewGuid():N}.wasm");
        try
        {
            var (code, stdout, stderr) = EndToEnd.ExternalProcess.Run(clang,
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
        var asc = Path.Combine(Root, "sdk", "assemblyscript", "node_modules", ".bin", "asc");
        if (!File.Exists(asc)) throw new InvalidOperationException("AssemblyScript is not installed: npm ci --prefix sdk/assemblyscript (.ci/install-deps does it)");
        var output = Path.Combine(Path.GetTempPath(), $"tenantdb-{Guid.NewGuid():N}.wasm");
        try
        {
            // asc resolves --use paths relative to the working directory, so run it from the root.
            var command = $"cd '{Root}' && '{asc}' 'examples/{relativePath}' --runtime stub --disable bulk-memory --disable nontrapping-f2i "
                + $"--use abort=sdk/assemblyscript/assembly/index/tdbAbort -O3 -o '{output}'";
            var (code, stdout, stderr) = EndToEnd.ExternalProcess.Run("/bin/sh", ["-c", command], timeoutSeconds: 120);
            Assert.True(code == 0, $"asc failed: {stderr}{stdout}");
            return File.ReadAllBytes(output);
        }
        finally
        {
            File.Delete(output);
        }
    }
}
