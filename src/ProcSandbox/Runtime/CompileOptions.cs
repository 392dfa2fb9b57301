namespace TenantDb.ProcSandbox.Runtime;

/// <summary>Options of <see cref="CompiledModule.Compile"/>.</summary>
public sealed class CompileOptions
{
    /// <summary>Use LZCNT/TZCNT/POPCNT when the CPU has them (default); false forces the portable sequences.</summary>
    public bool UseBitCountInstructions { get; init; } = true;

    /// <summary>Run the independent code verifier (always on; off only to measure its cost in benchmarks).</summary>
    internal bool VerifyCode { get; init; } = true;
}
