using X86Instruction = Iced.Intel.Instruction;
using Iced.Intel;

namespace TenantDb.ProcSandbox.Compiler.Verification;

/// <summary>
/// SAFETY-CRITICAL. A forward pass over every function region in address order that tracks where
/// each general register's value comes from (<see cref="RegisterValue"/>), the stack pointer's
/// offset from the frame, and which comparison the next conditional branch decides. Straight-line
/// facts flow along fall-through only; at every branch target the state is reset to the join
/// invariant (r15 = own context, r14 = its memory base, rsp = rbp - frame, and in a function whose
/// prologue loaded the memory size into a register, that register holding a memory limit) and every
/// branch source must satisfy that invariant. This is enough because every sequence the safety of an
/// access or indirect branch depends on (bounds check then access, table checks then call, save
/// context then call then restore, br_table index check then jump) is straight-line code.
///
/// The boundary regions (entry trampoline, trap exit, host adapters) are fixed code independent of
/// the module: they pass the per-instruction rules and must match their pinned copy (<see cref="BoundaryCode"/>).
/// </summary>
internal static partial class RegisterFlow
{
    /// <summary>Largest frame a function may reserve (50,000 locals + slots, rounded up generously).</summary>
    private const long MaxFrameBytes = 16L << 20;

    /// <param name="map">The traversed code.</param>
    /// <param name="start">Start of the range to check (the range <paramref name="map"/> has traversed).</param>
    /// <param name="rangeEnd">End of the range.</param>
    /// <param name="observe">Called with each function instruction's offset and the state the pass proved
    /// before it (tests compare these claims with concrete executions); null in production.</param>
    public static void Check(CodeMap map, int start, int rangeEnd, Action<int, FlowState>? observe = null)
    {
        var frames = map.Frames;
        var limits = map.MemoryLimits;
        var slacks = map.MemoryLimitSlacks;
        // The map's own, kept for its next range: the state is reset at the range's first function instruction (an
        // entry or a branch target, or the pass fails there), the context's facts here.
        var state = map.FlowState;
        var context = map.FlowContext;
        context.Reset();
        var boundary = new BoundaryCode(map);
        bool fallsThrough = false;
        int previousRegion = -1;
        int offset = start;
        var claims = map.RangeClaims;
        if (claims.Length != rangeEnd - start) throw new ArgumentException("the range checked is not the range traversed", nameof(rangeEnd));
        while (offset < rangeEnd)
        {
            if (claims[offset - start] != CodeMap.InstructionStart)
            {
                // Data or unreachable bytes: nothing falls through them to the next instruction start.
                int skip = claims[(offset - start)..].IndexOf(CodeMap.InstructionStart);
                offset = skip < 0 ? rangeEnd : offset + skip;
                fallsThrough = false;
                continue;
            }
            // The traversal decoded every reachable instruction once; its copy is read here in address order.
            ref readonly var instruction = ref map.DecodedAtStart(offset, out int region);
            int end = offset + instruction.Length;
            if (map.RegionKind(region) != CodeEntryKind.Function)
            {
                boundary.Add(region, instruction);
                fallsThrough = false;
                offset = end;
                continue;
            }
            if (map.EntryAt(offset) >= 0)
            {
                state.ResetToEntry();
            }
            else if (fallsThrough && previousRegion == region)
            {
                if (map.IsJoin(offset))
                {
                    RequireJoinInvariant(state, frames[region], limits[region], slacks[region], instruction, map, "falls through into a branch target");
                    var fallThrough = state.Division;
                    state.ResetToJoin(frames[region], limits[region], slacks[region]);
                    state.Division = JoinedDivisionFacts(map, context, offset, fallThrough, true);
                }
            }
            else if (map.IsJoin(offset))
            {
                if (frames[region] < 0) map.Fail(offset, "branch target before its function's prologue");
                state.ResetToJoin(frames[region], limits[region], slacks[region]);
                state.Division = JoinedDivisionFacts(map, context, offset, default, false);
            }
            else
            {
                map.Fail(offset, "instruction reached neither by fall-through nor by a branch");
            }
            observe?.Invoke(offset, state);
            context.Region = region;
            context.Frame = frames[region];
            context.MemoryLimit = limits[region];
            context.MemoryLimitSlack = slacks[region];
            context.Parameters = map.Entry(region).ParameterCount;
            Transfer(instruction, state, context);
            if (context.Frame != frames[region]) frames[region] = context.Frame;
            limits[region] = context.MemoryLimit;
            slacks[region] = context.MemoryLimitSlack;
            fallsThrough = FormTraits.Of(instruction.Code).FallsThrough;
            previousRegion = region;
            offset = end;
        }
        boundary.Verify();
    }

    /// <summary>
    /// Division facts at a branch target: what holds on every incoming edge when all of them are forward
    /// branches already passed (plus the fall-through), nothing at loop heads and jump-table targets.
    /// </summary>
    private static DivisionFacts JoinedDivisionFacts(CodeMap map, FlowContext context, int offset, in DivisionFacts fallThrough, bool fallsThrough)
    {
        if (!map.IsForwardOnlyJoin(offset) || !context.ForwardEdges.Remove(offset, out var edges)) return default;
        // Every branch to here must have been met in: a path the pass did not record would be unaccounted for.
        if (edges.Count != map.BranchesTo(offset)) return default;
        return fallsThrough ? DivisionFacts.Meet(edges.Facts, fallThrough) : edges.Facts;
    }

    /// <summary>At a branch (or fall-through into a target): the state every branch target assumes.</summary>
    private static void RequireJoinInvariant(FlowState state, long frame, Register memoryLimit, int limitSlack, in X86Instruction instruction, CodeMap map, string what)
    {
        int at = (int)instruction.IP;
        if (state.PrologueStep < 6 && instruction.FlowControl != FlowControl.ConditionalBranch) map.Fail(at, what + " inside the prologue");
        if (state[Register.R15].Kind != ValueKind.Context) map.Fail(at, what + " while r15 does not hold the function's own context");
        if (state[Register.R14].Kind != ValueKind.MemoryBase) map.Fail(at, what + " while r14 does not hold the own memory base");
        if (!state.RspKnown || state.RspOffset != -frame) map.Fail(at, what + " with a stack depth other than the frame's");
        if (memoryLimit != Register.None && state[memoryLimit] != new RegisterValue(ValueKind.MemoryLimit, limitSlack))
            map.Fail(at, what + $" while {memoryLimit} does not hold the memory size (less its slack) the function's prologue loaded into it");
    }
}

/// <summary>Per-region facts the transfer function needs.</summary>
internal sealed class FlowContext(CodeMap map)
{
    public CodeMap Map { get; } = map;
    public int Region;
    /// <summary>Frame bytes set by the region's prologue (-1 before it).</summary>
    public long Frame;
    /// <summary>The register the region's prologue loaded the memory size into, part of its join invariant (or None).</summary>
    public Register MemoryLimit;
    /// <summary>What the region's prologue subtracted from the memory size in <see cref="MemoryLimit"/> (0 for none).</summary>
    public int MemoryLimitSlack;
    public int Parameters;
    public long NextToken = FirstToken;
    /// <summary>Division facts met over the forward branches seen so far, by target offset.</summary>
    public Dictionary<int, (DivisionFacts Facts, int Count)> ForwardEdges { get; } = [];

    /// <summary>Table-entry tokens start above every import slot's.</summary>
    private const long FirstToken = 1L << 32;

    /// <summary>Forgets the previous range's facts (the per-instruction fields are set before every use).</summary>
    public void Reset()
    {
        NextToken = FirstToken;
        ForwardEdges.Clear();
    }
}
