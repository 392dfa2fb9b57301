using System.Diagnostics;

namespace TenantDb.ProcSandbox.Tests.Frontend;

/// <summary>
/// Valid modules for decoder/validator tests: a few checked-in byte arrays, plus the benchmark
/// kernels compiled with wat2wasm when it is installed.
/// </summary>
internal static class ValidModules
{
    /// <summary>(module) — header only.</summary>
    public static readonly byte[] Empty = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00];

    /// <summary>
    /// (module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))
    /// </summary>
    public static readonly byte[] Add =
    [
        0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00,
        0x01, 0x07, 0x01, 0x60, 0x02, 0x7F, 0x7F, 0x01, 0x7F, // type section
        0x03, 0x02, 0x01, 0x00,                               // function section
        0x07, 0x07, 0x01, 0x03, 0x61, 0x64, 0x64, 0x00, 0x00, // export "add"
        0x0A, 0x09, 0x01, 0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6A, 0x0B, // code
    ];

    private static readonly Lazy<IReadOnlyList<(string Name, byte[] Bytes)>> s_kernels = new(CompileKernels);

    /// <summary>The bench kernels as binaries (empty if wat2wasm is missing).</summary>
    public static IReadOnlyList<(string Name, byte[] Bytes)> Kernels => s_kernels.Value;

    /// <summary>All valid modules: checked-in ones first, then the kernels.</summary>
    public static IReadOnlyList<(string Name, byte[] Bytes)> All
    {
        get
        {
            var all = new List<(string, byte[])> { ("empty", Empty), ("add", Add) };
            all.AddRange(Kernels);
            return all;
        }
    }

    /// <summary>Compiles WAT text with wat2wasm; null if the tool is not available.</summary>
    public static byte[]? Wat2Wasm(string watPath)
    {
        string output = Path.Combine(Path.GetTempPath(), $"tenantdb-frontend-{Environment.ProcessId}-{Guid.NewGuid():N}.wasm");
        try
        {
            var start = new ProcessStartInfo("wat2wasm", ["--no-check", watPath, "-o", output])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            using var process = Process.Start(start);
            if (process is null) return null;
            process.WaitForExit(30_000);
            return process.ExitCode == 0 && File.Exists(output) ? File.ReadAllBytes(output) : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // wat2wasm not installed
        }
        finally
        {
            File.Delete(output);
        }
    }

    private static IReadOnlyList<(string, byte[])> CompileKernels()
    {
        var result = new List<(string, byte[])>();
        if (!Directory.Exists(RepoPaths.Kernels)) return result;
        foreach (string wat in Directory.GetFiles(RepoPaths.Kernels, "*.wat").Order(StringComparer.Ordinal))
        {
            var bytes = Wat2Wasm(wat);
            if (bytes is not null) result.Add((Path.GetFileNameWithoutExtension(wat), bytes));
        }
        return result;
    }
}
