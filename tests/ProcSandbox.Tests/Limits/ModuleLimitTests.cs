using TenantDb.ProcSandbox.Binary;
using TenantDb.ProcSandbox.Errors;
using TenantDb.ProcSandbox.Module;
using TenantDb.ProcSandbox.Runtime;
using TenantDb.ProcSandbox.Tests.Frontend;
using TenantDb.ProcSandbox.Validation;

namespace TenantDb.ProcSandbox.Tests.ResourceLimits;

/// <summary>
/// Each implementation limit, just inside (the module compiles, passes the code verifier and runs)
/// and just beyond (a <see cref="WasmLimitException"/> naming the limit, before any compilation).
/// </summary>
public sealed class ModuleLimitTests
{
    private static CompiledModule Compile(byte[] wasm) => Wasm.Compile(wasm);

    private static WasmLimitException Rejected(byte[] wasm, long maximum) =>
        AssertLimit(Assert.Throws<WasmLimitException>(() => Compile(wasm)), maximum);

    private static WasmLimitException AssertLimit(WasmLimitException error, long maximum)
    {
        Assert.Equal(maximum, error.Maximum);
        Assert.True(error.Actual > error.Maximum, error.Message);
        Assert.Contains(error.Limit, error.Message, StringComparison.Ordinal);
        return error;
    }

    [Fact]
    public void A_call_with_8193_parameters_is_rejected_at_decode_not_by_the_verifier()
    {
        // 8,193 pushed arguments are 65,544 bytes, beyond the verifier's 64 KiB: the type is refused first.
        var error = Rejected(BombModules.WideCall(8_193), ImplementationLimits.MaxFunctionParameters);
        Assert.Equal(8_193, error.Actual);
    }

    [Fact]
    public void A_call_with_the_most_parameters_compiles_verifies_and_runs()
    {
        using var compiled = Compile(BombModules.WideCall(ImplementationLimits.MaxFunctionParameters));
        using var instance = Instance.Instantiate(compiled, null);
        Assert.Empty(instance.Invoke("run"));
    }

    [Fact]
    public void A_module_beyond_the_size_limit_is_refused_before_it_is_copied()
    {
        var bytes = new byte[ImplementationLimits.MaxModuleBytes + 1];
        var error = AssertLimit(Assert.Throws<WasmLimitException>(() => WasmDecoder.Decode(bytes)), ImplementationLimits.MaxModuleBytes);
        Assert.Equal(0, error.Offset);
    }

    [Fact]
    public void Locals_up_to_the_limit_compile_and_one_more_is_refused()
    {
        using (Compile(BombModules.ManyLocals(ImplementationLimits.MaxFunctionLocals))) { }
        Rejected(BombModules.ManyLocals(ImplementationLimits.MaxFunctionLocals + 1), ImplementationLimits.MaxFunctionLocals);
    }

    [Fact]
    public void Locals_beyond_two_to_the_32_stay_malformed_as_the_spec_says()
    {
        var body = new List<byte> { 0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x7F, 0x02, 0x7E, 0x0B };
        var code = new List<byte> { 0x01, (byte)body.Count };
        code.AddRange(body);
        byte[] wasm = new ModuleBuilder().Section(1, [0x01, 0x60, 0x00, 0x00]).Section(3, [0x01, 0x00]).Section(10, code).ToArray();
        Assert.Equal("too many locals", Assert.Throws<WasmMalformedException>(() => WasmDecoder.Decode(wasm)).Reason);
    }

    [Fact]
    public void The_operand_stack_may_reach_the_limit_but_not_pass_it()
    {
        using (Compile(BombModules.DeepStack(ImplementationLimits.MaxOperandStackHeight))) { }
        Rejected(BombModules.DeepStack(ImplementationLimits.MaxOperandStackHeight + 1), ImplementationLimits.MaxOperandStackHeight);
    }

    [Fact]
    public void Function_count_is_bounded()
    {
        Rejected(BombModules.ManyFunctions(ImplementationLimits.MaxFunctions + 1), ImplementationLimits.MaxFunctions);
    }

    [Fact]
    public void A_function_body_beyond_the_size_limit_is_refused()
    {
        // nops up to one byte past the limit (the locals vector and the final end included).
        int nops = ImplementationLimits.MaxFunctionBodyBytes - 1;
        var body = new List<byte>(nops + 2) { 0x00 };
        body.AddRange(Enumerable.Repeat((byte)0x01, nops));
        body.Add(0x0B);
        var code = new List<byte> { 0x01 };
        ModuleBuilder.AppendU32(code, (uint)body.Count);
        code.AddRange(body);
        byte[] wasm = new ModuleBuilder().Section(1, [0x01, 0x60, 0x00, 0x00]).Section(3, [0x01, 0x00]).Section(10, code).ToArray();
        var error = Rejected(wasm, ImplementationLimits.MaxFunctionBodyBytes);
        Assert.Equal(ImplementationLimits.MaxFunctionBodyBytes + 1L, error.Actual);
    }

    [Fact]
    public void A_module_assembled_in_code_meets_the_parameter_limit_at_validation()
    {
        var module = WasmDecoder.Decode(BombModules.WideCall(10));
        module.Types[0] = new FuncType(new ValType[ImplementationLimits.MaxFunctionParameters + 1].Select(_ => ValType.I32).ToArray(), []);
        AssertLimit(Assert.Throws<WasmLimitException>(() => WasmValidator.Validate(module)), ImplementationLimits.MaxFunctionParameters);
    }

    [Fact]
    public void Entering_a_function_with_many_locals_costs_fuel_for_zeroing_them()
    {
        // run calls a function of 6,400 locals: 1 + 6,400 / 64 = 101 units for it, 102 with run's own entry.
        string locals = string.Concat(Enumerable.Repeat(" i64", 6_400));
        string wat = $"(module (func $wide (local{locals})) (func (export \"run\") (call $wide)))";
        var module = Wasm.Module(wat);
        Assert.Equal(6_400, module.Bodies[0].LocalCount);
        using var compiled = CompiledModule.Compile(module);
        using (var enough = Instance.Instantiate(compiled, null, new InstanceLimits { Fuel = 102 })) enough.Invoke("run");
        using var scarce = Instance.Instantiate(compiled, null, new InstanceLimits { Fuel = 101 });
        Assert.Equal(TrapKind.OutOfFuel, Assert.Throws<WasmTrapException>(() => scarce.Invoke("run")).Kind);
    }
}
