using TenantDb.ProcSandbox.Runtime;

namespace TenantDb.ProcSandbox.Compiler;

/// <summary>Compiles a whole validated module into one buffer of machine code.</summary>
internal static class ModuleCompiler
{
    public static MachineCode Compile(WasmModule module, CompileOptions options) =>
        throw new WasmNotSupportedException("the compiler is not implemented yet");
}
