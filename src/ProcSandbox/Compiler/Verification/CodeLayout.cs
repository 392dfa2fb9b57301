using TenantDb.ProcSandbox.Runtime.Native;

namespace TenantDb.ProcSandbox.Compiler.Verification;

/// <summary>What a code entry point is, which decides the rules applied to the code reached from it.</summary>
internal enum CodeEntryKind : byte
{
    /// <summary>The entry trampoline the host calls (System V arguments in rdi, rsi, rdx, rcx, r8).</summary>
    HostEntry,
    /// <summary>The trap exit: jumped to (never called) from any region with a trap code in eax.</summary>
    TrapExit,
    /// <summary>An adapter from generated code to the C# host-call trampoline.</summary>
    HostAdapter,
    /// <summary>A module-defined function.</summary>
    Function,
}

/// <summary>One entry point of the code buffer.</summary>
/// <param name="Offset">Offset of the first instruction.</param>
/// <param name="Kind">What the entry is.</param>
/// <param name="ParameterCount">For functions: parameters the caller pushes (bounds the frame's argument area).</param>
/// <param name="Import">For host adapters: the imported function whose slot the runtime fills with this adapter
/// (the adapter must pass that index to the host, which reads that import's parameters).</param>
internal readonly record struct CodeEntry(int Offset, CodeEntryKind Kind, int ParameterCount = 0, int Import = -1);

/// <summary>A br_table jump table: <paramref name="EntryCount"/> 32-bit offsets of targets from the table start.</summary>
internal readonly record struct JumpTableRange(int Offset, int EntryCount)
{
    /// <summary>Bytes the table occupies (an empty table still reserves 1 byte so its label has an address of its own).</summary>
    public int Length => Math.Max(4 * EntryCount, 1);
}

/// <summary>
/// The verifier's only inputs besides the code bytes: entry points, jump tables, and the instance
/// context layout (the ABI shared with the runtime). Nothing else of the compiler's bookkeeping is trusted.
/// </summary>
internal sealed class CodeLayout(IReadOnlyList<CodeEntry> entries, IReadOnlyList<JumpTableRange> jumpTables, VmContextLayout? context)
{
    /// <summary>Entry points, in any order.</summary>
    public IReadOnlyList<CodeEntry> Entries { get; } = entries;

    /// <summary>Jump tables (data inside the code buffer).</summary>
    public IReadOnlyList<JumpTableRange> JumpTables { get; } = jumpTables;

    /// <summary>Context layout of the module; null allows only the fixed header fields.</summary>
    public VmContextLayout? Context { get; } = context;

    /// <summary>Parameter counts of imported functions, indexed by import (from the module's types).</summary>
    public int[] ImportParameterCounts { get; init; } = [];

    /// <summary>
    /// The smallest size in bytes the module's linear memory can have while its code runs (0 without a memory): its
    /// declared minimum, which instantiation allocates and linking an imported memory checks, and a memory never
    /// shrinks while code runs on it. A function may keep the memory size minus up to this many bytes as its limit.
    /// </summary>
    public long MinimumMemoryBytes { get; init; }

    /// <summary>Parameter counts by canonical signature id, for the signatures the module uses (call_indirect checks).</summary>
    public IReadOnlyDictionary<int, int> TypeIdParameterCounts { get; init; } = new Dictionary<int, int>();
}
