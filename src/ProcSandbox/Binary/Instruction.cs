namespace TenantDb.ProcSandbox.Binary;

/// <summary>
/// One decoded instruction with its immediates, as produced by <see cref="InstructionReader"/>.
/// Only the immediates of the instruction's kind are meaningful; the others are zero.
/// </summary>
public readonly ref struct Instruction
{
    // One constructor setting every field to a value (none left to default), so the JIT writes them straight into the
    // caller's value. Given a BrTableTargets default to zero, it built the whole value in a temporary and copied it with one
    // 64-byte load over the just-written fields, which the CPU cannot forward from the smaller stores: a stall on every
    // instruction read. So the targets are kept as a slice of the code being read, present in every instruction.
    internal Instruction(Opcode opcode, int offset, long baseOffset, uint index, ulong bits, uint align, uint memoryOffset, BlockType blockType,
        ReadOnlySpan<byte> code, int targetsStart, int targetsLength, uint targetCount)
    {
        Opcode = opcode;
        Offset = offset;
        ModuleOffset = baseOffset + offset;
        Index = index;
        Bits = bits;
        Align = align;
        MemoryOffset = memoryOffset;
        BlockType = blockType;
        _code = code;
        _targetsStart = targetsStart;
        _targetsLength = targetsLength;
        _targetCount = targetCount;
    }

    private readonly ReadOnlySpan<byte> _code;
    private readonly int _targetsStart, _targetsLength;
    private readonly uint _targetCount;

    /// <summary>The opcode.</summary>
    public Opcode Opcode { get; }

    /// <summary>Byte offset of the opcode within the code span being read.</summary>
    public int Offset { get; }

    /// <summary>Byte offset of the opcode in the module binary (code span offset + <see cref="Offset"/>).</summary>
    public long ModuleOffset { get; }

    /// <summary>For <c>block</c>, <c>loop</c>, <c>if</c>: the block type.</summary>
    public BlockType BlockType { get; }

    /// <summary>
    /// The index immediate: label depth (<c>br</c>, <c>br_if</c>; the default label of <c>br_table</c>),
    /// function index (<c>call</c>), type index (<c>call_indirect</c>), local index, global index.
    /// </summary>
    public uint Index { get; }

    /// <summary>For loads and stores: the alignment exponent (log2 of the byte alignment).</summary>
    public uint Align { get; }

    /// <summary>For loads and stores: the constant offset added to the address operand.</summary>
    public uint MemoryOffset { get; }

    /// <summary>
    /// For <c>*.const</c>: the constant's raw bits (i32 and f32 zero-extended to 64 bits; floats
    /// keep their exact bit pattern, including NaN payloads).
    /// </summary>
    public ulong Bits { get; }

    /// <summary>For <c>br_table</c>: the label depths of the table, without the default (see <see cref="Index"/>).</summary>
    public BrTableTargets BrTableTargets => new(_code.Slice(_targetsStart, _targetsLength), _targetCount);

    /// <summary>The constant of <c>i32.const</c>.</summary>
    public int I32Value => (int)(uint)Bits;

    /// <summary>The constant of <c>i64.const</c>.</summary>
    public long I64Value => (long)Bits;
}

/// <summary>
/// The targets of a <c>br_table</c>, decoded lazily from the instruction bytes (already checked
/// by the reader), so iterating them allocates nothing: <c>foreach (uint depth in targets)</c>.
/// </summary>
public readonly ref struct BrTableTargets
{
    private readonly ReadOnlySpan<byte> _encoded;

    internal BrTableTargets(ReadOnlySpan<byte> encoded, uint count)
    {
        _encoded = encoded;
        Count = count;
    }

    /// <summary>Number of targets (excluding the default).</summary>
    public uint Count { get; }

    /// <summary>Returns an enumerator over the label depths.</summary>
    public Enumerator GetEnumerator() => new(_encoded);

    /// <summary>Enumerates label depths.</summary>
    public ref struct Enumerator
    {
        private readonly ReadOnlySpan<byte> _encoded;
        private int _pos;

        internal Enumerator(ReadOnlySpan<byte> encoded)
        {
            _encoded = encoded;
            _pos = 0;
            Current = 0;
        }

        /// <summary>The current label depth.</summary>
        public uint Current { get; private set; }

        /// <summary>Advances to the next target.</summary>
        public bool MoveNext()
        {
            if (_pos >= _encoded.Length) return false;
            Current = Leb128.ReadU32(_encoded, ref _pos, 0);
            return true;
        }
    }
}
