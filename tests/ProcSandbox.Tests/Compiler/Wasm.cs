using TenantDb.ProcSandbox.Runtime;

namespace TenantDb.ProcSandbox.Tests.Compiler;

/// <summary>Test shortcuts: WAT text to a validated, compiled module and a ready instance.</summary>
internal static class Wasm
{
    public static WasmModule Module(string wat)
    {
        var module = WasmDecoder.Decode(WatParser.ParseModuleBinary(wat));
        WasmValidator.Validate(module);
        return module;
    }

    public static CompiledModule Compile(string wat) => CompiledModule.Compile(Module(wat));

    public static Instance Instantiate(string wat, Linker? linker = null, InstanceLimits? limits = null) =>
        Instance.Instantiate(Compile(wat), linker, limits);

    public static WasmValue Call(this Instance instance, string name, params WasmValue[] args) =>
        instance.Invoke(name, args)[0];
}
