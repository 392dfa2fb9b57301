using Iced.Intel;
using X86Instruction = Iced.Intel.Instruction;
using TenantDb.ProcSandbox.Concurrency;

namespace TenantDb.ProcSandbox.Compiler.Verification;

/// <summary>
/// SAFETY-CRITICAL. An independent check of a module's machine code before it becomes executable,
/// decoding it again with Iced and trusting nothing of the compiler but the list of entry points,
/// jump tables and the context layout (<see cref="CodeLayout"/>). See docs/reliability/verifier.md.
///
/// The code is checked in address ranges that start at function entries and hold everything reached from
/// their entries (<see cref="CodeIndex.Ranges"/>); ranges are independent and verified on several threads,
/// each run with per-byte state of its own, so a range a descheduled thread is still in is verified again
/// by the caller instead of waited for.
///
/// 1. Reachability (<see cref="CodeMap"/>): recursive traversal from every entry point, following
///    fall-through, direct branches, direct calls and jump-table entries. Every reachable byte is
///    decoded exactly once as part of one instruction; instructions never overlap each other or
///    the jump tables; direct branches land on an instruction start of the same region (function),
///    or on the trap exit; direct calls land on function entries.
/// 2. Per instruction (<see cref="InstructionRules"/>): the deny-list (clear errors for syscall,
///    int, privileged, I/O, far transfers, segment overrides...), then the allow-list of forms the
///    compiler emits, then the shape of every memory operand.
/// 3. Register flow (<see cref="RegisterFlow"/>): a forward pass per region tracking where each
///    register's value comes from, so that addresses and indirect branch targets are justified.
/// 4. Unreachable bytes (e.g. an epilogue after a trailing <c>unreachable</c>) are never executed,
///    since every way into the code was followed above; they are still decoded by linear sweep and
///    must pass the per-instruction checks and end exactly on a reachable instruction or the end,
///    so even a missed edge could only reach allow-listed instructions.
/// </summary>
internal static class CodeVerifier
{
    /// <summary>
    /// Bytes of code per verification range (see <see cref="CodeIndex.Ranges"/>): fixed, so that what is accepted and
    /// which error is reported depend on the code alone, never on the number of threads. Small enough that the last
    /// range to finish keeps the other threads waiting little (a megabyte of code is some thirty ranges), large enough
    /// that a range's set-up is a small part of it.
    /// </summary>
    internal const int RangeBytes = 32 * 1024;

    /// <summary>Throws <see cref="CodeVerificationException"/> when the code breaks a rule; verifies up to <paramref name="threads"/> ranges at once.</summary>
    public static VerificationStats Verify(byte[] code, CodeLayout layout, int threads = 1) => Verify(code, layout, null, threads, RangeBytes);

    /// <summary>As <see cref="Verify(byte[], CodeLayout, int)"/> on one thread, reporting the register-flow state proven before each function instruction.</summary>
    internal static VerificationStats Verify(byte[] code, CodeLayout layout, Action<int, FlowState>? observe) => Verify(code, layout, observe, 1, RangeBytes);

    /// <summary>As <see cref="Verify(byte[], CodeLayout, int)"/> with ranges of <paramref name="rangeBytes"/> (tests use small ones).</summary>
    internal static VerificationStats Verify(byte[] code, CodeLayout layout, int threads, int rangeBytes) => Verify(code, layout, null, threads, rangeBytes);

    private static VerificationStats Verify(byte[] code, CodeLayout layout, Action<int, FlowState>? observe, int threads, int rangeBytes)
    {
        using var index = new CodeIndex(code, layout);
        int[] ranges = index.Ranges(rangeBytes);
        var totals = new RangeTotals[ranges.Length - 1];
        // Each range is traversed, swept and flow-checked on its own, with per-byte state of its own (a map per
        // thread): a range verified twice at once (the caller rerunning a descheduled helper's) gets the same
        // verdict and totals from both runs, so whichever finishes first counts.
        var work = ParallelWork<CodeMap>.Run(totals.Length, observe is null ? threads : 1, () => new CodeMap(index),
            (map, r) => totals[r] = VerifyRange(map, ranges[r], ranges[r + 1], observe), static map => map.Dispose(), rerunStragglers: true);
        work.ThrowIfFailed();
        int functions = 0;
        foreach (var entry in layout.Entries)
        {
            if (entry.Kind == CodeEntryKind.Function) functions++;
        }
        int reachable = 0, unreachable = 0, data = 0;
        foreach (var total in totals)
        {
            reachable += total.Instructions;
            unreachable += total.Dead;
            data += total.DataBytes;
        }
        return new VerificationStats(functions, reachable, unreachable, data) { HelperAllocatedBytes = work.HelperAllocatedBytes };
    }

    /// <summary>What a range holds: reachable instructions, unreachable ones, bytes of jump-table data.</summary>
    internal readonly record struct RangeTotals(int Instructions, int Dead, int DataBytes);

    /// <summary>Traverses, sweeps and flow-checks [<paramref name="start"/>, <paramref name="end"/>) with <paramref name="map"/>'s own per-byte state.</summary>
    internal static RangeTotals VerifyRange(CodeMap map, int start, int end, Action<int, FlowState>? observe = null)
    {
        map.Begin(start, end);
        int instructions = map.Traverse();
        int dead = CheckUnreachable(map, start, end, out int dataBytes);
        RegisterFlow.Check(map, start, end, observe);
        return new RangeTotals(instructions, dead, dataBytes);
    }

    /// <summary>Linear sweep over every unclaimed run of bytes in [<paramref name="start"/>, <paramref name="end"/>); returns the instructions found.</summary>
    private static int CheckUnreachable(CodeMap map, int start, int end, out int dataBytes)
    {
        int dead = 0;
        var code = map.Code;
        // The range's claims, read directly: claimed runs (nearly all of the range) are skipped by a vectorised search
        // for the next unclaimed byte instead of a bounds-checked read per byte. The sweep claims nothing, so the data
        // bytes are those marked before it.
        var claims = map.RangeClaims;
        dataBytes = claims.Count(CodeMap.Data);
        X86Instruction instruction = default;
        int offset = start;
        while (offset < end)
        {
            int unclaimed = claims[(offset - start)..].IndexOf(CodeMap.Unclaimed);
            if (unclaimed < 0) break;
            offset += unclaimed;
            bool known = map.Decode(offset, ref instruction);
            if (instruction.IsInvalid) map.Fail(offset, "unreachable bytes do not decode to a valid instruction");
            int next = offset + instruction.Length;
            // The next range starts with a function entry, which its traversal claimed: never read its bytes.
            if (next > end || claims[(offset + 1 - start)..(next - start)].ContainsAnyExcept(CodeMap.Unclaimed))
                map.Fail(offset, "unreachable bytes overlap reachable code or data");
            if (!known) map.CheckNew(instruction);
            if (instruction.FlowControl is FlowControl.ConditionalBranch or FlowControl.UnconditionalBranch or FlowControl.Call
                && instruction.NearBranchTarget >= (ulong)code.Length)
                map.Fail(offset, "branch target outside the module's code");
            dead++;
            offset = next;
        }
        return dead;
    }
}
