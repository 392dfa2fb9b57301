namespace TenantDb.ProcSandbox.Compiler.Verification;

/// <summary>Where a general register's value comes from, as far as the verifier can prove it.</summary>
internal enum ValueKind : byte
{
    /// <summary>Anything (e.g. a wasm value).</summary>
    Unknown,
    /// <summary>Exactly <see cref="RegisterValue.Data"/>.</summary>
    Constant,
    /// <summary>A zero-extended 32-bit value plus the constant <see cref="RegisterValue.Data"/> (&gt;= 0): at least Data, no overflow.</summary>
    AddressEnd,
    /// <summary>An <see cref="AddressEnd"/> (lower bound Data) proven &lt;= the current memory size by cmp [ctx+MemorySize] + ja (or cmp with a <see cref="MemoryLimit"/> register + ja).</summary>
    CheckedAddressEnd,
    /// <summary>
    /// An <see cref="AddressEnd"/> (lower bound Data), or a value of unknown origin (lower bound 0: the compare bounds the value
    /// the register holds, wrapped or not), proven &lt;= the memory size minus the function's limit slack W (cmp with a <see cref="MemoryLimit"/>
    /// register holding size - W, + ja): an access of n bytes at displacement d from it is inside the memory when
    /// Data + d &gt;= 0 and d + n &lt;= W.
    /// </summary>
    SlackCheckedAddress,
    /// <summary>
    /// The own memory's size in bytes as read from the context (mov r64, [ctx+MemorySize]), so at most its current size:
    /// a memory never shrinks while code runs on it, minus the slack Data (sub r64, W right after the load; W at most the
    /// memory's minimum size, so the value never wraps). Forgotten at every call (the callee may grow the memory and
    /// clobbers registers) and whenever r15 changes.
    /// </summary>
    MemoryLimit,
    /// <summary>The function's own instance context (what r15 holds at entry).</summary>
    Context,
    /// <summary>The own context's linear-memory base.</summary>
    MemoryBase,
    /// <summary>A callee's context, from the import array or a table entry (Data = callee token).</summary>
    CalleeContext,
    /// <summary>A callee context's memory base (Data = callee token).</summary>
    CalleeMemoryBase,
    /// <summary>A callee's code address, non-null (Data = callee token).</summary>
    CalleeCode,
    /// <summary>A table entry's code address not yet tested for null (Data = callee token).</summary>
    MaybeNullCalleeCode,
    /// <summary>A table index proven below the table size.</summary>
    CheckedTableIndex,
    /// <summary>A checked table index shifted to a byte offset.</summary>
    ScaledTableIndex,
    /// <summary>Address of a table entry (Data = callee token).</summary>
    TableEntry,
    /// <summary>Address of an imported global's cell.</summary>
    GlobalCell,
    /// <summary>The own context's trap-exit rsp, to hand over to a callee context.</summary>
    SavedRspValue,
    /// <summary>The own context's stack limit, to hand over to a callee context.</summary>
    StackLimitValue,
    /// <summary>rbp + Data (a frame address).</summary>
    FrameAddress,
    /// <summary>A copy of rsp taken when rsp was rbp + Data.</summary>
    StackPointerCopy,
    /// <summary>Address of jump table number Data.</summary>
    JumpTable,
    /// <summary>A zero-extended index proven below Data.</summary>
    CheckedJumpIndex,
    /// <summary>
    /// A zero-extended 32-bit value at most Data (&lt; 2^32): the result of an <c>and r32, mask</c> (Data = the mask), maybe
    /// shifted left by a constant while the bound still fits 32 bits. Such an index addresses linear memory without a
    /// compare when the whole access lies below the memory's minimum size, which the memory never goes under.
    /// </summary>
    MaskedIndex,
    /// <summary>An entry (target delta) read from jump table Data.</summary>
    JumpDelta,
    /// <summary>A target of jump table Data (table address + entry).</summary>
    JumpTarget,
}

/// <summary>A register's proven origin and its datum (constant, bound, token or table number).</summary>
internal readonly record struct RegisterValue(ValueKind Kind, long Data = 0)
{
    public static readonly RegisterValue Unknown = new(ValueKind.Unknown);

    /// <summary>True when the value is a zero-extended 32-bit quantity (any 32-bit register write).</summary>
    public bool IsZeroExtended32 =>
        (Kind == ValueKind.AddressEnd && Data == 0) || (Kind is ValueKind.Constant or ValueKind.MaskedIndex && (ulong)Data <= uint.MaxValue);
}
