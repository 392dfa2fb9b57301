using TenantDb.ProcSandbox;
using TenantDb.ProcSandbox.Module;
using TenantDb.ProcSandbox.Runtime.Wasi;

namespace TenantDb.Engine.Procedures;

/// <summary>
/// The checks a validated module must pass to become a procedure: it imports only ABI functions
/// with their exact signatures, exports <c>run: () -> i32</c> and a memory named <c>memory</c>,
/// and declares no more memory than the tenant's limit.
/// </summary>
internal static class ProcedureModuleRules
{
    /// <summary>Largest function table a procedure may declare.</summary>
    public const uint MaxTableElements = 100_000;

    /// <summary>Returns null when <paramref name="module"/> is acceptable, else what is wrong.</summary>
    public static string? Check(WasmModule module, ProcedureLimits limits)
    {
        if (WasiProgram.IsCommand(module)) return WasiProgram.Check(module) ?? CheckSizes(module, limits);
        foreach (var import in module.Imports)
        {
            string what = $"import \"{import.Module}\".\"{import.Name}\"";
            if (import.Module != AbiImports.ModuleName) return $"{what} is not allowed: procedures may import only from module \"{AbiImports.ModuleName}\"";
            if (import.Kind != ExternalKind.Function) return $"{what} is not allowed: procedures may import only functions";
            var expected = AbiImports.Find(import.Name);
            if (expected is null) return $"{what} is not part of the procedure ABI (see docs/abi.md)";
            var actual = module.Types[(int)import.FunctionTypeIndex];
            if (!actual.Equals(expected)) return $"{what} has signature {actual}, the ABI's is {expected}";
        }

        bool hasRun = false, hasMemory = false;
        foreach (var export in module.Exports)
        {
            if (export.Name == "run")
            {
                if (export.Kind != ExternalKind.Function) return "export \"run\" must be a function";
                var type = module.GetFunctionType(export.Index);
                if (type.Parameters.Length != 0 || type.Results.Length != 1 || type.Results[0] != ValType.I32)
                {
                    return $"export \"run\" has signature {type}, it must be () -> (I32)";
                }
                hasRun = true;
            }
            else if (export.Name == "memory")
            {
                if (export.Kind != ExternalKind.Memory) return "export \"memory\" must be a memory";
                hasMemory = true;
            }
        }
        if (!hasRun) return "the module does not export a function \"run\"";
        if (!hasMemory) return "the module does not export its memory as \"memory\"";
        return CheckSizes(module, limits);
    }

    private static string? CheckSizes(WasmModule module, ProcedureLimits limits)
    {

        foreach (var table in module.Tables)
        {
            // The spec puts no bound on table sizes; a hostile module must not make the host allocate gigabytes.
            if (table.Limits.Min > MaxTableElements)
            {
                return $"the module declares a table of {table.Limits.Min} elements, the limit is {MaxTableElements}";
            }
        }

        foreach (var memory in module.Memories)
        {
            if (memory.Limits.Min > (uint)limits.MaxMemoryPages)
            {
                return $"the module needs {memory.Limits.Min} pages of memory at start, the limit is {limits.MaxMemoryPages}";
            }
        }
        return null;
    }
}
