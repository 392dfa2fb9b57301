using TenantDb.ProcSandbox.Compiler.Verification;
using static Iced.Intel.AssemblerRegisters;

namespace TenantDb.ProcSandbox.Tests.Verifier;

/// <summary>
/// Bytes no control flow reaches (between an unconditional jump and its target) are swept linearly: they must
/// decode, pass the per-instruction rules and end exactly where reachable code or data begins; declared data is
/// counted, not decoded.
/// </summary>
public class UnreachableBytesTests
{
    /// <summary>jmp over <paramref name="dead"/> to a bounds-checked load.</summary>
    private static Action<HandMadeModule> JumpOver(byte[] dead) => m =>
    {
        var after = m.Asm.CreateLabel();
        m.Asm.jmp(after);
        m.Asm.db(dead);
        m.Asm.Label(ref after);
        m.CheckedLoad(eax);
    };

    [Fact]
    public void Allowed_unreachable_instructions_are_accepted_and_counted()
    {
        // mov eax, ecx; mov eax, ecx: two allowed instructions nothing reaches.
        var stats = HandMadeModule.Verify(JumpOver([0x89, 0xC8, 0x89, 0xC8]));
        Assert.Equal(2, stats.DeadInstructions);
    }

    [Fact]
    public void A_forbidden_unreachable_instruction_is_rejected() =>
        Assert.Contains("system call", HandMadeModule.Rejection(JumpOver([0x0F, 0x05])).Reason, StringComparison.OrdinalIgnoreCase);

    [Fact]
    public void Unreachable_bytes_that_do_not_decode_are_rejected() =>
        // 0x06 (push es) does not exist in 64-bit mode.
        Assert.Contains("do not decode", HandMadeModule.Rejection(JumpOver([0x06])).Reason);

    [Fact]
    public void An_unreachable_instruction_running_into_reachable_code_is_rejected() =>
        // mov rax, imm64 needs eight immediate bytes: the last six are the reachable load after it.
        Assert.Contains("overlap reachable code", HandMadeModule.Rejection(JumpOver([0x48, 0xB8, 0, 0])).Reason);

    [Fact]
    public void Declared_data_bytes_are_counted_and_not_decoded()
    {
        // An unreferenced table of three entries whose bytes (0x0F 0x05: syscall) would be rejected as code.
        var stats = HandMadeModule.Verify(m =>
        {
            m.RawJumpTable(0x050F, 0x050F, 0x050F);
            m.CheckedLoad(eax);
        });
        Assert.Equal(12, stats.DataBytes);
        Assert.Equal(0, stats.DeadInstructions);
    }
}
