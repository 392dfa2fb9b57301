using Iced.Intel;
using TenantDb.ProcSandbox.Compiler.Verification;

namespace TenantDb.ProcSandbox.Tests.Verifier;

/// <summary>
/// What the verifier's register-flow pass proved before each function instruction (recorded through
/// its observer), checked against the concrete registers of an emulated run reaching that instruction.
/// A claim is a promise about every execution, so one concrete run that contradicts it shows an unsound
/// transfer rule directly, before (and whether or not) the program goes on to use it for an escape.
/// </summary>
internal sealed class VerifierClaims
{
    /// <param name="FrameValid">False before the prologue set rbp and after leave: rbp-relative claims are not in force.</param>
    private sealed record Snapshot(RegisterValue[] Registers, DivisionFacts Division, bool RspKnown, long RspOffset, long? ContextSlot, bool FrameValid);

    private readonly Dictionary<int, Snapshot> _before = [];

    /// <summary>The observer to pass to the verifier.</summary>
    public void Record(int offset, FlowState state)
    {
        var registers = new RegisterValue[16];
        for (int i = 0; i < 16; i++) registers[i] = state[Register.RAX + i];
        _before[offset] = new Snapshot(registers, state.Division, state.RspKnown, state.RspOffset, state.ContextSlot, state.PrologueStep >= 2 && !state.AfterLeave);
    }

    /// <summary>The first claim before instruction <paramref name="offset"/> that the concrete state contradicts, or null.</summary>
    public string? Contradiction(int offset, ulong[] r, Func<ulong, ulong> readStack, CodeLayout layout, byte[] code)
    {
        if (!_before.TryGetValue(offset, out var claim)) return null;
        ulong rbp = r[Register.RBP - Register.RAX];
        for (int i = 0; i < 16; i++)
        {
            var value = claim.Registers[i];
            ulong x = r[i];
            bool holds = value.Kind switch
            {
                ValueKind.Constant => x == (ulong)value.Data,
                ValueKind.AddressEnd => x >= (ulong)value.Data && x - (ulong)value.Data <= uint.MaxValue,
                ValueKind.CheckedAddressEnd => x >= (ulong)value.Data && x <= VerifierEmulator.MemorySize,
                ValueKind.SlackCheckedAddress => x >= (ulong)value.Data && x <= VerifierEmulator.MemorySize,
                ValueKind.MemoryLimit => x + (ulong)value.Data <= VerifierEmulator.MemorySize,
                ValueKind.Context => x == VerifierEmulator.ContextBase,
                ValueKind.MemoryBase => x == VerifierEmulator.MemoryBase,
                ValueKind.FrameAddress or ValueKind.StackPointerCopy => !claim.FrameValid || x == rbp + (ulong)value.Data,
                ValueKind.JumpTable => x == VerifierEmulator.CodeBase + (ulong)layout.JumpTables[(int)value.Data].Offset,
                ValueKind.CheckedJumpIndex => x < (ulong)value.Data,
                ValueKind.MaskedIndex => x <= (ulong)value.Data,
                ValueKind.JumpDelta => IsEntry(layout, code, (int)value.Data, (long)x),
                ValueKind.JumpTarget => IsEntry(layout, code, (int)value.Data, (long)(x - VerifierEmulator.CodeBase - (ulong)layout.JumpTables[(int)value.Data].Offset)),
                _ => true, // callee, table and global values need a linked runtime; the generator never produces them
            };
            if (!holds) return $"the verifier claimed {Register.RAX + i} = {value} before {offset:X}, but it is {x:X}";
        }
        ulong rsp = r[Register.RSP - Register.RAX];
        if (claim.RspKnown && claim.FrameValid && rsp != rbp + (ulong)claim.RspOffset)
            return $"the verifier claimed rsp = rbp{claim.RspOffset:+#;-#;+0} before {offset:X}, but it is rbp{(long)(rsp - rbp):+#;-#;+0}";
        if (claim.ContextSlot is long slot && claim.FrameValid && readStack(rbp + (ulong)slot) != VerifierEmulator.ContextBase)
            return $"the verifier claimed [rbp{slot:+#;-#;+0}] holds the own context before {offset:X}";
        return DivisionContradiction(claim.Division, r, offset);
    }

    private static string? DivisionContradiction(DivisionFacts facts, ulong[] r, int offset)
    {
        for (int i = 0; i < 16; i++)
        {
            int bit = 1 << i;
            ulong x = r[i];
            uint low = (uint)x;
            string? broken =
                (facts.NonZero32 & bit) != 0 && low == 0 ? "low 32 bits non-zero" :
                (facts.NonZero64 & bit) != 0 && x == 0 ? "non-zero" :
                (facts.NotMinusOne32 & bit) != 0 && low == uint.MaxValue ? "low 32 bits != -1" :
                (facts.NotMinusOne64 & bit) != 0 && x == ulong.MaxValue ? "!= -1" :
                (facts.NotIntMin32 & bit) != 0 && low == 0x8000_0000 ? "low 32 bits != int.MinValue" :
                (facts.NotIntMin64 & bit) != 0 && x == 0x8000_0000_0000_0000 ? "!= long.MinValue" :
                (facts.IdivSafe32 & bit) != 0 && low == uint.MaxValue && (uint)r[0] == 0x8000_0000 ? "safe as a 32-bit idiv divisor" :
                (facts.IdivSafe64 & bit) != 0 && x == ulong.MaxValue && r[0] == 0x8000_0000_0000_0000 ? "safe as a 64-bit idiv divisor" :
                null;
            if (broken is not null) return $"the verifier claimed {Register.RAX + i} {broken} before {offset:X}, but it is {x:X} (rax {r[0]:X})";
        }
        return null;
    }

    private static bool IsEntry(CodeLayout layout, byte[] code, int table, long value)
    {
        var range = layout.JumpTables[table];
        for (int i = 0; i < range.EntryCount; i++)
        {
            if (BitConverter.ToInt32(code, range.Offset + 4 * i) == value) return true;
        }
        return false;
    }
}
