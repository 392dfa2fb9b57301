using System.Buffers;
using X86Instruction = Iced.Intel.Instruction;
using Iced.Intel;

namespace TenantDb.ProcSandbox.Compiler.Verification;

/// <summary>
/// Recursive-traversal decoding of one verification range from its entry points: follows fall-through,
/// direct branches, direct calls and the entries of jump tables referenced by RIP-relative
/// <c>lea</c>, claims every byte of every decoded instruction, and records which region (entry)
/// owns it and which instructions are branch targets. Instructions may not overlap, nor overlap
/// declared data; branches must land on an instruction start of their own region.
///
/// Ranges (<see cref="CodeIndex.Ranges"/>) start at function entries; everything reached from a range's
/// entries must stay inside the range (except jumps to the trap exit and calls, which only read the shared
/// <see cref="CodeIndex"/>), so ranges are independent. Each run of a range has a map of its own: the
/// per-byte tables cover the range only and are filled by that run alone, so the same range may be verified
/// twice at once (a descheduled thread's range rerun by another) and both runs reach the same verdict.
/// One map per thread is reused for every range the thread verifies (<see cref="Begin"/>).
/// </summary>
internal sealed class CodeMap : IDisposable
{
    /// <summary>Per-byte claim.</summary>
    public const byte Unclaimed = 0, InstructionStart = 1, InstructionBody = 2, Data = 3;

    private readonly CodeIndex _index;
    private readonly byte[] _code;
    private readonly CodeLayout _layout;
    // Per byte of the range, indexed by offset - _start.
    private byte[] _claims = [];
    private int[] _regions = [];
    /// <summary>
    /// Per-byte branch-target flags (<see cref="JoinFlag"/>, <see cref="UnorderedJoinFlag"/>) and, above them, the number
    /// of direct branches to the byte (one step = <see cref="BranchStep"/>; a 64th branch makes the target unordered).
    /// </summary>
    private byte[] _joins = [];
    /// <summary>Per byte at an instruction start: where in <see cref="_decoded"/> the traversal put that instruction.</summary>
    private int[] _slots = [];
    /// <summary>The range's instructions as the traversal decoded them, in the order found (read again by the register-flow pass).</summary>
    private X86Instruction[] _decoded = [];
    private int _decodedCount;
    private const byte JoinFlag = 1, UnorderedJoinFlag = 2, BranchStep = 4, MaxBranches = 63;
    private readonly bool[] _tableFollowed;
    private int _start, _end;
    /// <summary>The traversal's pending branch targets, kept for the map's next range.</summary>
    private readonly Stack<(int Offset, int Region)> _work = new();
    private readonly ByteArrayCodeReader _reader;
    private readonly Decoder _decoder;
    private DecodeCache? _cache = DecodeCache.Rent();
    private readonly BranchTemplates _branches = new();

    public CodeMap(CodeIndex index)
    {
        if (!index.AddUser()) throw new InvalidOperationException("the verification this map was made for has finished");
        _index = index;
        _code = index.Code;
        _layout = index.Layout;
        _tableFollowed = new bool[_layout.JumpTables.Count];
        Frames = new long[index.EntryCount];
        MemoryLimits = new Register[index.EntryCount];
        MemoryLimitSlacks = new int[index.EntryCount];
        _reader = new ByteArrayCodeReader(_code);
        _decoder = Decoder.Create(64, _reader, DecoderOptions.None);
    }

    /// <summary>
    /// Decodes the instruction at <paramref name="offset"/> into <paramref name="instruction"/> (invalid if the bytes
    /// are not one). True when the same bytes were decoded before in this map and passed the per-instruction rules
    /// (<see cref="DecodeCache"/>), or they are a relative branch of a form that did (<see cref="BranchTemplates"/>);
    /// when false, the caller applies them through <see cref="CheckNew"/>.
    /// </summary>
    public bool Decode(int offset, ref X86Instruction instruction)
    {
        if (_cache!.TryGet(_code, offset, ref instruction)) return true;
        if (_branches.TryGet(_code, offset, ref instruction)) return true;
        _decoder.IP = (ulong)offset;
        _reader.Position = offset;
        _decoder.Decode(out instruction);
        return false;
    }

