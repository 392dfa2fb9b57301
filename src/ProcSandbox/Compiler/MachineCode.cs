namespace TenantDb.ProcSandbox.Compiler;

/// <summary>
/// A module's assembled machine code, position-independent, with the offsets of its entry points:
/// the entry trampoline, each module-defined function and each host-import adapter.
/// </summary>
internal sealed record MachineCode(byte[] Code, int EntryOffset, int[] FunctionOffsets, int[] HostAdapterOffsets)
{
    /// <summary>Entry points, jump tables and context layout: the code verifier's inputs.</summary>
    public Verification.CodeLayout Layout { get; init; } = new([], [], null);

    /// <summary>Operand-stack entries the compiler visited (see <see cref="ModuleContext.StackWork"/>).</summary>
    public long StackWork { get; init; }

    /// <summary>x86 instructions the compiler emitted before assembly.</summary>
    public int InstructionCount { get; init; }

    /// <summary>Bytes allocated by helper threads of a parallel compile and verification (the calling thread's show in its own counter).</summary>
    public long HelperAllocatedBytes { get; init; }
}
