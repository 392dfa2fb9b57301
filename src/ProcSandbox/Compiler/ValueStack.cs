using Iced.Intel;

namespace TenantDb.ProcSandbox.Compiler;

/// <summary>
/// The compile-time operand stack: where each wasm value currently is (constant, register, lazy
/// local read or spilled slot). Every operation here is amortised O(1) per instruction, so compile
/// time stays linear in the body size whatever the stack height:
/// - entries below <see cref="SpilledBelow"/> are all spilled slots, so spilling everything starts there;
/// - the owner table records the position last given each register (checked before use), so
///   evicting or picking a register to spill never searches the stack;
/// - lazy reads of one local form a chain through their Bits field (the next lower read's
///   position, or -1) headed per local, so local.set visits only its own reads.
/// </summary>
internal sealed class ValueStack
{
    private StackEntry[] _entries = new StackEntry[32];
    private readonly int[] _registerOwner = new int[32];
    private int[] _lazyReadHead = [];

    /// <summary>Number of entries.</summary>
    public int Height { get; private set; }

    /// <summary>The highest <see cref="Height"/> since the last reset: the number of slots the frame needs.</summary>
    public int MaxHeight { get; private set; }

    /// <summary>Entries below this position are all spilled.</summary>
    public int SpilledBelow { get; set; }

    public ref readonly StackEntry this[int position] => ref _entries[position];

    public ref readonly StackEntry Top => ref _entries[Height - 1];

    /// <summary>Empties the stack for a body with <paramref name="localCount"/> locals.</summary>
    public void Reset(int localCount)
    {
        // Forget the previous body's lazy-read chains (only what is left on its stack can be linked).
        for (int i = 0; i < Height; i++)
        {
            if (_entries[i].Kind == EntryKind.Local) _lazyReadHead[_entries[i].Local] = -1;
        }
        if (_lazyReadHead.Length < localCount)
        {
            _lazyReadHead = new int[Math.Max(localCount, 2 * _lazyReadHead.Length)];
            Array.Fill(_lazyReadHead, -1);
        }
        Height = 0;
        SpilledBelow = 0;
        MaxHeight = 0;
    }

    public void Push(StackEntry entry)
    {
        if (Height == _entries.Length) Array.Resize(ref _entries, Height * 2);
        switch (entry.Kind)
        {
            case EntryKind.Register:
                _registerOwner[OwnerIndex(entry.Reg)] = Height;
                break;
            case EntryKind.Local:
                entry = entry with { Bits = (ulong)(long)_lazyReadHead[entry.Local] };
                _lazyReadHead[entry.Local] = Height;
                break;
        }
        _entries[Height++] = entry;
        if (Height > MaxHeight) MaxHeight = Height;
    }

    public StackEntry Pop(out int position)
    {
        position = --Height;
        if (SpilledBelow > Height) SpilledBelow = Height;
        var entry = _entries[position];
        // The top entry is the highest lazy read of its local, so it heads that local's chain.
        if (entry.Kind == EntryKind.Local) _lazyReadHead[entry.Local] = (int)(long)entry.Bits;
        return entry;
    }

    /// <summary>Replaces the entry at <paramref name="position"/> by a spilled slot.</summary>
    public void MarkSpilled(int position) => _entries[position] = StackEntry.Spilled(_entries[position].Type);

    /// <summary>Replaces the (lazy local) entry at <paramref name="position"/> by a register.</summary>
    public void MarkInRegister(int position, Register reg)
    {
        _entries[position] = StackEntry.InRegister(_entries[position].Type, reg);
        _registerOwner[OwnerIndex(reg)] = position;
    }

    /// <summary>Stack position of the entry holding <paramref name="reg"/>, or -1 when no stack entry holds it.</summary>
    public int PositionOf(Register reg)
    {
        int position = _registerOwner[OwnerIndex(reg)];
        if (position < Height && _entries[position].Kind == EntryKind.Register && _entries[position].Reg == reg) return position;
        return -1;
    }

    /// <summary>Unlinks the chain of lazy reads of <paramref name="local"/> and returns its head (the highest read), or -1.</summary>
    public int TakeLazyReads(int local)
    {
        int head = _lazyReadHead[local];
        _lazyReadHead[local] = -1;
        return head;
    }

    /// <summary>The next lower lazy read of the same local after the one at <paramref name="position"/>, or -1.</summary>
    public int NextLazyRead(int position) => (int)(long)_entries[position].Bits;

    /// <summary>Forgets the lazy-read chain of the local read at <paramref name="position"/> (all its reads are being spilled).</summary>
    public void ForgetLazyReads(int position) => _lazyReadHead[_entries[position].Local] = -1;

    private static int OwnerIndex(Register reg) => X64.IsXmm(reg) ? 16 + X64.Number(reg) : X64.Number(reg);
}
