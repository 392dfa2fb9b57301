using Iced.Intel;

namespace TenantDb.ProcSandbox.Compiler.Verification;

/// <summary>
/// SAFETY-CRITICAL. An independent check of a module's machine code before it becomes executable,
/// decoding it again with Iced and trusting nothing of the compiler but the list of entry points,
/// jump tables and the context layout (<see cref="CodeLayout"/>). See docs/reliability/verifier.md.
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
    /// <summary>Throws <see cref="CodeVerificationException"/> when the code breaks a rule.</summary>
    public static VerificationStats Verify(byte[] code, CodeLayout layout) => Verify(code, layout, null);

    /// <summary>As <see cref="Verify(byte[], CodeLayout)"/>, reporting the register-flow state proven before each function instruction.</summary>
    internal static VerificationStats Verify(byte[] code, CodeLayout layout, Action<int, FlowState>? observe)
    {
        using var map = new CodeMap(code, layout);
        map.Traverse();
        int dead = CheckUnreachable(map, out int dataBytes);
        RegisterFlow.Check(map, observe);
        int functions = 0;
        foreach (var entry in layout.Entries)
        {
            if (entry.Kind == CodeEntryKind.Function) functions++;
        }
        return new VerificationStats(functions, map.Instructions, dead, dataBytes);
    }

    /// <summary>Linear sweep over every unclaimed run of bytes; returns the instructions found.</summary>
    private static int CheckUnreachable(CodeMap map, out int dataBytes)
    {
        int dead = 0;
        dataBytes = 0;
        var code = map.Code;
        var reader = new ByteArrayCodeReader(code);
        var decoder = Decoder.Create(64, reader, DecoderOptions.None);
        int offset = 0;
        while (offset < code.Length)
        {
            byte claim = map.ClaimAt(offset);
            if (claim != CodeMap.Unclaimed)
            {
                if (claim == CodeMap.Data) dataBytes++;
                offset++;
                continue;
            }
            decoder.IP = (ulong)offset;
            reader.Position = offset;
            decoder.Decode(out var instruction);
            if (instruction.IsInvalid) map.Fail(offset, "unreachable bytes do not decode to a valid instruction");
            int end = offset + instruction.Length;
            for (int b = offset + 1; b < end; b++)
            {
                if (b >= code.Length || map.ClaimAt(b) != CodeMap.Unclaimed)
                    map.Fail(offset, "unreachable bytes overlap reachable code or data");
            }
            InstructionRules.CheckStateless(instruction, map);
            if (instruction.FlowControl is FlowControl.ConditionalBranch or FlowControl.UnconditionalBranch or FlowControl.Call
                && instruction.NearBranchTarget >= (ulong)code.Length)
                map.Fail(offset, "branch target outside the module's code");
            dead++;
            offset = end;
        }
        return dead;
    }
}
