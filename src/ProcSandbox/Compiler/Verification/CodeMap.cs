using System.Buffers;
using X86Instruction = Iced.Intel.Instruction;
using Iced.Intel;

namespace TenantDb.ProcSandbox.Compiler.Verification;

/// <summary>
/// Recursive-traversal decoding of a code buffer from its entry points: follows fall-through,
/// direct branches, direct calls and the entries of jump tables referenced by RIP-relative
/// <c>lea</c>, claims every byte of every decoded instruction, and records which region (entry)
/// owns it and which instructions are branch targets. Instructions may not overlap, nor overlap
/// declared data; branches must land on an instruction start of their own region.
///
/// The code is traversed in address ranges (<see cref="Ranges"/>) that start at function entries;
/// everything reached from a range's entries must stay inside the range (except jumps to the trap exit
/// and calls, which only read the entry set), so the ranges are independent: each may be traversed on
/// its own thread, and writes to the per-byte tables stay inside the range being traversed.
/// </summary>
internal sealed class CodeMap : IDisposable
{
    /// <summary>Per-byte claim.</summary>
    public const byte Unclaimed = 0, InstructionStart = 1, InstructionBody = 2, Data = 3;

    private const int NoRegion = -1;
    private readonly byte[] _code;
    private readonly CodeLayout _layout;
    private readonly byte[] _claims;
    private readonly int[] _regions;
    /// <summary>
    /// Per-byte branch-target flags (<see cref="JoinFlag"/>, <see cref="UnorderedJoinFlag"/>) and, above them, the number
    /// of direct branches to the byte (one step = <see cref="BranchStep"/>; a 64th branch makes the target unordered).
    /// </summary>
    private readonly byte[] _joins;
    private const byte JoinFlag = 1, UnorderedJoinFlag = 2, BranchStep = 4, MaxBranches = 63;
    private readonly Dictionary<int, int> _entryAt = [];
    /// <summary>Per byte: 1 where an entry point starts (so most look-ups skip <see cref="_entryAt"/>).</summary>
    private readonly byte[] _isEntry;
    private readonly Dictionary<int, int> _tableAt = [];
    private readonly int[] _regionOfEntry;
    private readonly bool[] _tableFollowed;

    public CodeMap(byte[] code, CodeLayout layout)
    {
        _code = code;
        _layout = layout;
        _claims = ArrayPool<byte>.Shared.Rent(code.Length + 1);
        Array.Clear(_claims, 0, code.Length + 1);
        _regions = ArrayPool<int>.Shared.Rent(code.Length + 1);
        _joins = ArrayPool<byte>.Shared.Rent(code.Length + 1);
        Array.Clear(_joins, 0, code.Length + 1);
        _isEntry = ArrayPool<byte>.Shared.Rent(code.Length + 1);
        Array.Clear(_isEntry, 0, code.Length + 1);
        _regionOfEntry = new int[layout.Entries.Count];
        _tableFollowed = new bool[layout.JumpTables.Count];
    }

    public byte[] Code => _code;
    public CodeLayout Layout => _layout;
    public int Length => _code.Length;
    public byte ClaimAt(int offset) => _claims[offset];
    public int RegionAt(int offset) => _regions[offset];
    public bool IsJoin(int offset) => _joins[offset] != 0;

    /// <summary>
    /// True when every branch to <paramref name="offset"/> is a direct branch from a lower address (so a
    /// single pass in address order has seen all of them when it gets there); false for loop heads and
    /// jump-table targets.
    /// </summary>
    public bool IsForwardOnlyJoin(int offset) => (_joins[offset] & (JoinFlag | UnorderedJoinFlag)) == JoinFlag;

    /// <summary>Direct branches (conditional or not) to <paramref name="offset"/> (exact for forward-only joins).</summary>
    public int BranchesTo(int offset) => _joins[offset] >> 2;

    /// <summary>The entry kind owning region <paramref name="region"/>.</summary>
    public CodeEntryKind RegionKind(int region) => _layout.Entries[region].Kind;

    /// <summary>Index of the entry at <paramref name="offset"/>, or -1.</summary>
    public int EntryAt(int offset) => (uint)offset < (uint)_code.Length && _isEntry[offset] != 0 && _entryAt.TryGetValue(offset, out int i) ? i : -1;

    /// <summary>Index of the jump table starting at <paramref name="offset"/>, or -1.</summary>
    public int TableAt(int offset) => _tableAt.TryGetValue(offset, out int i) ? i : -1;

    /// <summary>
    /// Claims the jump tables and registers the entry points (before any range is traversed); throws
    /// <see cref="CodeVerificationException"/> on the first broken rule.
    /// </summary>
    public void Prepare()
    {
        ClaimTables();
        RegisterEntries();
    }

