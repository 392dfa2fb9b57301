using Iced.Intel;
using TenantDb.ProcSandbox.Runtime.Native;
using static Iced.Intel.AssemblerRegisters;

namespace TenantDb.ProcSandbox.Tests.Verifier;

/// <summary>
/// Scalar float arithmetic whose source is a linear-memory operand (<c>mulsd xmm0, [r14+rcx]</c>, what the code
/// generator emits for a load feeding an op): the operand is judged like a load's, so it is accepted exactly when
/// its index is bounds-checked for the bytes the op reads, and every unchecked or under-checked variant is rejected.
/// </summary>
public class MemoryOperandArithmeticTests
{
    private static void AssertRejected(Action<HandMadeModule> body, string reason)
    {
        var e = HandMadeModule.Rejection(body);
        Assert.Contains(reason, e.Reason, StringComparison.OrdinalIgnoreCase);
    }

    private static void CheckEight(HandMadeModule m)
    {
        m.Asm.add(esi, edi); // a 32-bit write: upper half zero
        m.Asm.add(rsi, 8);
        m.Asm.cmp(rsi, __qword_ptr[r15 + VmContextLayout.MemorySize]);
        m.Asm.ja(m.TrapStub);
    }

    [Fact]
    public void Arithmetic_on_a_checked_operand_is_accepted() => HandMadeModule.Verify(m =>
    {
        CheckEight(m);
        m.Asm.mulsd(xmm0, __qword_ptr[r14 + rsi - 8]);
        m.Asm.addsd(xmm0, __qword_ptr[r14 + rsi - 8]);
        m.Asm.subss(xmm1, __dword_ptr[r14 + rsi - 4]);
        m.Asm.divsd(xmm1, __qword_ptr[r14 + rsi - 8]);
    });

    [Fact]
    public void Arithmetic_on_an_operand_never_compared_with_the_memory_size() => AssertRejected(m =>
    {
        m.Asm.add(esi, edi);
        m.Asm.mulsd(xmm0, __qword_ptr[r14 + rsi]);
    }, "not bounds-checked");

    [Fact]
    public void Arithmetic_on_an_operand_whose_index_may_carry_upper_bits() => AssertRejected(m =>
    {
        m.Asm.add(rsi, rdi); // 64-bit: not an i32 address
        m.Asm.add(rsi, 8);
        m.Asm.cmp(rsi, __qword_ptr[r15 + VmContextLayout.MemorySize]);
        m.Asm.ja(m.TrapStub);
        m.Asm.addsd(xmm0, __qword_ptr[r14 + rsi - 8]);
    }, "not bounds-checked");

    [Fact]
    public void Arithmetic_reading_past_what_was_checked() => AssertRejected(m =>
    {
        m.Asm.add(esi, edi);
        m.Asm.add(rsi, 4);
        m.Asm.cmp(rsi, __qword_ptr[r15 + VmContextLayout.MemorySize]);
        m.Asm.ja(m.TrapStub);
        m.Asm.mulsd(xmm0, __qword_ptr[r14 + rsi - 4]); // 8 bytes where 4 were checked
    }, "not inside");

    [Fact]
    public void Arithmetic_on_an_operand_at_a_displacement_past_the_checked_end() => AssertRejected(m =>
    {
        CheckEight(m);
        m.Asm.divsd(xmm0, __qword_ptr[r14 + rsi]);
    }, "not inside");

    [Fact]
    public void A_checked_operand_does_not_survive_a_branch_target() => AssertRejected(m =>
    {
        var join = m.Asm.CreateLabel();
        CheckEight(m);
        m.Asm.jmp(join);
        m.Asm.Label(ref join);
        m.Asm.subsd(xmm0, __qword_ptr[r14 + rsi - 8]);
    }, "not bounds-checked");
}
