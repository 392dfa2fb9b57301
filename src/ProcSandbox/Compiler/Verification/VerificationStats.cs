namespace TenantDb.ProcSandbox.Compiler.Verification;

/// <summary>What one verification covered (for tests and the cost measurement).</summary>
/// <param name="Functions">Function entry points verified.</param>
/// <param name="Instructions">Reachable instructions decoded and checked.</param>
/// <param name="DeadInstructions">Unreachable instructions (never executed) that were still decoded and checked statelessly.</param>
/// <param name="DataBytes">Bytes of declared data (jump tables).</param>
internal readonly record struct VerificationStats(int Functions, int Instructions, int DeadInstructions, int DataBytes)
{
    /// <summary>Bytes allocated by helper threads while verifying (not part of the record's text).</summary>
    public long HelperAllocatedBytes { get; init; }
}
