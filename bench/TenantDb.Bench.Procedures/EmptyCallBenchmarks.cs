using BenchmarkDotNet.Attributes;
using TenantDb.Engine.Procedures;

namespace TenantDb.Bench.Procedures;

/// <summary>
/// What a CALL costs the engine when the procedure does nothing: the call's transaction, renting an
/// instance of the module, running it and giving it back. One module with a page of memory and nothing else, one shaped like
/// a compiled C program (two pages of memory, a stack-pointer global, a data segment).
/// </summary>
[Config(typeof(BenchConfig))]
[MemoryDiagnoser]
public class EmptyCallBenchmarks
{
    private const string Bare = """(module (memory (export "memory") 1) (func (export "run") (result i32) (i32.const 0)))""";

    private const string WithMemory = """
        (module
          (memory (export "memory") 2)
          (global $sp (mut i32) (i32.const 65536))
          (data (i32.const 1024) "a few bytes of static data")
          (func (export "run") (result i32) (global.set $sp (i32.sub (global.get $sp) (i32.const 16))) (i32.const 0)))
        """;

    private BenchTenant? _tenant;
    private ProcedureHandle _bare = null!;
    private ProcedureHandle _withMemory = null!;
    private readonly RowCollector _rows = new();

    [GlobalSetup]
    public void Setup()
    {
        _tenant = new BenchTenant();
        _tenant.Session.ReadOnly = true;
        _tenant.Session.CreateProcedure("bare", [], [], System.Text.Encoding.UTF8.GetBytes(Bare));
        _tenant.Session.CreateProcedure("with_memory", [], [], System.Text.Encoding.UTF8.GetBytes(WithMemory));
        if (!_tenant.Session.TryResolveProcedure("bare", out _bare) || !_tenant.Session.TryResolveProcedure("with_memory", out _withMemory))
        {
            throw new InvalidOperationException("the procedures were not created");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _tenant?.Dispose();

    [Benchmark(Baseline = true, Description = "CALL of an empty procedure, one page of memory")]
    public ProcedureCallResult CallBare() => _tenant!.Session.CallProcedure(_bare, [], _rows);

    [Benchmark(Description = "CALL of an empty procedure, 2 pages of memory, a global, a data segment")]
    public ProcedureCallResult CallWithMemory() => _tenant!.Session.CallProcedure(_withMemory, [], _rows);

    /// <summary>
    /// Thread CPU time per call (the least of 20 rounds of 2,000 calls) and bytes allocated per call:
    /// <c>dotnet bench/TenantDb.Bench.Procedures/bin/Release/net10.0/TenantDb.Bench.Procedures.dll emptycall</c>.
    /// </summary>
    public static void CpuReport()
    {
        var bench = new EmptyCallBenchmarks();
        bench.Setup();
        try
        {
            Console.WriteLine($"load average: {File.ReadAllText("/proc/loadavg").Trim()}");
            Report("one page of memory", () => bench.CallBare());
            Report("2 pages, a global, a data segment", () => bench.CallWithMemory());
            Console.WriteLine($"load average: {File.ReadAllText("/proc/loadavg").Trim()}");
        }
        finally
        {
            bench.Cleanup();
        }
    }

    private static void Report(string name, Action call)
    {
        const int calls = 2000;
        for (int i = 0; i < calls; i++) call();
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < calls; i++) call();
        long allocated = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / calls;
        double best = ThreadCpuTime.MinimumMilliseconds(() =>
        {
            for (int i = 0; i < calls; i++) call();
        }, 20);
        Console.WriteLine($"CALL, empty procedure, {name}: {best * 1000 / calls,8:F2} us thread CPU per call, {allocated} B allocated per call");
    }
}
