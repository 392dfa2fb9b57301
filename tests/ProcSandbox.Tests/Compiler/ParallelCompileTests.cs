using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TenantDb.ProcSandbox.Compiler;
using TenantDb.ProcSandbox.Compiler.Verification;
using TenantDb.ProcSandbox.Concurrency;
using TenantDb.ProcSandbox.Module;
using TenantDb.ProcSandbox.Runtime;
using TenantDb.ProcSandbox.Tests.Differential;
using TenantDb.ProcSandbox.Tests.ResourceLimits;
using TenantDb.ProcSandbox.Tests.Verifier;

namespace TenantDb.ProcSandbox.Tests.Compiler;

/// <summary>
/// Compiling chunks of functions on several threads gives the same machine code, byte for byte, as
/// compiling every function on the calling thread with the same chunks (each starts at a 64-byte boundary
/// either way): same bytes, offsets, jump tables and work counters, whatever the chunk size and the thread
/// count. Small chunks (down to one function each) make every call and trap-exit jump a relocation between chunks.
/// </summary>
public sealed class ParallelCompileTests
{
    private static CompileOptions Serial(int chunkBytes) => new() { Threads = 1, ChunkWasmBytes = chunkBytes, VerifyCode = false };

    private static CompileOptions Parallel(int threads, int chunkBytes) => new() { Threads = threads, ChunkWasmBytes = chunkBytes, VerifyCode = false };

    internal static void AssertSameCode(MachineCode serial, MachineCode parallel)
    {
        Assert.Equal(serial.Code, parallel.Code);
        Assert.Equal(serial.EntryOffset, parallel.EntryOffset);
        Assert.Equal(serial.FunctionOffsets, parallel.FunctionOffsets);
        Assert.Equal(serial.HostAdapterOffsets, parallel.HostAdapterOffsets);
        Assert.Equal(serial.Layout.Entries, parallel.Layout.Entries);
        Assert.Equal(serial.Layout.JumpTables, parallel.Layout.JumpTables);
        Assert.Equal(serial.InstructionCount, parallel.InstructionCount);
        Assert.Equal(serial.StackWork, parallel.StackWork);
    }

    [Property(MaxTest = 60)]
    public void Random_modules_compile_to_the_same_bytes_on_several_threads(PositiveInt seed, PositiveInt functions, PositiveInt threads, NonNegativeInt chunkBytes)
    {
        var generator = new RandomModuleGenerator(seed.Get, functionCount: 1 + functions.Get % 12);
        var module = Wasm.Module(generator.Generate());
        var serial = ModuleCompiler.Compile(module, Serial(chunkBytes.Get % 300));
        var parallel = ModuleCompiler.Compile(module, Parallel(2 + threads.Get % 3, chunkBytes.Get % 300));
        AssertSameCode(serial, parallel);
        // What the compiler hands over passes the verifier, in small ranges as well as whole.
        CodeVerifier.Verify(parallel.Code, parallel.Layout, threads: 3, rangeBytes: 1 + chunkBytes.Get % 2000);
    }

    [Fact]
    public void Every_spec_module_compiles_to_the_same_bytes_with_one_function_per_chunk()
    {
        int compared = 0;
        foreach (var (file, module) in VerifierCorpus.SpecModules())
        {
            MachineCode serial;
            try
            {
                serial = ModuleCompiler.Compile(module, Serial(1));
            }
            catch (WasmNotSupportedException)
            {
                continue;
            }
            var parallel = ModuleCompiler.Compile(module, Parallel(3, 1));
            try
            {
                AssertSameCode(serial, parallel);
            }
            catch (Xunit.Sdk.XunitException e)
            {
                throw new Xunit.Sdk.XunitException($"{file}: {e.Message}");
            }
            compared++;
        }
        Assert.True(compared > 500, $"only {compared} modules compared");
    }

    [Fact]
    public void A_large_module_compiles_to_the_same_bytes_with_the_default_chunks()
    {
        var module = Wasm.Module(BombModules.ManyFunctions(20_000));
        var serial = ModuleCompiler.Compile(module, new CompileOptions { Threads = 1 });
        var parallel = ModuleCompiler.Compile(module, new CompileOptions { Threads = 4 });
        AssertSameCode(serial, parallel);
    }

    [Fact]
    public void A_cancelled_token_stops_a_parallel_compile()
    {
        var module = Wasm.Module(BombModules.ManyFunctions(20_000));
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        var error = Assert.ThrowsAny<OperationCanceledException>(() => ModuleCompiler.Compile(module, new CompileOptions { Threads = 3, ChunkWasmBytes = 64, CancellationToken = cancel.Token }));
        Assert.Equal(cancel.Token, error.CancellationToken);
    }

    [Fact]
    public async Task Cancellation_during_a_parallel_compile_is_reported_as_cancellation()
    {
        var module = Wasm.Module(BombModules.ManyFunctions(50_000));
        using var cancel = new CancellationTokenSource();
        var options = new CompileOptions { Threads = 2, ChunkWasmBytes = 16, CancellationToken = cancel.Token };
        var compiling = Task.Run(() => ModuleCompiler.Compile(module, options));
        cancel.Cancel();
        // Either it finished before the token was looked at, or it reports the cancellation (never another error).
        try
        {
            await compiling;
        }
        catch (OperationCanceledException error)
        {
            Assert.Equal(cancel.Token, error.CancellationToken);
        }
    }

    [Fact]
    public void The_chunks_cover_every_function_in_order()
    {
        var module = Wasm.Module(BombModules.ManyFunctions(1_000));
        foreach (int chunkBytes in new[] { 0, 1, 7, 100, 1 << 20 })
        {
            var starts = BodyChunks.Partition(module.Bodies, chunkBytes);
            Assert.Equal(0, starts[0]);
            Assert.Equal(module.Bodies.Count, starts[^1]);
            for (int i = 1; i < starts.Length; i++) Assert.True(starts[i] > starts[i - 1], $"chunk {i - 1} is empty");
        }
    }
}
