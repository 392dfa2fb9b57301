using TenantDb.TestKit;

namespace TenantDb.ProcSandbox.Tests.Frontend;

/// <summary>
/// Valid modules for decoder/validator tests: a few checked-in byte arrays, plus the benchmark
/// kernels (wat2wasm), the C example procedures (clang-14) and spec-script modules (wast2json)
/// when those tools are installed. Tests that need those modules require the tool themselves, so
/// an empty list here never passes for a check that did not run.
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
            all.AddRange(Examples);
            return all;
        }
    }

    /// <summary>Compiles WAT text with wat2wasm; null if the tool is not available.</summary>
    public static byte[]? Wat2Wasm(string watPath)
    {
        if (!ExternalTool.Wat2Wasm.IsAvailable) return null;
        return WasmToolchain.TryWat2Wasm(watPath, out _, timeoutSeconds: 30);
    }

    private static readonly Lazy<IReadOnlyList<(string Name, byte[] Bytes)>> s_examples = new(CompileExamples);

    /// <summary>The C example procedures compiled by clang-14 as their README says (empty if clang is missing).</summary>
    public static IReadOnlyList<(string Name, byte[] Bytes)> Examples => s_examples.Value;

    private static IReadOnlyList<(string, byte[])> CompileExamples()
    {
        var result = new List<(string, byte[])>();
        string examples = Path.Combine(RepoPaths.Root, "examples");
        if (!Directory.Exists(examples) || !ExternalTool.Clang14Wasm32.IsAvailable) return result;
        string[] includeSdk = ["-I", Path.Combine(RepoPaths.Root, "sdk", "c")];
        foreach (string source in Directory.GetFiles(examples, "*.c", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (WasmToolchain.TryCompileC(source, out _, includeSdk, timeoutSeconds: 60) is { } bytes) result.Add((Path.GetFileNameWithoutExtension(source), bytes));
        }
        return result;
    }

    private static readonly Lazy<IReadOnlyList<(string Name, byte[] Bytes)>> s_specModules = new(ConvertSpecModules);

    /// <summary>
    /// The top-level modules of a few spec scripts that together use every MVP instruction,
    /// converted by wast2json and kept if they validate (empty if wabt is missing): a richer
    /// starting point for mutation fuzzing than the kernels.
    /// </summary>
    public static IReadOnlyList<(string Name, byte[] Bytes)> SpecModules => s_specModules.Value;

    private static readonly string[] s_specScripts =
    [
        "i32", "i64", "f32_bitwise", "f64_cmp", "conversions", "memory", "address", "block", "br_table", "call_indirect",
        "globals", "local_tee", "select", "loop", "if", "imports", "exports", "elem", "data", "start", "func", "memory_grow",
    ];

    private static IReadOnlyList<(string, byte[])> ConvertSpecModules()
    {
        var result = new List<(string, byte[])>();
        if (!ExternalTool.Wast2Json.IsAvailable) return result;
        using var dir = new TempDirectory("tenantdb-frontend-corpus-");
        foreach (string script in s_specScripts)
        {
            string wast = Path.Combine(RepoPaths.SpecSuite, script + ".wast");
            if (!File.Exists(wast)) continue;
            // Scripts the installed wabt cannot convert leave no modules; the rest still feed the corpus.
            WasmToolchain.Wast2Json(wast, dir.File(script + ".json"), timeoutSeconds: 30);
            foreach (string wasm in Directory.GetFiles(dir.Path, script + ".*.wasm").Order(StringComparer.Ordinal))
            {
                byte[] bytes = File.ReadAllBytes(wasm);
                if (DecoderFuzzProperties.DecodeAndValidate(bytes)) result.Add((Path.GetFileName(wasm), bytes));
            }
        }
        return result;
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
