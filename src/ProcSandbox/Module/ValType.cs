namespace TenantDb.ProcSandbox.Module;

/// <summary>A WebAssembly value type; the numeric value is the type's binary encoding.</summary>
public enum ValType : byte
{
    /// <summary>32-bit integer.</summary>
    I32 = 0x7F,
    /// <summary>64-bit integer.</summary>
    I64 = 0x7E,
    /// <summary>32-bit IEEE 754 float.</summary>
    F32 = 0x7D,
    /// <summary>64-bit IEEE 754 float.</summary>
    F64 = 0x7C,
    /// <summary>Function reference (only as a table element type in MVP).</summary>
    FuncRef = 0x70,
}

/// <summary>The kind of an import or export.</summary>
public enum ExternalKind : byte
{
    /// <summary>A function.</summary>
    Function = 0,
    /// <summary>A table.</summary>
    Table = 1,
    /// <summary>A linear memory.</summary>
    Memory = 2,
    /// <summary>A global.</summary>
    Global = 3,
}
