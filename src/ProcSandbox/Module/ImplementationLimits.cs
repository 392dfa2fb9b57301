using System.Diagnostics.CodeAnalysis;
using TenantDb.ProcSandbox.Errors;

namespace TenantDb.ProcSandbox.Module;

/// <summary>
/// Limits TenantDb puts on modules beyond the spec's own, in one place. Modules come from
/// untrusted tenants: every count that sizes an allocation, a stack frame or compile work is
/// bounded here, generously enough for what compilers emit (clang -O2 C programs, AssemblyScript)
/// but so that no module can make decoding, validation or compilation take unbounded time or memory.
/// Exceeding one is a <see cref="WasmLimitException"/> (except <see cref="MaxFunctionLocals"/>,
/// which the spec's own "too many locals" rule reports as malformed). docs/abi.md lists them.
/// </summary>
public static class ImplementationLimits
{
    /// <summary>Largest module binary, in bytes.</summary>
    public const int MaxModuleBytes = 64 << 20;

    /// <summary>Most function types in the type section.</summary>
    public const int MaxTypes = 100_000;

    /// <summary>Most functions, imported plus defined.</summary>
    public const int MaxFunctions = 200_000;

    /// <summary>Most imports.</summary>
    public const int MaxImports = 100_000;

    /// <summary>Most exports.</summary>
    public const int MaxExports = 100_000;

    /// <summary>Most globals, imported plus defined.</summary>
    public const int MaxGlobals = 100_000;

    /// <summary>Most element segments, and most data segments.</summary>
    public const int MaxSegments = 100_000;

    /// <summary>
    /// Most parameters of a function type. Generated code pushes every argument on the machine
    /// stack (8 bytes each) and the code verifier allows at most 64 KiB of pushes.
    /// </summary>
    public const int MaxFunctionParameters = 1_000;

    /// <summary>Most locals (parameters plus declared locals) one function may have; as in wasmtime.</summary>
    public const int MaxFunctionLocals = 50_000;

    /// <summary>Largest function body (its locals and code), in bytes.</summary>
    public const int MaxFunctionBodyBytes = 4 << 20;

    /// <summary>
    /// Highest operand stack a function body may build (validation computes it exactly). Each
    /// position is a machine-stack slot of the function's frame.
    /// </summary>
    public const int MaxOperandStackHeight = 16_384;

    /// <summary>Largest memory in 64 KiB pages the spec allows in 1.0 (4 GiB).</summary>
    public const uint MaxMemoryPages = 65_536;

    /// <summary>Throws the <see cref="WasmLimitException"/> for <paramref name="limit"/>.</summary>
    [DoesNotReturn]
    internal static void Throw(string limit, long maximum, long actual, long offset) =>
        throw new WasmLimitException(limit, maximum, actual, offset);

    /// <summary>Throws when <paramref name="actual"/> exceeds <paramref name="maximum"/>.</summary>
    internal static void Check(string limit, long maximum, long actual, long offset)
    {
        if (actual > maximum) Throw(limit, maximum, actual, offset);
    }
}
