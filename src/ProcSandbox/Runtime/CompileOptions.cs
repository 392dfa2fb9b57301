namespace TenantDb.ProcSandbox.Runtime;

/// <summary>Options of <see cref="CompiledModule.Compile"/>.</summary>
public sealed class CompileOptions
{
    /// <summary>Use LZCNT/TZCNT/POPCNT when the CPU has them (default); false forces the portable sequences.</summary>
    public bool UseBitCountInstructions { get; init; } = true;

    /// <summary>
    /// Stops a compilation that is no longer wanted (a cancelled statement, a deadline): checked
    /// before each function and every few thousand instructions inside one; it then throws
    /// <see cref="OperationCanceledException"/>.
    /// </summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>Run the independent code verifier (always on; off only to measure its cost in benchmarks).</summary>
    internal bool VerifyCode { get; init; } = true;

    /// <summary>
    /// Threads that compile and verify function code at once (0: one per processor). The code is the
    /// same byte for byte whatever the number; 1 compiles everything on the calling thread.
    /// </summary>
    internal int Threads { get; init; }

    /// <summary>Wasm body bytes per chunk of functions compiled as one unit of parallel work (tests use small ones).</summary>
    internal int ChunkWasmBytes { get; init; } = Compiler.ParallelModuleCompiler.ChunkWasmBytes;
}
