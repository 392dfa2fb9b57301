using System.Buffers;
using System.Buffers.Binary;
using TenantDb.ProcSandbox.Compiler.Verification;

namespace TenantDb.ProcSandbox.Compiler;

/// <summary>
/// SAFETY-CRITICAL (branch displacements, jump tables, call targets): the module's machine code as
/// it is written, one function after another, into one pooled byte buffer, with the function's
/// labels and fix-ups. <see cref="X64Assembler"/> writes instructions straight into it; branches to
/// labels are written in their 32-bit form (or 8-bit, backwards, when the target already fits) and
/// recorded. When the function ends, <see cref="FinishFunction"/> shortens every branch whose target
/// fits in 8 bits (repeating until nothing changes, as shortening only brings targets closer), moves
/// the bytes up once, and writes every displacement, jump-table entry and call target. Nothing is
/// allocated per instruction; the record arrays are reused from one function to the next.
/// Whatever this class gets wrong, the <see cref="CodeVerifier"/> decodes the result independently.
/// </summary>
internal sealed class CodeBuffer : IDisposable
{
    /// <summary>The target of a raw branch to the trap exit (function targets are defined-function indices).</summary>
    public const int TrapExitTarget = -1;

    /// <summary>The condition code of an unconditional jump in a branch record (x86 condition codes are 0-15).</summary>
    public const byte Jmp = 0xFF;

    /// <summary>The condition code of an alignment site in a branch record (see <see cref="Align"/>).</summary>
    private const byte AlignSite = 0xFE;

    /// <summary>
    /// The alignment of loop bodies (<see cref="Align"/>) and so of every chunk of functions: a loop of up to 64
    /// bytes then sits in one 64-byte line of the instruction fetch. Positions are aligned within the buffer,
    /// which is mapped at a page boundary; every chunk starts at a multiple of it (whether compiled apart or on
    /// one thread), so a chunk's code is aligned in the module as it was in its own buffer.
    /// </summary>
    public const int CodeAlignment = 64;

    /// <summary>The one-byte nop that fills alignment gaps.</summary>
    public const byte Nop = 0x90;

    private const int MaxInstructionBytes = 16;

    private byte[] _bytes;

    private int _functionStart;
    private int[] _labelAt = new int[64];
    private int[] _labelSite = new int[64];
    private int _labelCount;
    private BranchSite[] _branches = new BranchSite[256];
    private int _branchCount;
    private int[] _saved = new int[257];
    private Fixup[] _fixups = new Fixup[64];
    private int _fixupCount;
    private Table[] _tables = new Table[8];
    private int _tableCount;
    private int[] _tableTargets = new int[64];
    private int _tableTargetCount;
    private readonly List<(int At, int Function)> _forwardCalls = [];

    public CodeBuffer(int initialCapacity) => _bytes = ArrayPool<byte>.Shared.Rent(Math.Max(initialCapacity, 4096));

    /// <summary>The buffer the assembler writes into (valid up to <see cref="Length"/>; call <see cref="EnsureSpace"/> first).</summary>
    public byte[] Bytes => _bytes;

    /// <summary>Bytes written so far.</summary>
    public int Length;

    /// <summary>The jump tables of every finished function, for the verifier.</summary>
    public List<JumpTableRange> JumpTables { get; } = [];

