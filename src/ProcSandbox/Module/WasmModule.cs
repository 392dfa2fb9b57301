using TenantDb.ProcSandbox.Validation;

namespace TenantDb.ProcSandbox.Module;

/// <summary>
/// A decoded WebAssembly module. Produced by the binary decoder (and so by the WAT parser, which
/// encodes to binary first); checked by the validator; consumed by the compiler.
/// Index spaces (functions, tables, memories, globals) start with imports, then definitions.
/// </summary>
public sealed class WasmModule
{
    /// <summary>The type section.</summary>
    public List<FuncType> Types { get; } = [];
    /// <summary>The import section, in order.</summary>
    public List<Import> Imports { get; } = [];
    /// <summary>Type index of each module-defined function (the function section).</summary>
    public List<uint> Functions { get; } = [];
    /// <summary>Module-defined tables.</summary>
    public List<TableType> Tables { get; } = [];
    /// <summary>Module-defined memories.</summary>
    public List<MemoryType> Memories { get; } = [];
    /// <summary>Module-defined globals.</summary>
    public List<Global> Globals { get; } = [];
    /// <summary>The export section.</summary>
    public List<Export> Exports { get; } = [];
    /// <summary>The start function's index, if any.</summary>
    public uint? Start { get; set; }
    /// <summary>The element section.</summary>
    public List<ElementSegment> Elements { get; } = [];
    /// <summary>The data section.</summary>
    public List<DataSegment> Data { get; } = [];
    /// <summary>Bodies of the module-defined functions, parallel to <see cref="Functions"/>.</summary>
    public List<FunctionBody> Bodies { get; } = [];
    /// <summary>The data count section's value (bulk-memory proposal), if the module has one.</summary>
    public uint? DataCount { get; set; }
    /// <summary>Custom sections, in order of appearance.</summary>
    public List<CustomSection> CustomSections { get; } = [];

    /// <summary>
    /// True once <see cref="WasmValidator.Validate"/> accepted the module. A validated module must
    /// not be modified: from then on the index-space lookups below answer from tables the validator
    /// built, in O(1), instead of walking <see cref="Imports"/> (which would make a compiler that
    /// asks once per function or per instruction quadratic in the number of imports).
    /// </summary>
    public bool IsValidated => _resolved is not null;

    /// <summary>The signature of every function in the function index space (imports first); empty before validation.</summary>
    public IReadOnlyList<FuncType> FunctionSignatures => _resolved?.Functions ?? [];

    /// <summary>The type of every global in the global index space (imports first); empty before validation.</summary>
    public IReadOnlyList<GlobalType> GlobalTypes => _resolved?.Globals ?? [];

    /// <summary>Module offset of each section by id (0 = absent), filled by the decoder for error offsets.</summary>
    internal int[] SectionOffsets { get; } = new int[13];

    private IndexSpaces? _resolved;

    /// <summary>Bytes that helper threads allocated validating the bodies in parallel (compile-memory accounting).</summary>
    internal long ValidationHelperAllocatedBytes { get; set; }

    /// <summary>Bytes that helper threads allocated checking the bodies' structure in parallel while decoding (compile-memory accounting).</summary>
    internal long DecodeHelperAllocatedBytes { get; set; }

    /// <summary>Called by the validator once the module is valid.</summary>
    internal void MarkValidated(IndexSpaces spaces) => _resolved = spaces;

    /// <summary>Total number of functions: imported plus defined.</summary>
    public int FunctionCount => ImportedFunctionCount + Functions.Count;
    /// <summary>Total number of tables: imported plus defined.</summary>
    public int TableCount => ImportedTableCount + Tables.Count;
    /// <summary>Total number of memories: imported plus defined.</summary>
    public int MemoryCount => ImportedMemoryCount + Memories.Count;
    /// <summary>Total number of globals: imported plus defined.</summary>
    public int GlobalCount => ImportedGlobalCount + Globals.Count;

    /// <summary>Number of imported functions (they come first in the function index space).</summary>
    public int ImportedFunctionCount => _resolved?.ImportedFunctionCount ?? CountImports(ExternalKind.Function);
    /// <summary>Number of imported tables.</summary>
    public int ImportedTableCount => _resolved?.ImportedTableCount ?? CountImports(ExternalKind.Table);
    /// <summary>Number of imported memories.</summary>
    public int ImportedMemoryCount => _resolved?.ImportedMemoryCount ?? CountImports(ExternalKind.Memory);
    /// <summary>Number of imported globals.</summary>
    public int ImportedGlobalCount => _resolved?.ImportedGlobalCount ?? CountImports(ExternalKind.Global);

    /// <summary>The signature of function <paramref name="functionIndex"/> (imported or defined); O(1) once validated.</summary>
    public FuncType GetFunctionType(uint functionIndex)
    {
        if (_resolved is not null) return _resolved.Functions[functionIndex];
        uint seen = 0;
        foreach (var import in Imports)
        {
            if (import.Kind != ExternalKind.Function) continue;
            if (seen == functionIndex) return Types[(int)import.FunctionTypeIndex];
            seen++;
        }
        return Types[(int)Functions[(int)(functionIndex - seen)]];
    }

    /// <summary>The type of global <paramref name="globalIndex"/> (imported or defined); O(1) once validated.</summary>
    public GlobalType GetGlobalType(uint globalIndex)
    {
        if (_resolved is not null) return _resolved.Globals[globalIndex];
        uint seen = 0;
        foreach (var import in Imports)
        {
            if (import.Kind != ExternalKind.Global) continue;
            if (seen == globalIndex) return import.Global;
            seen++;
        }
        return Globals[(int)(globalIndex - seen)].Type;
    }

    private int CountImports(ExternalKind kind)
    {
        int count = 0;
        foreach (var import in Imports)
        {
            if (import.Kind == kind) count++;
        }
        return count;
    }
}