    /// <summary>
    /// The starts of the traversal ranges, then the code length: ranges of at least <paramref name="rangeBytes"/>
    /// bytes, each starting at a function entry placed after every other kind of entry (the boundary code stays
    /// in the first range). Depends only on the code and the layout.
    /// </summary>
    public int[] Ranges(int rangeBytes)
    {
        int boundaryEnd = 0;
        int functions = 0;
        foreach (var entry in _layout.Entries)
        {
            if (entry.Kind == CodeEntryKind.Function) functions++;
            else boundaryEnd = Math.Max(boundaryEnd, entry.Offset + 1);
        }
        var entries = new int[functions];
        functions = 0;
        foreach (var entry in _layout.Entries)
        {
            if (entry.Kind == CodeEntryKind.Function) entries[functions++] = entry.Offset;
        }
        Array.Sort(entries);
        var starts = new List<int> { 0 };
        foreach (int offset in entries)
        {
            if (offset >= boundaryEnd && offset - starts[^1] >= rangeBytes) starts.Add(offset);
        }
        starts.Add(_code.Length);
        return [.. starts];
    }

    /// <summary>
    /// Decodes everything reachable from the entries in [<paramref name="start"/>, <paramref name="end"/>), which
    /// must stay in that range; returns the instructions decoded. Throws <see cref="CodeVerificationException"/>
    /// on the first broken rule.
    /// </summary>
    public int Traverse(int start, int end)
    {
        var work = new Stack<(int Offset, int Region)>();
        // Push in reverse so that entries are decoded in layout order (cheaper fall-through chains).
        for (int i = _layout.Entries.Count - 1; i >= 0; i--)
        {
            int at = _layout.Entries[i].Offset;
            if (at >= start && at < end) work.Push((at, _regionOfEntry[i]));
        }
        var range = new TraversalRange(start, end);
        int instructions = 0;
        var reader = new ByteArrayCodeReader(_code);
        var decoder = Decoder.Create(64, reader, DecoderOptions.None);
        while (work.Count > 0)
        {
            var (offset, region) = work.Pop();
            // Follow the fall-through chain directly; push branch targets.
            while (offset >= 0)
            {
                if (_claims[offset] == InstructionStart)
                {
                    if (_regions[offset] != region) Fail(offset, "code reached from two regions (fall-through or branch into another function)");
                    break;
                }
                if (_claims[offset] != Unclaimed)
                    Fail(offset, _claims[offset] == Data ? "control flow into jump-table data" : "control flow into the middle of an instruction");
                decoder.IP = (ulong)offset;
                reader.Position = offset;
                decoder.Decode(out var instruction);
                if (instruction.IsInvalid) Fail(offset, "bytes do not decode to a valid instruction");
                int next = offset + instruction.Length;
                if (next > _code.Length) Fail(offset, "instruction runs past the end of the code");
                if (next > end) Fail(offset, "instruction runs into the next function range");
                for (int b = offset + 1; b < next; b++)
                {
                    if (_claims[b] != Unclaimed) Fail(offset, "instruction overlaps another instruction or data");
                }
                _claims[offset] = InstructionStart;
                for (int b = offset + 1; b < next; b++) _claims[b] = InstructionBody;
                _regions[offset] = region;
                instructions++;
                InstructionRules.CheckStateless(instruction, this);
                offset = Successors(instruction, region, next, range, work);
            }
        }
        return instructions;
    }

    /// <summary>The address range being traversed: every byte the traversal claims or marks lies in it.</summary>
    private readonly record struct TraversalRange(int Start, int End)
    {
        public bool Contains(long offset) => offset >= Start && offset < End;
    }

    /// <summary>Pushes branch targets; returns the fall-through offset or -1.</summary>
    private int Successors(in X86Instruction instruction, int region, int next, TraversalRange range, Stack<(int Offset, int Region)> work)
    {
        switch (instruction.FlowControl)
        {
            case FlowControl.Next:
                FollowJumpTable(instruction, region, range, work);
                return FallThrough(instruction, next, range);
            case FlowControl.ConditionalBranch:
                Branch(instruction, region, range, work);
                return FallThrough(instruction, next, range);
            case FlowControl.UnconditionalBranch:
                Branch(instruction, region, range, work);
                return -1;
            case FlowControl.Call:
                CallTarget(instruction);
                return FallThrough(instruction, next, range);
            case FlowControl.IndirectCall:
                return FallThrough(instruction, next, range);
            default: // IndirectBranch (checked by the register rules), Return
                return -1;
        }
    }

    private int FallThrough(in X86Instruction instruction, int next, TraversalRange range)
    {
        if (next >= _code.Length) Fail((int)instruction.IP, "execution falls off the end of the code");
        if (next >= range.End) Fail((int)instruction.IP, "execution falls through into the next function range");
        return next;
    }

