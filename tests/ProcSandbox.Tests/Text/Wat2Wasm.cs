using TenantDb.TestKit;

namespace TenantDb.ProcSandbox.Tests.Text;

/// <summary>Runs wabt's wat2wasm (the reference encoder) on a text module; skips the calling test when wabt is missing.</summary>
internal static class Wat2Wasm
{
    public static byte[] Encode(string watPath)
    {
        string output = Path.Combine(Path.GetTempPath(), $"tenantdb-wat2wasm-{Guid.NewGuid():N}.wasm");
        try
        {
            var result = ChildProcess.Run(ExternalTool.Wat2Wasm.Require(), ["--no-check", watPath, "-o", output]);
            if (result.ExitCode != 0) throw new InvalidOperationException($"wat2wasm failed on {watPath}: {result.Stderr}");
            return File.ReadAllBytes(output);
        }
        finally
        {
            File.Delete(output);
        }
    }
}
