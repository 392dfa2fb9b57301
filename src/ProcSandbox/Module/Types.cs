namespace TenantDb.ProcSandbox.Module;

/// <summary>Size limits of a memory (in 64 KiB pages) or a table (in elements).</summary>
public readonly record struct Limits(uint Min, uint? Max);

/// <summary>A table's element type and size limits.</summary>
public readonly record struct TableType(ValType ElementType, Limits Limits);

/// <summary>A linear memory's size limits, in 64 KiB pages.</summary>
public readonly record struct MemoryType(Limits Limits);

/// <summary>A global's value type and mutability.</summary>
public readonly record struct GlobalType(ValType Type, bool Mutable);
