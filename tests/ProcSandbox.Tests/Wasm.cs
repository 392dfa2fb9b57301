using TenantDb.ProcSandbox.Binary;
using TenantDb.ProcSandbox.Errors;
using TenantDb.ProcSandbox.Module;
using TenantDb.ProcSandbox.Runtime;
using TenantDb.ProcSandbox.Text;
using TenantDb.ProcSandbox.Validation;

namespace TenantDb.ProcSandbox.Tests;

/// <summary>
/// Test shortcuts through the sandbox's pipeline: a binary or WAT text module is decoded and
/// validated (the only order the compiler accepts), then compiled and instantiated. Tests that
/// assert on one stage's own errors call that stage directly instead.
/// </summary>
internal static class Wasm
{
    /// <summary>Decodes and validates; throws the stage's <see cref="WasmException"/> for a bad module.</summary>
    public static WasmModule Module(ReadOnlySpan<byte> binary)
    {
        var module = WasmDecoder.Decode(binary);
        WasmValidator.Validate(module);
        return module;
    }

    public static WasmModule Module(string wat) => Module(WatParser.ParseModuleBinary(wat));

    /// <summary>Decodes and validates; false when either stage rejects the module (only <see cref="WasmException"/> is caught).</summary>
    public static bool TryModule(ReadOnlySpan<byte> binary, out WasmModule module)
    {
        try
        {
            module = Module(binary);
            return true;
        }
        catch (WasmException)
        {
            module = null!;
            return false;
        }
    }

    public static CompiledModule Compile(string wat) => CompiledModule.Compile(Module(wat));

    public static CompiledModule Compile(ReadOnlySpan<byte> binary, CompileOptions? options = null) => CompiledModule.Compile(Module(binary), options);

    public static Instance Instantiate(string wat, Linker? linker = null, InstanceLimits? limits = null) =>
        Instance.Instantiate(Compile(wat), linker, limits);

    public static WasmValue Call(this Instance instance, string name, params WasmValue[] args) =>
        instance.Invoke(name, args)[0];
}