    /// <summary>The per-instruction rules for a valid instruction <see cref="Decode"/> did not know; remembered once it passes them.</summary>
    public void CheckNew(in X86Instruction instruction)
    {
        InstructionRules.CheckStateless(instruction, this);
        _cache!.Add(_code, instruction);
        _branches.Add(_code, instruction);
    }

    /// <summary>The register-flow pass's state, kept for the map's next range (<see cref="RegisterFlow.Check"/>).</summary>
    public FlowState FlowState { get; } = new();

    /// <summary>The register-flow pass's per-region facts, kept for the map's next range (<see cref="RegisterFlow.Check"/> resets them).</summary>
    public FlowContext FlowContext => _flowContext ??= new FlowContext(this);
    private FlowContext? _flowContext;

    /// <summary>Frame size per region, -1 until its prologue (written by the register-flow pass of the range owning the region).</summary>
    public long[] Frames { get; }

    /// <summary>
    /// Per region, the register its prologue loaded the memory size into (<see cref="ValueKind.MemoryLimit"/>), which then
    /// belongs to the region's join invariant; <see cref="Register.None"/> when it keeps none (written like <see cref="Frames"/>).
    /// </summary>
    public Register[] MemoryLimits { get; }

    /// <summary>Per region, what its prologue subtracted from the memory size in its limit register (0 for none).</summary>
    public int[] MemoryLimitSlacks { get; }

    /// <summary>Starts a run over [<paramref name="start"/>, <paramref name="end"/>): nothing claimed but the range's jump-table bytes.</summary>
    public void Begin(int start, int end)
    {
        _start = start;
        _end = end;
        int length = end - start + 1;
        if (_claims.Length < length)
        {
            Release();
            _claims = ArrayPool<byte>.Shared.Rent(length);
            _regions = ArrayPool<int>.Shared.Rent(length);
            _joins = ArrayPool<byte>.Shared.Rent(length);
            _slots = ArrayPool<int>.Shared.Rent(length);
        }
        _decodedCount = 0;
        _index.CopyTableClaims(start, _claims.AsSpan(0, end - start));
        _claims[end - start] = Unclaimed;
        Array.Clear(_joins, 0, length);
        Array.Clear(_tableFollowed);
        Array.Fill(Frames, -1);
        Array.Fill(MemoryLimits, Register.None);
        Array.Clear(MemoryLimitSlacks);
    }

    public byte[] Code => _code;
    public CodeLayout Layout => _layout;
    public int Length => _code.Length;

    /// <summary>Claim of a byte of the range (<see cref="Unclaimed"/> outside it: never read there).</summary>
    public byte ClaimAt(int offset) => InRange(offset) ? _claims[offset - _start] : Unclaimed;

    public int RegionAt(int offset) => InRange(offset) ? _regions[offset - _start] : -1;

    /// <summary>
    /// The instruction the traversal decoded at <paramref name="offset"/> (the same bytes decoded at the same address, so the
    /// same as decoding them again) and the region owning it. The offset must be one <see cref="RangeClaims"/> marks as an
    /// instruction start, which the caller has read (a pass in address order): only those have a slot.
    /// </summary>
    public ref readonly X86Instruction DecodedAtStart(int offset, out int region)
    {
        int at = offset - _start;
        region = _regions[at];
        return ref _decoded[_slots[at]];
    }

    /// <summary>
    /// The claims of the range, from its start (what <see cref="ClaimAt"/> reads): a pass in address order reads them
    /// directly instead of through a bounds check per byte.
    /// </summary>
    public ReadOnlySpan<byte> RangeClaims => _claims.AsSpan(0, _end - _start);

