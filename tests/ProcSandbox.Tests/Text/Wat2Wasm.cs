using System.Diagnostics;

namespace TenantDb.ProcSandbox.Tests.Text;

/// <summary>Runs wabt's wat2wasm (the reference encoder) on a text module.</summary>
internal static class Wat2Wasm
{
    public static byte[] Encode(string watPath)
    {
        string output = Path.Combine(Path.GetTempPath(), $"tenantdb-wat2wasm-{Guid.NewGuid():N}.wasm");
        try
        {
            var info = new ProcessStartInfo("wat2wasm", ["--no-check", watPath, "-o", output])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            using var process = Process.Start(info)!;
            string errors = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0) throw new InvalidOperationException($"wat2wasm failed on {watPath}: {errors}");
            return File.ReadAllBytes(output);
        }
        finally
        {
            File.Delete(output);
        }
    }
}
