using TenantDb.ProcSandbox;
using TenantDb.ProcSandbox.Binary;
using TenantDb.ProcSandbox.Module;
using TenantDb.ProcSandbox.Runtime;
using TenantDb.ProcSandbox.Text;
using TenantDb.ProcSandbox.Validation;

namespace TenantDb.Bench;

/// <summary>Builds the benchmark modules for both runtimes from the same WAT.</summary>
internal static class SandboxModules
{
    public static CompiledModule Compile(string wat) => CompiledModule.Compile(Decode(WatParser.ParseModuleBinary(wat)));

    public static WasmModule Decode(byte[] binary)
    {
        var module = WasmDecoder.Decode(binary);
        WasmValidator.Validate(module);
        return module;
    }
}
