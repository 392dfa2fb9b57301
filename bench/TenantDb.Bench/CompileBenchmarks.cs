using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using TenantDb.ProcSandbox;
using TenantDb.ProcSandbox.Binary;
using TenantDb.ProcSandbox.Runtime;
using TenantDb.ProcSandbox.Text;

namespace TenantDb.Bench;

/// <summary>
/// Compile speed: TenantDb's decode + validate + compile + verify against Wasmtime's default compile
/// (Cranelift) and its baseline compiler (Winch), on a synthetic module of about 0.57 MB and on a real
/// C program: examples/wasi/wordfreq.c linked with the whole of wasi-libc (clang-14 -O2, built at
/// setup from the system's wasi-libc; nothing third-party is kept in the repository).
/// </summary>
[Config(typeof(QuickConfig))]
public class CompileBenchmarks
{
    private byte[] _binary = [];
    private Wasmtime.Engine _cranelift = null!;
    private Wasmtime.Engine _winch = null!;
    private Wasmtime.Engine _craneliftOneThread = null!;
    private Wasmtime.Engine _winchOneThread = null!;

    /// <summary>synthetic-1000: <see cref="SyntheticModule"/> with 1,000 functions; wordfreq-libc: <see cref="WordfreqWithLibc"/>.</summary>
    [Params("synthetic-1000", "wordfreq-libc")]
    public string Module { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _binary = Module == "synthetic-1000" ? WatParser.ParseModuleBinary(SyntheticModule(functions: 1000)) : WordfreqWithLibc();
        // Wasmtime as configured by default compiles functions on every processor; the one-thread engines turn that off.
        _cranelift = new Wasmtime.Engine();
        _winch = WasmtimeWinch.CreateEngine();
        _craneliftOneThread = WasmtimeWinch.Create(winch: false, parallel: false);
        _winchOneThread = WasmtimeWinch.Create(winch: true, parallel: false);
        Console.WriteLine($"// {Module}: {_binary.Length} bytes, {Environment.ProcessorCount} processors, load average {File.ReadAllText("/proc/loadavg").Trim()}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _cranelift.Dispose();
        _winch.Dispose();
        _craneliftOneThread.Dispose();
        _winchOneThread.Dispose();
        Console.WriteLine($"// load average {File.ReadAllText("/proc/loadavg").Trim()}");
    }

    /// <summary>Wasmtime's default: Cranelift, functions compiled on every processor.</summary>
    [Benchmark(Baseline = true)]
    public void Wasmtime_compile()
    {
        using var module = Wasmtime.Module.FromBytes(_cranelift, "big", _binary);
    }

    /// <summary>Winch, functions compiled on every processor (Wasmtime's default parallelism).</summary>
    [Benchmark]
    public void Wasmtime_winch_compile()
    {
        using var module = Wasmtime.Module.FromBytes(_winch, "big", _binary);
    }

    [Benchmark]
    public void Wasmtime_compile_one_thread()
    {
        using var module = Wasmtime.Module.FromBytes(_craneliftOneThread, "big", _binary);
    }

    [Benchmark]
    public void Wasmtime_winch_one_thread()
    {
        using var module = Wasmtime.Module.FromBytes(_winchOneThread, "big", _binary);
    }

    /// <summary>Decode, then validate, compile and verify spread over every processor (each body validated by the thread compiling it).</summary>
    [Benchmark]
    public int TenantDb_decode_validate_compile()
    {
        using var compiled = CompiledModule.Compile(WasmDecoder.Decode(_binary));
        return compiled.CodeBytes;
    }

    /// <summary>The same on the calling thread only.</summary>
    [Benchmark]
    public int TenantDb_one_thread()
    {
        using var compiled = CompiledModule.Compile(WasmDecoder.Decode(_binary), s_oneThread);
        return compiled.CodeBytes;
    }

    private static readonly CompileOptions s_oneThread = new() { Threads = 1 };

    /// <summary>
    /// examples/wasi/wordfreq.c with every object of wasi-libc linked in and exported (about 1.6 MB):
    /// real compiler output (musl-derived C at -O2) rather than a generated pattern.
    /// </summary>
    internal static byte[] WordfreqWithLibc()
    {
        string source = Path.Combine(RepositoryRoot(), "examples", "wasi", "wordfreq.c");
        string output = Path.Combine(Path.GetTempPath(), $"tenantdb-bench-wordfreq-libc-{Environment.ProcessId}.wasm");
        var start = new System.Diagnostics.ProcessStartInfo("clang-14")
        {
            ArgumentList = { "--target=wasm32-wasi", "-O2", "-o", output, source, "-Wl,--whole-archive", "-lc", "-Wl,--no-whole-archive", "-Wl,--export-all" },
            RedirectStandardError = true,
        };
        using var clang = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException("clang-14 did not start");
        string errors = clang.StandardError.ReadToEnd();
        clang.WaitForExit();
        if (clang.ExitCode != 0) throw new InvalidOperationException($"clang-14 (with wasi-libc: apt-get install clang-14 lld-14 wasi-libc) failed: {errors}");
        byte[] binary = File.ReadAllBytes(output);
        File.Delete(output);
        return binary;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TenantDb.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("run the benchmarks from a checkout (TenantDb.sln not found above the binaries)");
    }

    /// <summary>Many functions mixing arithmetic, locals, memory, branches and calls (a compiled C program's texture).</summary>
    internal static string SyntheticModule(int functions)
    {
        var text = new StringBuilder("(module (memory 1)\n");
        for (int f = 0; f < functions; f++)
        {
            text.Append(CultureInfo.InvariantCulture, $"(func $f{f} (param i32 i32) (result i32) (local i32 i64 f64)\n");
            for (int s = 0; s < 8; s++)
            {
                text.Append(CultureInfo.InvariantCulture, $"""
                      (local.set 2 (i32.add (i32.mul (local.get 0) (i32.const {s + 3})) (i32.load offset={s * 4} (i32.and (local.get 1) (i32.const 1023)))))
                      (local.set 3 (i64.xor (local.get 3) (i64.extend_i32_u (local.get 2))))
                      (local.set 4 (f64.add (local.get 4) (f64.convert_i32_s (local.get 2))))
                      (if (i32.lt_s (local.get 2) (local.get 1)) (then (local.set 0 (i32.sub (local.get 0) (i32.const 1)))) (else (local.set 1 (i32.shr_u (local.get 1) (i32.const 1)))))
                      (i32.store offset={s * 4} (i32.and (local.get 0) (i32.const 1023)) (local.get 2))

                    """);
            }
            string call = f + 1 < functions ? $"(call $f{f + 1} (local.get 0) (local.get 2))" : "(local.get 2)";
            text.Append(CultureInfo.InvariantCulture, $"  (i32.add (i32.wrap_i64 (local.get 3)) (i32.add (i32.trunc_f64_s (f64.min (local.get 4) (f64.const 1000))) {call})))\n");
        }
        text.Append("(export \"f0\" (func $f0)))");
        return text.ToString();
    }
}
