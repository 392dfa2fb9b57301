namespace TenantDb.ProcSandbox.Module;

/// <summary>
/// An import. Exactly one of the descriptor properties is meaningful, chosen by <see cref="Kind"/>.
/// </summary>
public sealed record Import(string Module, string Name, ExternalKind Kind)
{
    /// <summary>For functions: index into <see cref="WasmModule.Types"/>.</summary>
    public uint FunctionTypeIndex { get; init; }
    /// <summary>For tables.</summary>
    public TableType Table { get; init; }
    /// <summary>For memories.</summary>
    public MemoryType Memory { get; init; }
    /// <summary>For globals.</summary>
    public GlobalType Global { get; init; }
}

/// <summary>An export: a name bound to an index in one of the module's index spaces.</summary>
public sealed record Export(string Name, ExternalKind Kind, uint Index);

/// <summary>A global defined by the module.</summary>
public sealed record Global(GlobalType Type, ConstExpr Init);

/// <summary>An active element segment: function indices copied into a table at instantiation.</summary>
public sealed record ElementSegment(uint TableIndex, ConstExpr Offset, uint[] FunctionIndices);

/// <summary>An active data segment: bytes copied into a memory at instantiation.</summary>
public sealed record DataSegment(uint MemoryIndex, ConstExpr Offset, ReadOnlyMemory<byte> Bytes);

/// <summary>A run of <see cref="Count"/> locals of one type, as encoded in a function body.</summary>
public readonly record struct LocalRun(uint Count, ValType Type);

/// <summary>
/// The body of a module-defined function: its declared locals (excluding parameters) and its
/// instruction bytes (the expression, ending with the final <c>end</c> opcode).
/// <see cref="CodeOffset"/> is the byte offset of <see cref="Code"/> in the module binary, for error messages.
/// </summary>
public sealed record FunctionBody(LocalRun[] Locals, ReadOnlyMemory<byte> Code, int CodeOffset)
{
    /// <summary>Number of declared locals (excluding parameters): the sum of the runs' counts.</summary>
    public int LocalCount
    {
        get
        {
            long count = 0;
            foreach (var run in Locals) count += run.Count;
            return (int)Math.Min(count, int.MaxValue);
        }
    }

    /// <summary>Set by the validator: the most operand-stack values live at once in this body.</summary>
    public int MaxOperandStackDepth { get; internal set; }

    /// <summary>Set by the validator: the deepest nesting of blocks, loops and ifs, counting the function's own block.</summary>
    public int MaxControlDepth { get; internal set; }

    /// <summary>False when the decoder found no <c>loop</c> in the body (true when unknown: a body made in code).</summary>
    internal bool MayHaveLoop { get; set; } = true;
}

/// <summary>A custom section, kept for tools (e.g. the "name" section); ignored by the runtime.</summary>
public sealed record CustomSection(string Name, ReadOnlyMemory<byte> Content);
