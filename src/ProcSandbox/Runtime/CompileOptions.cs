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
}
