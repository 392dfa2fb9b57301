using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TenantDb.ProcSandbox.Errors;
using TenantDb.ProcSandbox.Module;
using TenantDb.ProcSandbox.Runtime;

namespace TenantDb.ProcSandbox.Tests.ResourceLimits;

/// <summary>
/// Modules whose size parameter lands near a limit (a little under, at, a little over) either
/// compile into verified code, or fail with that limit's <see cref="WasmLimitException"/> and
/// nothing else: no verifier rejection, no other exception, and never acceptance beyond the limit.
/// </summary>
public sealed class LimitBoundaryProperties
{
    private sealed record Shape(string Name, int Maximum, Func<int, byte[]> Build);

    private static readonly Shape[] s_shapes =
    [
        new("parameters of a called function", ImplementationLimits.MaxFunctionParameters, BombModules.WideCall),
        new("locals of a function", ImplementationLimits.MaxFunctionLocals, n => BombModules.ManyLocals((uint)n)),
        new("operand stack height", ImplementationLimits.MaxOperandStackHeight, BombModules.DeepStack),
        new("operand stack of calls", ImplementationLimits.MaxOperandStackHeight, BombModules.ConstantsThenCalls),
    ];

    [Property(MaxTest = 24)]
    public void Near_a_limit_a_module_compiles_or_fails_with_that_limit(NonNegativeInt shapeChoice, int delta)
    {
        var shape = s_shapes[shapeChoice.Get % s_shapes.Length];
        int n = shape.Maximum + (delta % 4);
        byte[] wasm = shape.Build(n);
        try
        {
            using var compiled = Wasm.Compile(wasm);
            // The decisive parameter is n for every shape but the calls bomb, whose stack is n deep too.
            Assert.True(n <= shape.Maximum, $"{shape.Name}: {n} accepted beyond {shape.Maximum}");
        }
        catch (WasmLimitException e)
        {
            Assert.True(n > shape.Maximum, $"{shape.Name}: {n} refused within {shape.Maximum}: {e.Message}");
            Assert.Equal(shape.Maximum, e.Maximum);
        }
    }

    [Property(MaxTest = 40)]
    public void Random_declared_counts_only_raise_wasm_exceptions(PositiveInt types, PositiveInt parameters, PositiveInt locals)
    {
        // A type section whose counts may pass any limit, followed by one function using type 0.
        int typeCount = types.Get % (2 * ImplementationLimits.MaxTypes) + 1;
        int parameterCount = parameters.Get % (2 * ImplementationLimits.MaxFunctionParameters);
        uint localCount = (uint)(locals.Get % (2 * ImplementationLimits.MaxFunctionLocals));
        var typeSection = new List<byte>();
        Frontend.ModuleBuilder.AppendU32(typeSection, (uint)typeCount);
        for (int t = 0; t < typeCount; t++)
        {
            typeSection.Add(0x60);
            Frontend.ModuleBuilder.AppendU32(typeSection, t == 0 ? (uint)parameterCount : 0);
            if (t == 0) typeSection.AddRange(Enumerable.Repeat((byte)0x7F, parameterCount));
            typeSection.Add(0x00);
        }
        var body = new List<byte> { 0x01 };
        Frontend.ModuleBuilder.AppendU32(body, localCount);
        body.AddRange([0x7E, 0x0B]);
        var code = new List<byte> { 0x01 };
        Frontend.ModuleBuilder.AppendU32(code, (uint)body.Count);
        code.AddRange(body);
        byte[] wasm = new Frontend.ModuleBuilder().Section(1, typeSection).Section(3, [0x01, 0x00]).Section(10, code).ToArray();

        bool withinLimits = typeCount <= ImplementationLimits.MaxTypes
            && parameterCount <= ImplementationLimits.MaxFunctionParameters
            && parameterCount + localCount <= ImplementationLimits.MaxFunctionLocals;
        try
        {
            using var compiled = Wasm.Compile(wasm);
            Assert.True(withinLimits, $"accepted {typeCount} types, {parameterCount} parameters, {localCount} locals");
        }
        catch (WasmLimitException e)
        {
            Assert.False(withinLimits, e.Message);
        }
    }
}
