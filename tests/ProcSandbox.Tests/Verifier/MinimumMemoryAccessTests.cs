using Iced.Intel;
using TenantDb.ProcSandbox.Compiler.Verification;
using static Iced.Intel.AssemblerRegisters;

namespace TenantDb.ProcSandbox.Tests.Verifier;

/// <summary>
/// Linear-memory accesses without a compare: a constant address ([r14 + d]) or an index masked by <c>and r32, mask</c> (maybe
/// shifted left), accepted exactly when the whole access lies below the memory's minimum size (65,536 bytes here), which the
/// memory never goes under; everything that could reach past it, or whose bound the pass cannot see, is rejected.
/// </summary>
public class MinimumMemoryAccessTests
{
    private static void AssertRejected(Action<HandMadeModule> body, string reason)
    {
        var e = HandMadeModule.Rejection(body);
        Assert.Contains(reason, e.Reason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_masked_index_is_accepted()
    {
        HandMadeModule.Verify(m =>
        {
            m.Asm.and(esi, 0xFF);
            m.Asm.mov(eax, __dword_ptr[r14 + rsi + 8]);
        });
    }

    [Fact]
    public void A_masked_and_shifted_index_reaching_exactly_the_minimum_size_is_accepted()
    {
        HandMadeModule.Verify(m =>
        {
            m.Asm.and(esi, 0x3FF);
            m.Asm.shl(esi, 2); // at most 4092
            m.Asm.mov(eax, __dword_ptr[r14 + rsi + 0xF000]); // 4092 + 0xF000 + 4 = 65536
        });
    }

    [Fact]
    public void One_byte_past_the_minimum_size_is_rejected() => AssertRejected(m =>
    {
        m.Asm.and(esi, 0x3FF);
        m.Asm.shl(esi, 2);
        m.Asm.mov(eax, __dword_ptr[r14 + rsi + 0xF001]);
    }, "not inside the memory's minimum size");

    [Fact]
    public void A_32_bit_copy_keeps_the_bound()
    {
        HandMadeModule.Verify(m =>
        {
            m.Asm.and(esi, 0x7F);
            m.Asm.mov(edi, esi);
            m.Asm.mov(__byte_ptr[r14 + rdi], 1);
        });
    }

    [Fact]
    public void A_negative_8_bit_mask_bounds_nothing_useful() => AssertRejected(m =>
    {
        m.Asm.and(esi, -16); // 0xFFFFFFF0
        m.Asm.mov(eax, __dword_ptr[r14 + rsi]);
    }, "not inside the memory's minimum size");

    [Fact]
    public void A_64_bit_and_is_not_taken_as_a_mask() => AssertRejected(m =>
    {
        m.Asm.and(rsi, 0xFF);
        m.Asm.mov(eax, __dword_ptr[r14 + rsi]);
    }, "bounds-checked");

    [Fact]
    public void A_shift_that_may_push_bits_out_loses_the_bound() => AssertRejected(m =>
    {
        m.Asm.and(esi, 0x7FFFFFFF);
        m.Asm.shl(esi, 4); // wraps: only zero-extended now
        m.Asm.mov(eax, __dword_ptr[r14 + rsi]);
    }, "bounds-checked");

    [Fact]
    public void Arithmetic_after_the_mask_loses_the_bound() => AssertRejected(m =>
    {
        m.Asm.and(esi, 0xFF);
        m.Asm.add(esi, edi);
        m.Asm.mov(eax, __dword_ptr[r14 + rsi]);
    }, "bounds-checked");

    [Fact]
    public void A_masked_index_does_not_survive_a_branch_target() => AssertRejected(m =>
    {
        var join = m.Asm.CreateLabel();
        m.Asm.and(esi, 0xFF);
        m.Asm.jmp(join);
        m.Asm.Label(ref join);
        m.Asm.mov(eax, __dword_ptr[r14 + rsi]);
    }, "bounds-checked");

    [Fact]
    public void A_negative_displacement_from_a_masked_index_is_rejected() => AssertRejected(m =>
    {
        m.Asm.and(esi, 0xFF);
        m.Asm.mov(eax, __dword_ptr[r14 + rsi - 1]);
    }, "not inside the memory's minimum size");

    [Fact]
    public void A_scaled_masked_index_is_rejected() => AssertRejected(m =>
    {
        m.Asm.and(esi, 0xFF);
        m.Asm.mov(eax, __dword_ptr[r14 + rsi * 4]);
    }, "bounds-checked");

    [Fact]
    public void A_constant_address_below_the_minimum_size_is_accepted()
    {
        HandMadeModule.Verify(m =>
        {
            m.Asm.mov(eax, __dword_ptr[r14 + 0xFFFC]);
            m.Asm.mov(__qword_ptr[r14], rax);
        });
    }

    [Theory]
    [InlineData(0xFFFD)] // 4 bytes from 65533 reach 65537
    [InlineData(-4)]
    public void A_constant_address_outside_the_minimum_size_is_rejected(int displacement) =>
        AssertRejected(m => m.Asm.mov(eax, __dword_ptr[r14 + displacement]), "bounds-checked");

    [Fact]
    public void Without_a_minimum_size_nothing_is_unchecked()
    {
        var module = new HandMadeModule(minimumMemoryBytes: 0);
        var (code, layout) = module.Build(m =>
        {
            m.Asm.and(esi, 0);
            m.Asm.movzx(eax, __byte_ptr[r14 + rsi]);
        });
        var e = Assert.Throws<CodeVerificationException>(() => CodeVerifier.Verify(code, layout));
        Assert.Contains("minimum size", e.Reason);
    }
}
