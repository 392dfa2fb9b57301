using TenantDb.ProcSandbox.Module;
using TenantDb.ProcSandbox.Runtime;
using Xunit.Abstractions;

namespace TenantDb.ProcSandbox.Tests.ResourceLimits;

/// <summary>
/// Compile memory per byte of wasm is bounded: the bytes the compiling thread and its helper threads
/// allocate (decode, validation, compilation, assembly and verification) divided by the module's size stay under a
/// fixed budget for the worst shapes we know (a body that is nothing but calls, the deepest stack).
/// </summary>
public sealed class CompileMemoryTests(ITestOutputHelper output)
{
    /// <summary>
    /// Bytes allocated per byte of module. Measured: about 18 for a body of calls, 36 for the deepest
    /// stack, 200 for the deepest constants-then-calls body, 510 for empty 4-byte functions (each
    /// becomes 105 bytes of x86 — prologue, fuel check and its refill stub, epilogue, three trap stubs —
    /// and its own entry in the model, the verifier's tables and the compiled module's name and type
    /// arrays; the verifier's per-byte maps are rented from the shared pool in power-of-two sizes, so
    /// 5.2 MB of code rents 8 MiB-element maps). The code generator itself allocates nothing per
    /// instruction; what is left is per function and the copy of the code.
    /// </summary>
    private const int BudgetPerWasmByte = 600;

    public static TheoryData<string> Shapes => ["calls", "constants then calls", "deep stack", "many small functions"];

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Allocation_per_wasm_byte_stays_within_budget(string shape)
    {
        byte[] wasm = shape switch
        {
            "calls" => BombModules.Calls(100_000),
            "constants then calls" => BombModules.ConstantsThenCalls(ImplementationLimits.MaxOperandStackHeight - 1),
            "deep stack" => BombModules.DeepStack(ImplementationLimits.MaxOperandStackHeight),
            _ => BombModules.ManyFunctions(50_000),
        };
        long before = GC.GetAllocatedBytesForCurrentThread();
        using var compiled = Wasm.Compile(wasm);
        // The compiling thread's allocations plus those of the threads that compiled and verified chunks with it.
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before + compiled.HelperAllocatedBytes;
        double perByte = (double)allocated / wasm.Length;
        output.WriteLine($"{shape}: {wasm.Length:N0} bytes of wasm, {allocated:N0} bytes allocated = {perByte:F0} per byte, {compiled.CodeBytes:N0} bytes of code");
        Assert.True(perByte < BudgetPerWasmByte, $"{shape}: {perByte:F0} bytes allocated per byte of wasm");
    }
}
