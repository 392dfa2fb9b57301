using Iced.Intel;
using TenantDb.ProcSandbox.Runtime.Native;
using static Iced.Intel.AssemblerRegisters;

namespace TenantDb.ProcSandbox.Tests.Verifier;

/// <summary>
/// Hand-built sequences that an earlier, unsound verifier accepted: each reads outside linear memory,
/// jumps through a table far away, hands the host a forged context, or faults in the host (#DE),
/// when run with the register values named in its comment. Each one next to the accepted
/// sequence the compiler really emits.
/// </summary>
public class VerifierSoundnessTests
{
    private const int Below = 0x1_0000;

    private static void AssertRejected(Action<HandMadeModule> body, string reason)
    {
        var e = HandMadeModule.Rejection(body);
        Assert.Contains(reason, e.Reason, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>r11 = rcx + 64 KiB checked against the memory size, then read 64 KiB below it: fine only if rcx >= 0 as a 64-bit value.</summary>
    private static void ReadBelowThroughRcx(HandMadeModule m)
    {
        m.Asm.add(rcx, Below);
        m.Asm.mov(r11, rcx);
        m.Asm.cmp(r11, __qword_ptr[r15 + VmContextLayout.MemorySize]);
        m.Asm.ja(m.TrapStub);
        m.Asm.mov(eax, __dword_ptr[r14 + r11 - Below]);
    }

    /// <summary>The compiler's i32.div_u with its divisor in ecx and dividend in esi.</summary>
    private static void CheckedUnsignedDivision(HandMadeModule m)
    {
        m.Asm.test(ecx, ecx);
        m.Asm.je(m.TrapStub);
        m.Asm.mov(eax, esi);
        m.Asm.xor(edx, edx);
        m.Asm.div(ecx);
    }

    [Fact]
    public void Div_does_not_write_its_divisor_so_it_is_not_zero_extended() => AssertRejected(m =>
    {
        m.Asm.mov(rcx, __qword_ptr[rbp + 16]); // rcx = -1000: ecx is non-zero, the division is fine, rcx stays negative
        CheckedUnsignedDivision(m);
        ReadBelowThroughRcx(m);                 // reads 1,000 bytes below the memory base
    }, "not bounds-checked");

    [Fact]
    public void A_32_bit_mov_after_the_division_zero_extends_and_is_accepted() => HandMadeModule.Verify(m =>
    {
        m.Asm.mov(rcx, __qword_ptr[rbp + 16]);
        CheckedUnsignedDivision(m);
        m.Asm.mov(ecx, ecx);
        ReadBelowThroughRcx(m);
    });

    [Theory]
    [InlineData("bsf")]
    [InlineData("bsr")]
    [InlineData("tzcnt")]
    [InlineData("lzcnt")]
    [InlineData("cmove")]
    public void A_32_bit_write_that_may_not_happen_keeps_the_upper_half(string form) => AssertRejected(m =>
    {
        m.Asm.mov(rcx, __qword_ptr[rbp + 16]); // rcx = -1000
        m.Asm.xor(eax, eax);
        switch (form)                           // with eax = 0 (or ZF clear) rcx is left as it was
        {
            case "bsf": m.Asm.bsf(ecx, eax); break;
            case "bsr": m.Asm.bsr(ecx, eax); break;
            case "tzcnt": m.Asm.tzcnt(ecx, eax); break; // bsf on a CPU without BMI1
            case "lzcnt": m.Asm.lzcnt(ecx, eax); break; // bsr on a CPU without LZCNT
            default: m.Asm.cmove(ecx, eax); break;
        }
        ReadBelowThroughRcx(m);
    }, "not bounds-checked");

    [Theory]
    [InlineData("bsf")]
    [InlineData("setcc")]
    [InlineData("mov8")]
    [InlineData("btr")]
    public void A_write_that_keeps_the_upper_half_of_a_zero_extended_value_stays_zero_extended(string form) => HandMadeModule.Verify(m =>
    {
        m.Asm.mov(ecx, __dword_ptr[rbp + 16]);
        switch (form)
        {
            case "bsf": m.Asm.bsf(ecx, eax); break;
            case "setcc": m.Asm.sete(cl); break;
            case "mov8": m.Asm.mov(cl, al); break;
            default: m.Asm.btr(ecx, 3); break;
        }
        ReadBelowThroughRcx(m);
    });

    [Theory]
    [InlineData("setcc")]
    [InlineData("mov8")]
    [InlineData("btr")]
    [InlineData("shl")]
    public void A_partial_write_does_not_zero_extend(string form) => AssertRejected(m =>
    {
        m.Asm.mov(rcx, __qword_ptr[rbp + 16]);
        switch (form)
        {
            case "setcc": m.Asm.sete(cl); break;
            case "mov8": m.Asm.mov(cl, al); break;
            case "btr": m.Asm.btr(ecx, 3); break;
            default: m.Asm.shl(ecx, cl); break; // a count of 0 (cl & 31 == 0) leaves rcx as it was
        }
        ReadBelowThroughRcx(m);
    }, "not bounds-checked");

    [Fact]
    public void Jump_table_index_whose_upper_half_survived_a_bsf_is_rejected() => AssertRejected(m =>
    {
        Label[] targets = [m.Asm.CreateLabel(), m.Asm.CreateLabel()];
        var done = m.Asm.CreateLabel();
        var table = m.JumpTable(targets);
        m.Asm.mov(r10, __qword_ptr[rbp + 16]); // r10 = 2^32: r10d = 0 passes the check, [r11 + r10*4] is 16 GiB away
        m.Asm.xor(eax, eax);
        m.Asm.bsf(r10d, eax);
        m.Asm.cmp(r10d, 2);
        m.Asm.jae(done);
        m.Asm.lea(r11, __[table]);
        m.Asm.movsxd(r10, __dword_ptr[r11 + r10 * 4]);
        m.Asm.add(r10, r11);
        m.Asm.jmp(r10);
        m.Asm.Label(ref targets[0]);
        m.Asm.nop();
        m.Asm.Label(ref targets[1]);
        m.Asm.nop();
        m.Asm.Label(ref done);
        m.Asm.nop();
    }, "index checked");

    [Fact]
    public void Jump_table_index_that_was_a_divisor_is_rejected() => AssertRejected(m =>
    {
        Label[] targets = [m.Asm.CreateLabel()];
        var done = m.Asm.CreateLabel();
        var table = m.JumpTable(targets);
        m.Asm.mov(r10, __qword_ptr[rbp + 16]);
        m.Asm.test(r10d, r10d);
        m.Asm.je(m.TrapStub);
        m.Asm.xor(edx, edx);
        m.Asm.mov(eax, esi);
        m.Asm.div(r10d);
        m.Asm.cmp(r10d, 1);
        m.Asm.jae(done);
        m.Asm.lea(r11, __[table]);
        m.Asm.movsxd(r10, __dword_ptr[r11 + r10 * 4]);
        m.Asm.add(r10, r11);
        m.Asm.jmp(r10);
        m.Asm.Label(ref targets[0]);
        m.Asm.nop();
        m.Asm.Label(ref done);
        m.Asm.nop();
    }, "index checked");

    private static void GrowCall(HandMadeModule m, Action setRdi)
    {
        m.Asm.mov(esi, 1);
        setRdi();
        m.Asm.mov(r12, rsp);
        m.Asm.and(rsp, -16);
        m.Asm.call(__qword_ptr[r15 + VmContextLayout.MemoryGrowFn]);
        m.Asm.mov(rsp, r12);
    }

    [Fact]
    public void Memory_grow_with_the_memory_base_as_context_is_rejected() =>
        AssertRejected(m => GrowCall(m, () => m.Asm.mov(rdi, r14)), "own context in rdi");

    [Fact]
    public void Memory_grow_with_a_context_read_from_linear_memory_is_rejected() => AssertRejected(m => GrowCall(m, () =>
    {
        m.CheckedLoad(eax);
        m.Asm.mov(edi, __dword_ptr[r14 + r11 - 4]);
    }), "own context in rdi");

    [Fact]
    public void Memory_grow_as_the_compiler_emits_it_is_accepted() => HandMadeModule.Verify(m => GrowCall(m, () => m.Asm.mov(rdi, r15)));

    [Fact]
    public void Div_without_a_zero_test_is_rejected() => AssertRejected(m =>
    {
        m.Asm.mov(ecx, __dword_ptr[rbp + 16]);
        m.Asm.mov(eax, esi);
        m.Asm.xor(edx, edx);
        m.Asm.div(ecx);
    }, "not proven non-zero");

    [Fact]
    public void Div_whose_zero_test_covered_only_the_64_bit_register_is_rejected() => AssertRejected(m =>
    {
        m.Asm.mov(rcx, __qword_ptr[rbp + 16]); // rcx = 2^32: non-zero, ecx = 0
        m.Asm.test(rcx, rcx);
        m.Asm.je(m.TrapStub);
        m.Asm.mov(eax, esi);
        m.Asm.xor(edx, edx);
        m.Asm.div(ecx);
    }, "not proven non-zero");

    [Fact]
    public void Div_after_the_tested_divisor_was_overwritten_is_rejected() => AssertRejected(m =>
    {
        m.Asm.mov(ecx, __dword_ptr[rbp + 16]);
        m.Asm.test(ecx, ecx);
        m.Asm.je(m.TrapStub);
        m.Asm.mov(ecx, edi);
        m.Asm.mov(eax, esi);
        m.Asm.xor(edx, edx);
        m.Asm.div(ecx);
    }, "not proven non-zero");

    [Fact]
    public void Div_with_rdx_not_zeroed_is_rejected() => AssertRejected(m =>
    {
        m.Asm.mov(ecx, __dword_ptr[rbp + 16]);
        m.Asm.test(ecx, ecx);
        m.Asm.je(m.TrapStub);
        m.Asm.mov(eax, esi);
        m.Asm.div(ecx); // edx >= ecx: the quotient does not fit
    }, "rdx zeroed");

    [Fact]
    public void Division_facts_do_not_survive_a_loop_head() => AssertRejected(m =>
    {
        var head = m.Asm.CreateLabel();
        m.Asm.mov(ecx, __dword_ptr[rbp + 16]);
        m.Asm.test(ecx, ecx);
        m.Asm.je(m.TrapStub);
        m.Asm.Label(ref head);
        m.Asm.mov(eax, esi);
        m.Asm.xor(edx, edx);
        m.Asm.div(ecx);
        m.Asm.xor(ecx, ecx);
        m.Asm.cmp(esi, 3);
        m.Asm.jne(head); // the second time round ecx = 0
    }, "not proven non-zero");

    /// <summary>The compiler's i32.div_s / i64.div_s (quotient) or rem_s, divisor in rcx, dividend in rsi.</summary>
    private static void SignedDivision(HandMadeModule m, bool is64, bool remainder, bool zeroTest = true, bool minusOneTest = true, bool minTest = true, bool signExtend = true)
    {
        var normal = m.Asm.CreateLabel();
        var done = m.Asm.CreateLabel();
        m.Asm.mov(rcx, __qword_ptr[rbp + 16]);
        m.Asm.mov(rax, rsi);
        if (zeroTest)
        {
            if (is64) m.Asm.test(rcx, rcx); else m.Asm.test(ecx, ecx);
            m.Asm.je(m.TrapStub);
        }
        if (minusOneTest)
        {
            if (is64) m.Asm.cmp(rcx, -1); else m.Asm.cmp(ecx, -1);
            m.Asm.jne(normal);
            if (remainder)
            {
                m.Asm.xor(edx, edx);
                m.Asm.jmp(done);
            }
            else if (minTest)
            {
                if (is64)
                {
                    m.Asm.mov(r11, long.MinValue);
                    m.Asm.cmp(rax, r11);
                }
                else
                {
                    m.Asm.cmp(eax, int.MinValue);
                }
                m.Asm.je(m.TrapStub);
            }
        }
        m.Asm.Label(ref normal);
        if (signExtend)
        {
            if (is64) m.Asm.cqo(); else m.Asm.cdq();
        }
        if (is64) m.Asm.idiv(rcx); else m.Asm.idiv(ecx);
        m.Asm.Label(ref done);
        m.Asm.nop();
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void Signed_division_as_the_compiler_emits_it_is_accepted(bool is64, bool remainder) =>
        HandMadeModule.Verify(m => SignedDivision(m, is64, remainder));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Idiv_without_the_min_over_minus_one_check_is_rejected(bool is64) =>
        AssertRejected(m => SignedDivision(m, is64, remainder: false, minusOneTest: false), "overflow check");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Idiv_that_checks_minus_one_but_not_the_dividend_is_rejected(bool is64) =>
        AssertRejected(m => SignedDivision(m, is64, remainder: false, minTest: false), "overflow check");

    [Fact]
    public void Idiv_without_a_zero_test_is_rejected() =>
        AssertRejected(m => SignedDivision(m, is64: false, remainder: true, zeroTest: false), "not proven non-zero");

    [Fact]
    public void Idiv_without_cdq_is_rejected() =>
        AssertRejected(m => SignedDivision(m, is64: false, remainder: true, signExtend: false), "cdq/cqo");

    [Fact]
    public void Jump_to_the_trap_exit_without_a_trap_code_is_rejected() => AssertRejected(m =>
    {
        m.Asm.xor(eax, eax); // 0 reads as "returned normally" to the host
        m.Asm.jmp(m.TrapExit);
    }, "trap code");

    [Fact]
    public void Jump_to_the_trap_exit_with_an_unknown_eax_is_rejected() => AssertRejected(m =>
    {
        m.Asm.mov(eax, __dword_ptr[rbp + 16]);
        m.Asm.jmp(m.TrapExit);
    }, "trap code");
}
