using Iced.Intel;
using TenantDb.ProcSandbox.Runtime.Native;
using static Iced.Intel.AssemblerRegisters;

namespace TenantDb.ProcSandbox.Tests.Verifier;

/// <summary>
/// Linear-memory accesses indexed by the value register that holds the address (the code generator does
/// this when the address was just computed by a 32-bit instruction, instead of copying it into r11): the
/// verifier accepts them exactly when the register is proven zero-extended, extended by the access's
/// reach and compared with the memory size on the path, and rejects every other index register.
/// </summary>
public class AddressRegisterTests
{
    private static void AssertRejected(Action<HandMadeModule> body, string reason)
    {
        var e = HandMadeModule.Rejection(body);
        Assert.Contains(reason, e.Reason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_checked_address_in_a_value_register_is_accepted()
    {
        HandMadeModule.Verify(m =>
        {
            m.Asm.shl(esi, 3);
            m.Asm.add(esi, edi); // a 32-bit write: upper half zero
            m.Asm.add(rsi, 8);
            m.Asm.cmp(rsi, __qword_ptr[r15 + VmContextLayout.MemorySize]);
            m.Asm.ja(m.TrapStub);
            m.Asm.movsd(xmm0, __qword_ptr[r14 + rsi - 8]);
        });
    }

    [Fact]
    public void An_address_register_written_by_a_64_bit_instruction() => AssertRejected(m =>
    {
        m.Asm.add(rsi, rdi); // may carry upper bits: not an i32 address
        m.Asm.add(rsi, 8);
        m.Asm.cmp(rsi, __qword_ptr[r15 + VmContextLayout.MemorySize]);
        m.Asm.ja(m.TrapStub);
        m.Asm.movsd(xmm0, __qword_ptr[r14 + rsi - 8]);
    }, "not bounds-checked");

    [Fact]
    public void An_address_register_never_compared_with_the_memory_size() => AssertRejected(m =>
    {
        m.Asm.add(esi, edi);
        m.Asm.add(rsi, 8);
        m.Asm.movsd(xmm0, __qword_ptr[r14 + rsi - 8]);
    }, "not bounds-checked");

    [Fact]
    public void A_checked_address_register_does_not_survive_a_branch_target() => AssertRejected(m =>
    {
        var join = m.Asm.CreateLabel();
        m.Asm.add(esi, edi);
        m.Asm.add(rsi, 8);
        m.Asm.cmp(rsi, __qword_ptr[r15 + VmContextLayout.MemorySize]);
        m.Asm.ja(m.TrapStub);
        m.Asm.jmp(join);
        m.Asm.Label(ref join);
        m.Asm.movsd(xmm0, __qword_ptr[r14 + rsi - 8]);
    }, "not bounds-checked");

    [Fact]
    public void An_access_reaching_past_what_the_value_register_checked() => AssertRejected(m =>
    {
        m.Asm.add(esi, edi);
        m.Asm.add(rsi, 4);
        m.Asm.cmp(rsi, __qword_ptr[r15 + VmContextLayout.MemorySize]);
        m.Asm.ja(m.TrapStub);
        m.Asm.movsd(xmm0, __qword_ptr[r14 + rsi - 4]); // 8 bytes where 4 were checked
    }, "not inside");

    [Theory]
    [InlineData("rbx")]
    [InlineData("r10")]
    [InlineData("rbp")]
    public void Index_registers_that_never_hold_a_wasm_address_are_rejected(string name)
    {
        var index = name switch { "rbx" => rbx, "r10" => r10, _ => rbp };
        AssertRejected(m => m.Asm.mov(eax, __dword_ptr[r14 + index - 4]), "bounds-checked index register");
    }
}