    public bool IsJoin(int offset) => InRange(offset) && _joins[offset - _start] != 0;

    private bool InRange(int offset) => (uint)(offset - _start) < (uint)(_end - _start);

    /// <summary>
    /// True when every branch to <paramref name="offset"/> is a direct branch from a lower address (so a
    /// single pass in address order has seen all of them when it gets there); false for loop heads and
    /// jump-table targets.
    /// </summary>
    public bool IsForwardOnlyJoin(int offset) => InRange(offset) && (_joins[offset - _start] & (JoinFlag | UnorderedJoinFlag)) == JoinFlag;

    /// <summary>Direct branches (conditional or not) to <paramref name="offset"/> (exact for forward-only joins).</summary>
    public int BranchesTo(int offset) => InRange(offset) ? _joins[offset - _start] >> 2 : 0;

    /// <summary>The entry kind owning region <paramref name="region"/>.</summary>
    public CodeEntryKind RegionKind(int region) => _index.Entry(region).Kind;

    /// <summary>Entry number <paramref name="index"/> of the layout.</summary>
    public ref readonly CodeEntry Entry(int index) => ref _index.Entry(index);

    /// <summary>Index of the entry at <paramref name="offset"/>, or -1.</summary>
    public int EntryAt(int offset) => _index.EntryAt(offset);

    /// <summary>Index of the jump table starting at <paramref name="offset"/>, or -1.</summary>
    public int TableAt(int offset) => _index.TableAt(offset);

    /// <summary>
    /// Decodes everything reachable from the entries in the range given to <see cref="Begin"/>, which must stay
    /// in that range; returns the instructions decoded. Throws <see cref="CodeVerificationException"/> on the
    /// first broken rule.
    /// </summary>
    public int Traverse()
    {
        int start = _start, end = _end;
        var work = _work;
        work.Clear(); // a failed run may have left targets behind
        // Push in reverse so that entries are decoded in layout order (cheaper fall-through chains).
        for (int i = _index.EntryCount - 1; i >= 0; i--)
        {
            int at = _index.Entry(i).Offset;
            if (at >= start && at < end) work.Push((at, _index.RegionOfEntry(i)));
        }
        var range = new TraversalRange(start, end);
        int instructions = 0;
        while (work.Count > 0)
        {
            var (offset, region) = work.Pop();
            // Follow the fall-through chain directly; push branch targets.
            while (offset >= 0)
            {
                if (_claims[offset - start] == InstructionStart)
                {
                    if (_regions[offset - start] != region) Fail(offset, "code reached from two regions (fall-through or branch into another function)");
                    break;
                }
                if (_claims[offset - start] != Unclaimed)
                    Fail(offset, _claims[offset - start] == Data ? "control flow into jump-table data" : "control flow into the middle of an instruction");
                // Decoded straight into the range's list (read again by the register-flow pass): no copy.
                if (_decodedCount == _decoded.Length) GrowDecoded();
                ref var instruction = ref _decoded[_decodedCount];
                bool known = Decode(offset, ref instruction);
                if (instruction.IsInvalid) Fail(offset, "bytes do not decode to a valid instruction");
                int next = offset + instruction.Length;
                if (next > _code.Length) Fail(offset, "instruction runs past the end of the code");
                if (next > end) Fail(offset, "instruction runs into the next function range");
                ClaimBody(_claims.AsSpan(offset + 1 - start, next - offset - 1), offset);
                _claims[offset - start] = InstructionStart;
                _regions[offset - start] = region;
                _slots[offset - start] = _decodedCount++;
                instructions++;
                if (!known) CheckNew(instruction);
                // Most instructions only fall through; a lea may address a jump table, whose entries Successors follows.
                var flow = FormTraits.Of(instruction.Code).Flow;
                offset = flow == FlowControl.Next && instruction.Code != Iced.Intel.Code.Lea_r64_m
                    ? FallThrough(instruction, next, range)
                    : Successors(instruction, flow, region, next, range, work);
            }
        }
        return instructions;
    }

