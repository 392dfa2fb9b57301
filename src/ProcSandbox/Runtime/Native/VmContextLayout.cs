using TenantDb.ProcSandbox.Module;

namespace TenantDb.ProcSandbox.Runtime.Native;

/// <summary>
/// SAFETY-CRITICAL. Byte offsets of the instance context ("vmctx") that generated code reaches
/// through r15. The compiler bakes these offsets into machine code and the runtime writes the
/// fields, so both sides must use this one definition.
/// </summary>
internal sealed class VmContextLayout
{
    /// <summary>Address of linear memory byte 0 (fixed for the memory's lifetime: memories are reserved up front).</summary>
    public const int MemoryBase = 0;
    /// <summary>Current linear-memory size in bytes (64-bit); every access is checked against it.</summary>
    public const int MemorySize = 8;
    /// <summary>
    /// Fuel of the current slice (64-bit, signed): generated code keeps it in rbx, decrements it at function
    /// entries and loop headers and, when it drops below zero, refills it from <see cref="FuelReserve"/> after
    /// looking at the stop flag. The fuel left is this plus the reserve's slices (<see cref="ContextFuel"/>).
    /// </summary>
    public const int Fuel = 16;
    /// <summary>Non-zero when the host asked the running call to stop (32-bit).</summary>
    public const int StopFlag = 24;
    /// <summary>Lowest rsp a function may use before it traps as stack exhausted.</summary>
    public const int StackLimit = 32;
    /// <summary>rsp of the entry trampoline, restored by the trap exit.</summary>
    public const int SavedRsp = 40;
    /// <summary>Native stack bytes a call may use (copied from the limits).</summary>
    public const int MaxStackBytes = 48;
    /// <summary>Address of table 0's entries (<see cref="TableEntrySize"/> bytes each).</summary>
    public const int TableBase = 56;
    /// <summary>Number of entries in table 0 (64-bit).</summary>
    public const int TableSize = 64;
    /// <summary>Address of the host-call trampoline (an UnmanagedCallersOnly C# method).</summary>
    public const int HostCallFn = 72;
    /// <summary>Address of the memory.grow trampoline.</summary>
    public const int MemoryGrowFn = 80;
    /// <summary>GCHandle of the owning <see cref="Instance"/>.</summary>
    public const int InstanceHandle = 88;
    /// <summary>Lowest stack limit the entry trampoline may set: the thread's real stack bottom plus a reserve (0 = none).</summary>
    public const int StackFloor = 96;
    /// <summary>Whole slices of fuel not yet handed to generated code (64-bit, never negative); it takes them one at a time.</summary>
    public const int FuelReserve = 104;
    /// <summary>Size of the fixed header.</summary>
    public const int HeaderSize = 112;

    /// <summary>Table entry: canonical type id (8), code address (8), callee vmctx (8), padding (8).</summary>
    public const int TableEntrySize = 32;
    /// <summary>log2 of <see cref="TableEntrySize"/>.</summary>
    public const int TableEntryShift = 5;
    /// <summary>Offset of the type id in a table entry.</summary>
    public const int EntryTypeId = 0;
    /// <summary>Offset of the code address in a table entry (0 = null entry).</summary>
    public const int EntryCode = 8;
    /// <summary>Offset of the callee vmctx in a table entry.</summary>
    public const int EntryContext = 16;

    public VmContextLayout(WasmModule module)
    {
        ImportedFunctionCount = module.ImportedFunctionCount;
        ImportedGlobalCount = module.ImportedGlobalCount;
        DefinedGlobalCount = module.Globals.Count;
        ImportedFunctions = HeaderSize;
        ImportedGlobalPointers = ImportedFunctions + 16 * ImportedFunctionCount;
        DefinedGlobals = ImportedGlobalPointers + 8 * ImportedGlobalCount;
        Size = DefinedGlobals + 8 * DefinedGlobalCount;
    }

    public int ImportedFunctionCount { get; }
    public int ImportedGlobalCount { get; }
    public int DefinedGlobalCount { get; }

    /// <summary>Start of the imported-function array: per import, code address (8) then callee vmctx (8).</summary>
    public int ImportedFunctions { get; }
    /// <summary>Start of the pointers to imported globals' cells.</summary>
    public int ImportedGlobalPointers { get; }
    /// <summary>Start of the module-defined globals' cells (8 bytes each).</summary>
    public int DefinedGlobals { get; }
    /// <summary>Total bytes.</summary>
    public int Size { get; }

    public int ImportCode(int importIndex) => ImportedFunctions + 16 * importIndex;
    public int ImportContext(int importIndex) => ImportedFunctions + 16 * importIndex + 8;
    public int ImportedGlobalPointer(int globalIndex) => ImportedGlobalPointers + 8 * globalIndex;
    public int DefinedGlobal(int definedIndex) => DefinedGlobals + 8 * definedIndex;
}
