using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using TenantDb.ProcSandbox.Binary;
using TenantDb.ProcSandbox.Compiler;
using TenantDb.ProcSandbox.Compiler.Verification;
using TenantDb.ProcSandbox.Runtime;
using TenantDb.ProcSandbox.Text;
using TenantDb.ProcSandbox.Validation;

namespace TenantDb.Bench;

/// <summary>
/// Where compile time goes, phase by phase, on the CompileBenchmarks modules (<c>--compile-phases</c>):
/// the calling thread's CPU time (<c>CLOCK_THREAD_CPUTIME_ID</c>) of decode, validation, code generation
/// and verification on one thread, which machine load hardly changes, and the wall-clock time of code
/// generation and verification on one thread and on every processor, with the calling thread's CPU time
/// when the work is shared (on an idle machine the wall-clock time approaches the larger share). Minimum of the runs.
/// </summary>
internal static partial class CompilePhases
{
    public static void Run(int runs)
    {
        Console.WriteLine($"processors {Environment.ProcessorCount}, load average {File.ReadAllText("/proc/loadavg").Trim()}");
        foreach (var (name, binary) in new[]
        {
            ("synthetic-1000", WatParser.ParseModuleBinary(CompileBenchmarks.SyntheticModule(functions: 1000))),
            ("wordfreq-libc", CompileBenchmarks.WordfreqWithLibc()),
        })
        {
            Measure(name, binary, runs);
        }
        Console.WriteLine($"load average {File.ReadAllText("/proc/loadavg").Trim()}");
    }

    /// <summary>Decodes, validates and compiles <paramref name="name"/> <paramref name="runs"/> times on <paramref name="threads"/> threads (for a profiler).</summary>
    public static void Loop(string name, int runs, int threads)
    {
        byte[] binary = name == "synthetic-1000" ? WatParser.ParseModuleBinary(CompileBenchmarks.SyntheticModule(functions: 1000)) : CompileBenchmarks.WordfreqWithLibc();
        var options = new CompileOptions { Threads = threads };
        long cpu = ThreadCpuNanoseconds();
        // The minimum of the runs after the first tenth (JIT tiering) is the figure least moved by load on other processes.
        long best = long.MaxValue, bestWall = long.MaxValue;
        for (int run = 0; run < runs; run++)
        {
            long before = ThreadCpuNanoseconds();
            long started = Stopwatch.GetTimestamp();
            CompiledModule.Compile(WasmDecoder.Decode(binary), options).Dispose();
            if (run < runs / 10) continue;
            best = Math.Min(best, ThreadCpuNanoseconds() - before);
            bestWall = Math.Min(bestWall, (long)Stopwatch.GetElapsedTime(started).TotalNanoseconds);
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: {(ThreadCpuNanoseconds() - cpu) / 1e6 / runs:F1} ms of thread CPU per compile ({runs} runs, {threads} threads), minimum {best / 1e6:F1} ms, minimum wall {bestWall / 1e6:F1} ms"));
    }

    private static void Measure(string name, byte[] binary, int runs)
    {
        var one = new CompileOptions { Threads = 1, VerifyCode = false };
        var all = new CompileOptions { VerifyCode = false };
        var module = WasmDecoder.Decode(binary);
        WasmValidator.Validate(module);
        var code = ModuleCompiler.Compile(module, one);
        var best = new Dictionary<string, double>();
        void Keep(string phase, double ms) => best[phase] = Math.Min(best.GetValueOrDefault(phase, double.MaxValue), ms);
        for (int run = 0; run < runs + 2; run++)
        {
            // The first two runs warm up the JIT (tiered compilation) and are not kept.
            bool keep = run >= 2;
            var (cpu, _) = Time(() => WasmDecoder.Decode(binary));
            if (keep) Keep("decode (thread CPU)", cpu);
            var decoded = WasmDecoder.Decode(binary);
            (cpu, _) = Time(() => WasmValidator.Validate(decoded));
            if (keep) Keep($"validate, {Environment.ProcessorCount} threads (caller CPU)", cpu);
            (cpu, double wall) = Time(() => ModuleCompiler.Compile(module, one));
            if (keep) Keep("compile, 1 thread (thread CPU)", cpu);
            if (keep) Keep("compile, 1 thread (wall)", wall);
            (cpu, wall) = Time(() => ModuleCompiler.Compile(module, all));
            if (keep) Keep($"compile, {Environment.ProcessorCount} threads (caller CPU)", cpu);
            if (keep) Keep($"compile, {Environment.ProcessorCount} threads (wall)", wall);
            (cpu, wall) = Time(() => CodeVerifier.Verify(code.Code, code.Layout, threads: 1));
            if (keep) Keep("verify, 1 thread (thread CPU)", cpu);
            if (keep) Keep("verify, 1 thread (wall)", wall);
            (cpu, wall) = Time(() => CodeVerifier.Verify(code.Code, code.Layout, Environment.ProcessorCount));
            if (keep) Keep($"verify, {Environment.ProcessorCount} threads (caller CPU)", cpu);
            if (keep) Keep($"verify, {Environment.ProcessorCount} threads (wall)", wall);
            (cpu, _) = Time(() => WasmValidator.Validate(WasmDecoder.Decode(binary)));
            if (keep) Keep($"decode + validate, {Environment.ProcessorCount} threads (caller CPU)", cpu);
            (cpu, wall) = Time(() => CompiledModule.Compile(WasmDecoder.Decode(binary), new CompileOptions { Threads = 1 }).Dispose());
            if (keep) Keep("whole path, 1 thread (thread CPU)", cpu);
            if (keep) Keep("whole path, 1 thread (wall)", wall);
            (cpu, wall) = Time(() => CompiledModule.Compile(WasmDecoder.Decode(binary)).Dispose());
            if (keep) Keep($"whole path, {Environment.ProcessorCount} threads (caller CPU)", cpu);
            if (keep) Keep($"whole path, {Environment.ProcessorCount} threads (wall)", wall);
        }
        Console.WriteLine($"{name}: {binary.Length:N0} bytes of wasm, {code.Code.Length:N0} bytes of code, minimum of {runs} runs");
        foreach (var (phase, ms) in best) Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {phase,-36} {ms,8:F1} ms"));
    }

    private static (double ThreadCpuMs, double WallMs) Time(Action action)
    {
        long cpu = ThreadCpuNanoseconds();
        long wall = Stopwatch.GetTimestamp();
        action();
        return ((ThreadCpuNanoseconds() - cpu) / 1e6, Stopwatch.GetElapsedTime(wall).TotalMilliseconds);
    }

    private static long ThreadCpuNanoseconds()
    {
        const int ClockThreadCpuTimeId = 3;
        return clock_gettime(ClockThreadCpuTimeId, out var now) == 0 ? now.Seconds * 1_000_000_000 + now.Nanoseconds : 0;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc")]
    private static partial int clock_gettime(int clockId, out TimeSpec time);
}