    private void GrowDecoded()
    {
        var larger = ArrayPool<X86Instruction>.Shared.Rent(Math.Max(1024, _decoded.Length * 2));
        _decoded.AsSpan(0, _decodedCount).CopyTo(larger);
        if (_decoded.Length > 0) ArrayPool<X86Instruction>.Shared.Return(_decoded);
        _decoded = larger;
    }

    /// <summary>The address range being traversed: every byte the traversal claims or marks lies in it.</summary>
    private readonly record struct TraversalRange(int Start, int End)
    {
        public bool Contains(long offset) => offset >= Start && offset < End;
    }

    /// <summary>
    /// Claims the bytes of an instruction after its first (<paramref name="body"/>, at most 14) unless one is claimed already.
    /// A loop: for so few bytes the vectorised span search and fill cost more than they save.
    /// </summary>
    private void ClaimBody(Span<byte> body, int offset)
    {
        for (int i = 0; i < body.Length; i++)
        {
            if (body[i] != Unclaimed) Fail(offset, "instruction overlaps another instruction or data");
            body[i] = InstructionBody;
        }
    }

    /// <summary>Pushes branch targets; returns the fall-through offset or -1. Every instruction here passed the allow-list
    /// (its rules ran before this, or when its bytes were first met), so it has <see cref="FormTraits"/>: <paramref name="flow"/>.</summary>
    private int Successors(in X86Instruction instruction, FlowControl flow, int region, int next, TraversalRange range, Stack<(int Offset, int Region)> work)
    {
        switch (flow)
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
        if (entry >= 0 && _index.Entry(entry).Kind == CodeEntryKind.TrapExit) return; // the shared trap exit
        if (entry >= 0) Fail((int)instruction.IP, "jump to an entry point (only calls may enter functions; jumps may only reach the trap exit)");
        if (!range.Contains(t)) Fail((int)instruction.IP, "branch into another function range");
        ref byte join = ref _joins[t - range.Start];
        join |= t > (int)instruction.IP ? JoinFlag : (byte)(JoinFlag | UnorderedJoinFlag);
        if (join >> 2 == MaxBranches) join |= UnorderedJoinFlag;
        else join += BranchStep;
        work.Push((t, region));
    }

    private void CallTarget(in X86Instruction instruction)
    {
        ulong target = instruction.NearBranchTarget;
        if (target >= (ulong)_code.Length) Fail((int)instruction.IP, "call target outside the module's code");
        int entry = EntryAt((int)target);
        if (entry < 0 || _index.Entry(entry).Kind != CodeEntryKind.Function)
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
            _joins[target - range.Start] |= JoinFlag | UnorderedJoinFlag;
            work.Push(((int)target, region));
        }
    }

    public void Fail(int offset, string reason) => throw new CodeVerificationException(offset, Describe(offset), reason);

    /// <summary>The instruction at <paramref name="offset"/> as text, or its bytes when it does not decode.</summary>
    public string Describe(int offset) => _index.Describe(offset);

    public void Dispose()
    {
        Release();
        var cache = Interlocked.Exchange(ref _cache, null);
        if (cache is not null)
        {
            DecodeCache.Return(cache);
            _index.RemoveUser();
        }
    }

    private void Release()
    {
        if (_claims.Length == 0) return;
        ArrayPool<byte>.Shared.Return(_claims);
        ArrayPool<int>.Shared.Return(_regions);
        ArrayPool<byte>.Shared.Return(_joins);
        ArrayPool<int>.Shared.Return(_slots);
        _claims = [];
        _regions = [];
        _joins = [];
        _slots = [];
        if (_decoded.Length > 0) ArrayPool<X86Instruction>.Shared.Return(_decoded);
        _decoded = [];
    }
}