    private void Branch(in X86Instruction instruction, int region, TraversalRange range, Stack<(int Offset, int Region)> work)
    {
        ulong target = instruction.NearBranchTarget;
        if (target >= (ulong)_code.Length) Fail((int)instruction.IP, "branch target outside the module's code");
        int t = (int)target;
        int entry = EntryAt(t);
        if (entry >= 0 && _layout.Entries[entry].Kind == CodeEntryKind.TrapExit) return; // the shared trap exit
        if (entry >= 0) Fail((int)instruction.IP, "jump to an entry point (only calls may enter functions; jumps may only reach the trap exit)");
        if (!range.Contains(t)) Fail((int)instruction.IP, "branch into another function range");
        _joins[t] |= t > (int)instruction.IP ? JoinFlag : (byte)(JoinFlag | UnorderedJoinFlag);
        if (_joins[t] >> 2 == MaxBranches) _joins[t] |= UnorderedJoinFlag;
        else _joins[t] += BranchStep;
        work.Push((t, region));
    }

    private void CallTarget(in X86Instruction instruction)
    {
        ulong target = instruction.NearBranchTarget;
        if (target >= (ulong)_code.Length) Fail((int)instruction.IP, "call target outside the module's code");
        int entry = EntryAt((int)target);
        if (entry < 0 || _layout.Entries[entry].Kind != CodeEntryKind.Function)
            Fail((int)instruction.IP, "direct call to something other than a function entry");
    }

    /// <summary><c>lea reg, [rip+table]</c> makes the table's entries branch targets of this region.</summary>
    private void FollowJumpTable(in X86Instruction instruction, int region, TraversalRange range, Stack<(int Offset, int Region)> work)
    {
        if (instruction.Code != Iced.Intel.Code.Lea_r64_m || !instruction.IsIPRelativeMemoryOperand) return;
        int tableIndex = TableAt((int)Math.Min(instruction.IPRelativeMemoryAddress, int.MaxValue));
        if (tableIndex < 0) Fail((int)instruction.IP, "RIP-relative address is not the start of a jump table");
        if (!range.Contains(_layout.JumpTables[tableIndex].Offset)) Fail((int)instruction.IP, "jump table in another function range");
        if (_tableFollowed[tableIndex]) Fail((int)instruction.IP, "jump table referenced from two places");
        _tableFollowed[tableIndex] = true;
        var table = _layout.JumpTables[tableIndex];
        for (int i = 0; i < table.EntryCount; i++)
        {
            long target = table.Offset + (long)BitConverter.ToInt32(_code, table.Offset + 4 * i);
            if (target < 0 || target >= _code.Length) Fail(table.Offset + 4 * i, "jump-table entry points outside the module's code");
            int entry = EntryAt((int)target);
            if (entry >= 0) Fail(table.Offset + 4 * i, "jump-table entry points at an entry point");
            if (!range.Contains(target)) Fail(table.Offset + 4 * i, "jump-table entry points into another function range");
            _joins[target] |= JoinFlag | UnorderedJoinFlag;
            work.Push(((int)target, region));
        }
    }

    private void ClaimTables()
    {
        for (int t = 0; t < _layout.JumpTables.Count; t++)
        {
            var table = _layout.JumpTables[t];
            if (table.Offset < 0 || table.EntryCount < 0 || (long)table.Offset + table.Length > _code.Length)
                Fail(Math.Max(table.Offset, 0), "declared jump table lies outside the code");
            if (!_tableAt.TryAdd(table.Offset, t)) Fail(table.Offset, "two jump tables at one offset");
            for (int b = table.Offset; b < table.Offset + table.Length; b++)
            {
                if (_claims[b] != Unclaimed) Fail(b, "jump tables overlap");
                _claims[b] = Data;
            }
        }
    }

    private void RegisterEntries()
    {
        int boundaryRegion = NoRegion;
        for (int i = 0; i < _layout.Entries.Count; i++)
        {
            var entry = _layout.Entries[i];
            if ((uint)entry.Offset >= (uint)_code.Length) Fail(Math.Max(entry.Offset, 0), "entry point outside the code");
            if (!_entryAt.TryAdd(entry.Offset, i)) Fail(entry.Offset, "two entry points at one offset");
            _isEntry[entry.Offset] = 1;
            int region = i;
            // The entry trampoline and the trap exit share their epilogue: one region.
            if (entry.Kind is CodeEntryKind.HostEntry or CodeEntryKind.TrapExit)
            {
                if (boundaryRegion == NoRegion) boundaryRegion = i;
                region = boundaryRegion;
            }
            _regionOfEntry[i] = region;
        }
    }

    public void Fail(int offset, string reason) => throw new CodeVerificationException(offset, Describe(offset), reason);

    /// <summary>The instruction at <paramref name="offset"/> as text, or its bytes when it does not decode.</summary>
    public string Describe(int offset)
    {
        if ((uint)offset >= (uint)_code.Length) return "end of code";
        var decoder = Decoder.Create(64, new ByteArrayCodeReader(_code, offset, Math.Min(15, _code.Length - offset)), (ulong)offset);
        decoder.Decode(out var instruction);
        return instruction.IsInvalid
            ? "bytes " + Convert.ToHexString(_code, offset, Math.Min(8, _code.Length - offset))
            : instruction.ToString();
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_claims);
        ArrayPool<int>.Shared.Return(_regions);
        ArrayPool<byte>.Shared.Return(_joins);
        ArrayPool<byte>.Shared.Return(_isEntry);
    }
}