    /// <summary>Makes room for one more instruction (or <paramref name="bytes"/> bytes of data).</summary>
    public void EnsureSpace(int bytes = MaxInstructionBytes)
    {
        if (Length + bytes <= _bytes.Length) return;
        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(2 * _bytes.Length, Length + bytes));
        _bytes.AsSpan(0, Length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_bytes);
        _bytes = larger;
    }

    /// <summary>A copy of the finished code.</summary>
    public byte[] ToArray() => _bytes.AsSpan(0, Length).ToArray();

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_bytes);
        _bytes = [];
    }

    // ---- one function ----

    /// <summary>Starts a function (or the boundary code) at the current end: its labels and fix-ups start empty.</summary>
    public void StartFunction()
    {
        _functionStart = Length;
        _labelCount = 0;
        _branchCount = 0;
        _fixupCount = 0;
        _tableCount = 0;
        _tableTargetCount = 0;
    }

    public CodeLabel CreateLabel()
    {
        int id = ++_labelCount;
        if (id == _labelAt.Length)
        {
            Array.Resize(ref _labelAt, 2 * id);
            Array.Resize(ref _labelSite, 2 * id);
        }
        _labelAt[id] = -1;
        return new CodeLabel(id);
    }

    /// <summary>Binds <paramref name="label"/> at the current end.</summary>
    public void Bind(CodeLabel label)
    {
        if (_labelAt[label.Id] >= 0) throw new InvalidOperationException("label bound twice");
        _labelAt[label.Id] = Length;
        _labelSite[label.Id] = _branchCount;
    }

    /// <summary>Writes a jmp (<paramref name="condition"/> = <see cref="Jmp"/>) or jcc to <paramref name="target"/>, to be resolved by <see cref="FinishFunction"/>.</summary>
    public void Branch(byte condition, CodeLabel target)
    {
        EnsureSpace();
        int at = Length;
        int bound = _labelAt[target.Id];
        // A backward target that fits now still fits once branches in between are shortened.
        bool near = bound < 0 || bound - (at + 2) < sbyte.MinValue;
        if (_branchCount == _branches.Length) Array.Resize(ref _branches, 2 * _branchCount);
        _branches[_branchCount++] = new BranchSite(at, target.Id, condition, near, near);
        var b = _bytes;
        if (!near)
        {
            b[at] = condition == Jmp ? (byte)0xEB : (byte)(0x70 | condition);
            b[at + 1] = 0;
            Length = at + 2;
        }
        else if (condition == Jmp)
        {
            b[at] = 0xE9;
            BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(at + 1), 0);
            Length = at + 5;
        }
        else
        {
            b[at] = 0x0F;
            b[at + 1] = (byte)(0x80 | condition);
            BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(at + 2), 0);
            Length = at + 6;
        }
    }

    /// <summary>
    /// Pads with nops so that the next instruction starts at a multiple of <paramref name="alignment"/> (a power of
    /// two) once the function's branches are shortened: writes the most padding that can be needed and records the
    /// site; <see cref="FinishFunction"/> keeps only what the final position needs.
    /// </summary>
    public void Align(int alignment)
    {
        EnsureSpace(alignment);
        if (_branchCount == _branches.Length) Array.Resize(ref _branches, 2 * _branchCount);
        // Label holds the alignment; never shortened as a branch.
        _branches[_branchCount++] = new BranchSite(Length, alignment, AlignSite, Near: false, EmittedNear: false);
        _bytes.AsSpan(Length, alignment - 1).Fill(Nop);
        Length += alignment - 1;
    }

    /// <summary>Outside functions: nops up to the next multiple of <see cref="CodeAlignment"/> (where a chunk of functions starts).</summary>
    public void PadToCodeAlignment()
    {
        int padding = -Length & (CodeAlignment - 1);
        EnsureSpace(padding);
        _bytes.AsSpan(Length, padding).Fill(Nop);
        Length += padding;
    }

    /// <summary>A jmp (E9) or call (E8) rel32 to the trap exit or to a defined function, resolved when the function ends (or once the callee is placed).</summary>
    public void RawBranch(byte opcode, int target)
    {
        EnsureSpace();
        _bytes[Length++] = opcode;
        AddFixup(target == TrapExitTarget ? FixupKind.TrapExit : FixupKind.Function, target);
    }

    /// <summary>A 32-bit displacement from the end of these four bytes to <paramref name="label"/> (RIP-relative operand ending its instruction).</summary>
    public void LabelDisplacement(CodeLabel label)
    {
        EnsureSpace();
        AddFixup(FixupKind.Label, label.Id);
    }

    /// <summary>Binds <paramref name="table"/> at room for one 32-bit offset per target (relative to the table), filled in when the function ends.</summary>
    public void JumpTable(CodeLabel table, ReadOnlySpan<CodeLabel> targets)
    {
        Bind(table);
        int bytes = Math.Max(4 * targets.Length, 1);
        EnsureSpace(bytes);
        _bytes.AsSpan(Length, bytes).Clear();
        Length += bytes;
        if (_tableCount == _tables.Length) Array.Resize(ref _tables, 2 * _tableCount);
        _tables[_tableCount++] = new Table(table.Id, _tableTargetCount, targets.Length);
        if (_tableTargets.Length < _tableTargetCount + targets.Length) Array.Resize(ref _tableTargets, Math.Max(2 * _tableTargets.Length, _tableTargetCount + targets.Length));
        foreach (var target in targets) _tableTargets[_tableTargetCount++] = target.Id;
    }

    /// <summary>Overwrites a 32-bit value already written in this function (the prologue's frame size).</summary>
    public void Patch32(int at, int value) => BinaryPrimitives.WriteInt32LittleEndian(_bytes.AsSpan(at), value);

    private void AddFixup(FixupKind kind, int target)
    {
        if (_fixupCount == _fixups.Length) Array.Resize(ref _fixups, 2 * _fixupCount);
        _fixups[_fixupCount++] = new Fixup(Length, _branchCount, kind, target);
        BinaryPrimitives.WriteInt32LittleEndian(_bytes.AsSpan(Length), 0);
        Length += 4;
    }

    /// <summary>
    /// Ends the function: shortens branches, closes up the bytes and writes every displacement.
    /// Calls to functions not yet placed (offset -1) wait for <see cref="PatchForwardCalls"/>.
    /// </summary>
    public void FinishFunction(int[] functionOffsets, int trapExitOffset)
    {
        if (Relax() > 0) Compact();
        var b = _bytes;
        for (int i = 0; i < _branchCount; i++)
        {
            ref var branch = ref _branches[i];
            if (branch.Condition == AlignSite) continue;
            int at = branch.At - _saved[i];
            int target = LabelPosition(branch.Label);
            if (!branch.Near)
            {
                int disp = target - (at + 2);
                if (disp is < sbyte.MinValue or > sbyte.MaxValue) throw new InvalidOperationException("short branch out of range");
                b[at + 1] = (byte)(sbyte)disp;
            }
            else
            {
                int size = branch.Condition == Jmp ? 5 : 6;
                BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(at + size - 4), target - (at + size));
            }
        }
        for (int i = 0; i < _fixupCount; i++)
        {
            ref var fixup = ref _fixups[i];
            int at = fixup.At - _saved[fixup.Site];
            int destination = fixup.Kind switch
            {
                FixupKind.TrapExit => trapExitOffset,
                FixupKind.Function => functionOffsets[fixup.Target],
                _ => LabelPosition(fixup.Target),
            };
            if (destination < 0) _forwardCalls.Add((at, fixup.Target));
            else BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(at), destination - (at + 4));
        }
        for (int t = 0; t < _tableCount; t++)
        {
            var table = _tables[t];
            int start = LabelPosition(table.Label);
            for (int i = 0; i < table.Count; i++)
            {
                BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(start + 4 * i), LabelPosition(_tableTargets[table.FirstTarget + i]) - start);
            }
            JumpTables.Add(new(start, table.Count));
        }
    }

    /// <summary>
    /// Hands over everything written so far as a <see cref="CodeChunk"/> (its buffer leaves this object) and
    /// starts again empty in a new pooled buffer of <paramref name="nextCapacity"/> bytes. The chunk's code is
    /// position-independent except for its relocations: the calls and trap-exit jumps resolved outside it.
    /// </summary>
    public CodeChunk TakeChunk(int[] functionOffsets, int nextCapacity)
    {
        var chunk = new CodeChunk(_bytes, Length, [.. _forwardCalls], [.. JumpTables], functionOffsets);
        _forwardCalls.Clear();
        JumpTables.Clear();
        _bytes = ArrayPool<byte>.Shared.Rent(Math.Max(nextCapacity, 4096));
        Length = 0;
        return chunk;
    }

    /// <summary>Fills the calls to functions that were not yet placed when their caller ended.</summary>
    public void PatchForwardCalls(int[] functionOffsets)
    {
        foreach (var (at, function) in _forwardCalls)
        {
            BinaryPrimitives.WriteInt32LittleEndian(_bytes.AsSpan(at), functionOffsets[function] - (at + 4));
        }
    }

    /// <summary>The offset of <paramref name="label"/> in the function just finished.</summary>
    public int LabelOffset(CodeLabel label) => LabelPosition(label.Id);

    /// <summary>Where <paramref name="label"/> ends up once branches before it are shortened.</summary>
    private int LabelPosition(int label)
    {
        int at = _labelAt[label];
        if (at < 0) throw new InvalidOperationException("branch to a label that was never bound");
        return at - _saved[_labelSite[label]];
    }

    /// <summary>
    /// Marks every near branch whose target fits in 8 bits as short, until none changes; leaves in
    /// _saved[i] the bytes saved before branch i. Returns the bytes saved in the function.
    /// Alignment sites count with their full padding while branches are sized, and give back what their
    /// final position does not need only afterwards: that only brings targets closer, so every branch
    /// marked short still fits.
    /// </summary>
    private int Relax()
    {
        if (_saved.Length < _branchCount + 1) _saved = new int[Math.Max(_branchCount + 1, 2 * _saved.Length)];
        SumSavings(final: false);
        bool changed = true;
        while (changed)
        {
            changed = false;
            for (int i = 0; i < _branchCount; i++)
            {
                ref var branch = ref _branches[i];
                if (!branch.Near) continue;
                int disp = LabelPosition(branch.Label) - (branch.At - _saved[i] + 2);
                if (disp is < sbyte.MinValue or > sbyte.MaxValue) continue;
                branch.Near = false;
                changed = true;
            }
            if (changed) SumSavings(final: false);
        }
        SumSavings(final: true);
        return _saved[_branchCount];
    }

    /// <summary>Bytes saved before each site; <paramref name="final"/>: with the padding alignment sites drop.</summary>
    private void SumSavings(bool final)
    {
        int saved = 0;
        for (int i = 0; i < _branchCount; i++)
        {
            _saved[i] = saved;
            ref var branch = ref _branches[i];
            if (branch.Condition == AlignSite)
            {
                if (final) saved += branch.Label - 1 - Padding(branch, saved);
            }
            else if (branch.EmittedNear && !branch.Near) saved += branch.Condition == Jmp ? 3 : 4;
        }
        _saved[_branchCount] = saved;
    }

    /// <summary>The nops an alignment site keeps when <paramref name="savedBefore"/> bytes before it are removed.</summary>
    private static int Padding(in BranchSite site, int savedBefore) => -(site.At - savedBefore) & (site.Label - 1);

    /// <summary>Rewrites shortened branches in their 2-byte form and moves the bytes after them up.</summary>
    private void Compact()
    {
        var b = _bytes;
        int read = _functionStart, write = _functionStart;
        for (int i = 0; i < _branchCount; i++)
        {
            ref var branch = ref _branches[i];
            if (branch.Condition == AlignSite)
            {
                int before = branch.At - read;
                if (write != read) b.AsSpan(read, before).CopyTo(b.AsSpan(write));
                write += before;
                int padding = Padding(branch, _saved[i]);
                b.AsSpan(write, padding).Fill(Nop);
                write += padding;
                read = branch.At + branch.Label - 1;
                continue;
            }
            if (!branch.EmittedNear || branch.Near) continue;
            int length = branch.At - read;
            if (write != read) b.AsSpan(read, length).CopyTo(b.AsSpan(write));
            write += length;
            b[write] = branch.Condition == Jmp ? (byte)0xEB : (byte)(0x70 | branch.Condition);
            b[write + 1] = 0;
            write += 2;
            read = branch.At + (branch.Condition == Jmp ? 5 : 6);
        }
        int tail = Length - read;
        b.AsSpan(read, tail).CopyTo(b.AsSpan(write));
        Length = write + tail;
    }

    /// <summary>A branch to a label: where it was written, its condition, and whether it is (and was written) in its 32-bit form; or an alignment site (<see cref="AlignSite"/>, the alignment in <see cref="Label"/>).</summary>
    private record struct BranchSite(int At, int Label, byte Condition, bool Near, bool EmittedNear);

    private enum FixupKind : byte { TrapExit, Function, Label }

    /// <summary>A 32-bit displacement at <see cref="At"/>, with the number of branches written before it.</summary>
    private readonly record struct Fixup(int At, int Site, FixupKind Kind, int Target);

    private readonly record struct Table(int Label, int FirstTarget, int Count);
}
