using TenantDb.ProcSandbox.Binary;
using TenantDb.ProcSandbox.Compiler;
using TenantDb.ProcSandbox.Errors;
using TenantDb.ProcSandbox.Module;
using TenantDb.ProcSandbox.Runtime;
using TenantDb.ProcSandbox.Validation;

namespace TenantDb.ProcSandbox.Tests.ResourceLimits;

/// <summary>
/// Compile work grows linearly with the module, whatever its operand stack does: the work counters
/// (stack entries visited, instructions emitted) per input byte stay the same when the input grows
/// fourfold. A quadratic step (rescanning the whole stack at each call) would quadruple them.
/// </summary>
public sealed class CompileWorkTests
{
    private static MachineCode CompileBinary(byte[] wasm, CancellationToken cancellation = default)
    {
        return ModuleCompiler.Compile(Wasm.Module(wasm), new CompileOptions { CancellationToken = cancellation });
    }

    public static TheoryData<string> Shapes => ["constants then calls", "lazy local reads then sets", "register pressure over constants"];

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Work_per_byte_does_not_grow_with_the_stack_height(string shape)
    {
        byte[] small = Build(shape, 4_000), large = Build(shape, 16_000);
        var smallCode = CompileBinary(small);
        var largeCode = CompileBinary(large);

        double smallWork = (double)smallCode.StackWork / small.Length, largeWork = (double)largeCode.StackWork / large.Length;
        double smallEmitted = (double)smallCode.InstructionCount / small.Length, largeEmitted = (double)largeCode.InstructionCount / large.Length;
        Assert.True(largeWork <= 1.1 * smallWork + 0.01, $"{shape}: stack work per byte {smallWork:F3} -> {largeWork:F3}");
        Assert.True(largeEmitted <= 1.1 * smallEmitted, $"{shape}: instructions per byte {smallEmitted:F3} -> {largeEmitted:F3}");
        // Absolute bound as well: a few visits per input byte.
        Assert.True(largeWork < 4, $"{shape}: {largeWork:F3} stack entries visited per byte");
    }

    private static byte[] Build(string shape, int n) => shape switch
    {
        "constants then calls" => BombModules.ConstantsThenCalls(n),
        "lazy local reads then sets" => BombModules.LazyReadsThenSets(n),
        _ => BombModules.RegisterPressureOverConstants(n),
    };

    [Fact]
    public void The_reported_forty_thousand_calls_bomb_is_rejected_by_the_stack_height_limit()
    {
        var module = WasmDecoder.Decode(BombModules.ConstantsThenCalls(40_000));
        var error = Assert.Throws<WasmLimitException>(() => WasmValidator.Validate(module));
        Assert.Equal(ImplementationLimits.MaxOperandStackHeight, error.Maximum);
        Assert.Equal(ImplementationLimits.MaxOperandStackHeight + 1L, error.Actual);
    }

    [Fact]
    public void A_cancelled_token_stops_compilation_before_any_function()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        Assert.Throws<OperationCanceledException>(() => CompileBinary(BombModules.ConstantsThenCalls(100), cancel.Token));
    }

    [Fact]
    public void Cancellation_stops_compilation_inside_one_large_body()
    {
        // One body of 300,000 instructions; the token is cancelled while the compiler is in it, and
        // it looks at the token every few thousand instructions, so it stops long before the end.
        var module = WasmDecoder.Decode(BombModules.ConstantDrops(300_000));
        WasmValidator.Validate(module);
        using var cancel = new CancellationTokenSource();
        var options = new CompileOptions { CancellationToken = cancel.Token };
        var compiling = Task.Run(() => ModuleCompiler.Compile(module, options));
        cancel.Cancel();
        var error = Assert.ThrowsAny<OperationCanceledException>(() => compiling.GetAwaiter().GetResult());
        Assert.Equal(cancel.Token, error.CancellationToken);
    }
}
