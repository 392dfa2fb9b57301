using TenantDb.ProcSandbox.Module;

namespace TenantDb.ProcSandbox.Validation;

/// <summary>
/// The module's index spaces (imports first, then definitions) resolved once, so every index check
/// during validation is O(1); looking them up through the import list each time would make
/// validation quadratic in the number of imports, a cheap denial of service.
/// </summary>
internal sealed class IndexSpaces
{
    /// <summary>Builds the spaces. Function type indices must already be known to be in range.</summary>
    public IndexSpaces(WasmModule module)
    {
        var functions = new List<FuncType>(module.Functions.Count);
        var globals = new List<GlobalType>(module.Globals.Count);
        foreach (var import in module.Imports)
        {
            switch (import.Kind)
            {
                case ExternalKind.Function: functions.Add(module.Types[(int)import.FunctionTypeIndex]); break;
                case ExternalKind.Table: ImportedTableCount++; break;
                case ExternalKind.Memory: ImportedMemoryCount++; break;
                default: globals.Add(import.Global); break;
            }
        }
        ImportedFunctionCount = functions.Count;
        ImportedGlobalCount = globals.Count;
        foreach (uint typeIndex in module.Functions) functions.Add(module.Types[(int)typeIndex]);
        foreach (var global in module.Globals) globals.Add(global.Type);
        TableCount = ImportedTableCount + module.Tables.Count;
        MemoryCount = ImportedMemoryCount + module.Memories.Count;
        Functions = [.. functions];
        Globals = [.. globals];
    }

    /// <summary>Signature of each function.</summary>
    public FuncType[] Functions { get; }

    /// <summary>Type of each global.</summary>
    public GlobalType[] Globals { get; }

    /// <summary>Number of imported functions.</summary>
    public int ImportedFunctionCount { get; }

    /// <summary>Number of imported tables.</summary>
    public int ImportedTableCount { get; }

    /// <summary>Number of imported memories.</summary>
    public int ImportedMemoryCount { get; }

    /// <summary>Number of imported globals (the only ones a constant expression may read).</summary>
    public int ImportedGlobalCount { get; }

    /// <summary>Number of tables.</summary>
    public int TableCount { get; }

    /// <summary>Number of memories.</summary>
    public int MemoryCount { get; }
}
