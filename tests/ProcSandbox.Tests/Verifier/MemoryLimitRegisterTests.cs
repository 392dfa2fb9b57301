using TenantDb.ProcSandbox.Runtime.Native;
using static Iced.Intel.AssemblerRegisters;

namespace TenantDb.ProcSandbox.Tests.Verifier;

/// <summary>
/// A function whose prologue loads the memory size into a register (mov r, [r15+MemorySize] between the fuel load and
/// the stack check) may bounds-check with cmp end, r; ja trap. The verifier accepts that only while it can prove r
/// holds the size read from the context on every path: r is part of that function's join invariant (every branch and
/// fall-through into a branch target must find it there), it is forgotten at calls (also host calls, which keep r12/r13
/// but may grow the memory) and whenever r15 changes, and a load of the size after the prologue is a fact of its
/// straight-line stretch only.
/// </summary>
public class MemoryLimitRegisterTests
{
    private static void AssertRejected(string reason, Iced.Intel.AssemblerRegister64 limit, Action<HandMadeModule> body)
    {
        var e = HandMadeModule.RejectionWithMemoryLimit(limit, body);
        Assert.Contains(reason, e.Reason, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The compiler's loop shape: the check against the limit at the loop head's target, after a back edge.</summary>
    private static void CheckedLoopLoad(HandMadeModule m, Iced.Intel.AssemblerRegister64 limit, Action? beforeBackEdge = null)
    {
        var head = m.Asm.CreateLabel();
        var exit = m.Asm.CreateLabel();
        m.Asm.Label(ref head);
        m.Asm.cmp(edi, 100);
        m.Asm.jae(exit);
        m.Asm.mov(eax, edi);
        m.Asm.shl(eax, 2);
        m.Asm.add(rax, 4);
        m.Asm.cmp(rax, limit);
        m.Asm.ja(m.TrapStub);
        m.Asm.mov(ecx, __dword_ptr[r14 + rax - 4]);
        m.Asm.add(edi, 1);
        beforeBackEdge?.Invoke();
        m.Asm.jmp(head);
        m.Asm.Label(ref exit);
    }

    [Fact]
    public void A_limit_loaded_by_the_prologue_checks_accesses_across_a_loop_head() =>
        HandMadeModule.VerifyWithMemoryLimit(rsi, m => CheckedLoopLoad(m, rsi));

    [Fact]
    public void A_limit_in_a_callee_saved_register_is_accepted_as_well() =>
        HandMadeModule.VerifyWithMemoryLimit(r13, m => CheckedLoopLoad(m, r13));

    /// <summary>A call of the function itself, then the limit reloaded into rsi less <paramref name="slack"/> (no sub for 0).</summary>
    private static void CallAndReload(HandMadeModule m, int slack)
    {
        m.Asm.push(rdi);
        m.Asm.mov(__qword_ptr[r15 + VmContextLayout.Fuel], rbx);
        m.Asm.call(m.FunctionEntry);
        m.Asm.add(rsp, 8);
        m.Asm.mov(rsi, __qword_ptr[r15 + VmContextLayout.MemorySize]);
        if (slack != 0) m.Asm.sub(rsi, slack);
        m.Asm.mov(rbx, __qword_ptr[r15 + VmContextLayout.Fuel]);
    }

    [Fact]
    public void The_limit_reloaded_after_a_call_is_accepted() =>
        HandMadeModule.VerifyWithMemoryLimit(rsi, m => CheckedLoopLoad(m, rsi, () => CallAndReload(m, 0)));

    [Fact]
    public void A_compare_with_a_register_that_is_not_the_limit_proves_nothing() => AssertRejected("not bounds-checked", rsi, m =>
    {
        m.Asm.mov(eax, edi);
        m.Asm.add(rax, 4);
        m.Asm.cmp(rax, rdx); // any value, not the memory size
        m.Asm.ja(m.TrapStub);
        m.Asm.mov(ecx, __dword_ptr[r14 + rax - 4]);
    });

    [Fact]
    public void A_limit_register_changed_in_the_loop_is_rejected_at_the_next_branch() => AssertRejected("does not hold the memory size", rsi, m =>
        CheckedLoopLoad(m, rsi, () => m.Asm.add(rsi, 4096)));

    [Fact]
    public void A_limit_register_overwritten_by_a_32_bit_value_is_rejected() => AssertRejected("does not hold the memory size", rsi, m =>
        CheckedLoopLoad(m, rsi, () => m.Asm.mov(esi, edi)));

    [Fact]
    public void A_call_without_reloading_the_limit_is_rejected() => AssertRejected("does not hold the memory size", rsi, m =>
        CheckedLoopLoad(m, rsi, () =>
        {
            m.Asm.push(rdi);
            m.Asm.mov(__qword_ptr[r15 + VmContextLayout.Fuel], rbx);
            m.Asm.call(m.FunctionEntry); // may grow the memory: and clobbers rsi anyway
            m.Asm.add(rsp, 8);
            m.Asm.mov(rbx, __qword_ptr[r15 + VmContextLayout.Fuel]);
        }));

    [Fact]
    public void Memory_grow_forgets_even_a_limit_the_host_preserves() => AssertRejected("does not hold the memory size", r13, m =>
        CheckedLoopLoad(m, r13, () =>
        {
            // The compiler's memory.grow sequence: r13 survives the System V call, but the size it holds is stale.
            m.Asm.mov(esi, 1);
            m.Asm.mov(rdi, r15);
            m.Asm.mov(r12, rsp);
            m.Asm.and(rsp, -16);
            m.Asm.call(__qword_ptr[r15 + VmContextLayout.MemoryGrowFn]);
            m.Asm.mov(rsp, r12);
        }));

    [Fact]
    public void A_limit_loaded_after_the_prologue_does_not_survive_a_branch_target() => AssertRejected("not bounds-checked", rsi, m =>
    {
        // The prologue keeps its limit in rsi; rdx gets the size later, which is a fact of its stretch only.
        var join = m.Asm.CreateLabel();
        m.Asm.mov(rdx, __qword_ptr[r15 + VmContextLayout.MemorySize]);
        m.Asm.jmp(join);
        m.Asm.Label(ref join);
        m.Asm.mov(eax, edi);
        m.Asm.add(rax, 4);
        m.Asm.cmp(rax, rdx);
        m.Asm.ja(m.TrapStub);
        m.Asm.mov(ecx, __dword_ptr[r14 + rax - 4]);
    });

    [Fact]
    public void A_size_loaded_in_straight_line_code_checks_the_access_that_follows() =>
        HandMadeModule.Verify(m =>
        {
            m.Asm.mov(rdx, __qword_ptr[r15 + VmContextLayout.MemorySize]);
            m.Asm.mov(eax, edi);
            m.Asm.add(rax, 4);
            m.Asm.cmp(rax, rdx);
            m.Asm.ja(m.TrapStub);
            m.Asm.mov(ecx, __dword_ptr[r14 + rax - 4]);
        });

    [Fact]
    public void Without_the_prologue_load_a_register_is_no_limit_at_a_loop_head() =>
        Assert.Contains("not bounds-checked", HandMadeModule.Rejection(m => CheckedLoopLoad(m, rsi)).Reason, StringComparison.OrdinalIgnoreCase);

    [Fact]
    public void An_access_reaching_past_the_checked_end_is_rejected() => AssertRejected("not inside", rsi, m =>
    {
        m.Asm.mov(eax, edi);
        m.Asm.add(rax, 4);
        m.Asm.cmp(rax, rsi);
        m.Asm.ja(m.TrapStub);
        m.Asm.mov(rcx, __qword_ptr[r14 + rax - 4]); // 8 bytes where 4 were checked
    });

    [Fact]
    public void The_fuel_register_cannot_be_the_limit() =>
        Assert.Contains("standard prologue", HandMadeModule.RejectionWithMemoryLimit(rbx, m => { }).Reason, StringComparison.OrdinalIgnoreCase);

    // ---- a limit of the memory size less a slack W: sub r, W after the prologue's load ----

    /// <summary>The compiler's loop shape with a limit of size - 8: the address of an 8-byte load compared as it is.</summary>
    private static void SlackLoopLoad(HandMadeModule m, Action? afterCheck = null, Action? beforeBackEdge = null)
    {
        var head = m.Asm.CreateLabel();
        var exit = m.Asm.CreateLabel();
        m.Asm.Label(ref head);
        m.Asm.cmp(edi, 100);
        m.Asm.jae(exit);
        m.Asm.mov(eax, edi);
        m.Asm.shl(eax, 3);
        m.Asm.cmp(rax, rsi);
        m.Asm.ja(m.TrapStub);
        if (afterCheck is null) m.Asm.movsd(xmm0, __qword_ptr[r14 + rax]);
        else afterCheck();
        m.Asm.add(edi, 1);
        beforeBackEdge?.Invoke();
        m.Asm.jmp(head);
        m.Asm.Label(ref exit);
    }

    [Fact]
    public void A_limit_less_the_access_size_checks_an_address_compared_as_it_is() =>
        HandMadeModule.VerifyWithLimitSlack(rsi, 8, m => SlackLoopLoad(m));

    [Fact]
    public void Under_a_slack_limit_narrower_accesses_at_offsets_within_the_slack_are_accepted() =>
        HandMadeModule.VerifyWithLimitSlack(rsi, 8, m => SlackLoopLoad(m, () =>
        {
            m.Asm.mov(ecx, __dword_ptr[r14 + rax + 4]);
            m.Asm.movzx(edx, __byte_ptr[r14 + rax + 7]);
        }));

    [Fact]
    public void Under_a_slack_limit_an_access_reaching_past_the_slack_is_rejected() =>
        Assert.Contains("not inside", HandMadeModule.RejectionWithLimitSlack(rsi, 4, m => SlackLoopLoad(m)).Reason, StringComparison.Ordinal);

    [Fact]
    public void Under_a_slack_limit_an_access_at_an_offset_past_the_slack_is_rejected() =>
        Assert.Contains("not inside", HandMadeModule.RejectionWithLimitSlack(rsi, 8, m => SlackLoopLoad(m, () =>
            m.Asm.mov(ecx, __dword_ptr[r14 + rax + 5]))).Reason, StringComparison.Ordinal);

    [Fact]
    public void Under_a_slack_limit_an_access_below_the_address_is_rejected() =>
        Assert.Contains("not inside", HandMadeModule.RejectionWithLimitSlack(rsi, 8, m => SlackLoopLoad(m, () =>
            m.Asm.mov(ecx, __dword_ptr[r14 + rax - 4]))).Reason, StringComparison.Ordinal);

    [Theory]
    [InlineData(9)]
    [InlineData(16)]
    [InlineData(-8)]
    public void A_slack_beyond_the_widest_access_is_rejected(int slack) =>
        Assert.Contains("slack", HandMadeModule.RejectionWithLimitSlack(rsi, slack, m => SlackLoopLoad(m)).Reason, StringComparison.Ordinal);

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public void A_slack_above_the_memorys_minimum_size_is_rejected(long minimumMemoryBytes) =>
        // A memory of 0 (or 4) bytes would make size - 8 wrap to a huge limit.
        Assert.Contains("minimum", HandMadeModule.RejectionWithLimitSlack(rsi, 8, m => SlackLoopLoad(m), minimumMemoryBytes).Reason, StringComparison.Ordinal);

    [Fact]
    public void The_slack_limit_reloaded_after_a_call_with_its_slack_is_accepted() =>
        HandMadeModule.VerifyWithLimitSlack(rsi, 8, m => SlackLoopLoad(m, beforeBackEdge: () => CallAndReload(m, 8)));

    [Theory]
    [InlineData(0)] // the size itself: a join would then assume size - 8 where size is
    [InlineData(4)] // another slack than the prologue's
    [InlineData(16)]
    public void A_slack_limit_reloaded_with_another_slack_is_rejected_at_the_next_branch(int reloadSlack) =>
        Assert.Contains("does not hold the memory size", HandMadeModule.RejectionWithLimitSlack(rsi, 8, m => SlackLoopLoad(m, beforeBackEdge: () =>
            CallAndReload(m, reloadSlack))).Reason, StringComparison.Ordinal);

    [Fact]
    public void The_slack_subtracted_twice_is_rejected_at_the_next_branch() =>
        Assert.Contains("does not hold the memory size", HandMadeModule.RejectionWithLimitSlack(rsi, 4, m => SlackLoopLoad(m,
            () => m.Asm.mov(ecx, __dword_ptr[r14 + rax]), () => m.Asm.sub(rsi, 4))).Reason, StringComparison.Ordinal);

    [Fact]
    public void A_compare_with_the_size_field_proves_no_slack() =>
        // Against [r15+MemorySize] the address itself must be the end: an access at or past it is outside.
        Assert.Contains("not inside", HandMadeModule.RejectionWithLimitSlack(rsi, 8, m =>
        {
            m.Asm.mov(eax, edi);
            m.Asm.cmp(rax, __qword_ptr[r15 + VmContextLayout.MemorySize]);
            m.Asm.ja(m.TrapStub);
            m.Asm.movsd(xmm0, __qword_ptr[r14 + rax]);
        }).Reason, StringComparison.Ordinal);

    /// <summary>A loop storing a byte at the address in r12 (a local's register, unknown at the loop head) compared in place against a limit of slack 1.</summary>
    private static void InPlaceByteStoreLoop(HandMadeModule m, Action<HandMadeModule> checkAndStore)
    {
        var head = m.Asm.CreateLabel();
        var exit = m.Asm.CreateLabel();
        m.Asm.Label(ref head);
        m.Asm.cmp(r12d, edi);
        m.Asm.jae(exit);
        checkAndStore(m);
        m.Asm.add(r12d, r13d);
        m.Asm.jmp(head);
        m.Asm.Label(ref exit);
    }

    [Fact]
    public void Under_a_slack_limit_a_register_of_any_value_compared_as_it_is_checks_accesses_within_the_slack() =>
        HandMadeModule.VerifyWithLimitSlack(rsi, 1, m => InPlaceByteStoreLoop(m, m =>
        {
            m.Asm.cmp(r12, rsi);
            m.Asm.ja(m.TrapStub);
            m.Asm.mov(__byte_ptr[r14 + r12], 0);
        }));

    [Fact]
    public void An_unknown_register_compared_in_place_allows_no_access_below_it_or_past_the_slack()
    {
        // Below it: r12 + 1 may have wrapped to 0, so [r14 + r12 - 1] would be the byte before the memory.
        Assert.Contains("not inside", HandMadeModule.RejectionWithLimitSlack(rsi, 1, m => InPlaceByteStoreLoop(m, m =>
        {
            m.Asm.add(r12, 1);
            m.Asm.cmp(r12, rsi);
            m.Asm.ja(m.TrapStub);
            m.Asm.mov(__byte_ptr[r14 + r12 - 1], 0);
        })).Reason, StringComparison.Ordinal);
        Assert.Contains("not inside", HandMadeModule.RejectionWithLimitSlack(rsi, 1, m => InPlaceByteStoreLoop(m, m =>
        {
            m.Asm.cmp(r12, rsi);
            m.Asm.ja(m.TrapStub);
            m.Asm.mov(__word_ptr[r14 + r12], 0);
        })).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_register_compared_with_the_plain_size_proves_no_access() =>
        // Against the size itself (no slack) a value of unknown origin bounds nothing an access could use.
        Assert.Contains("bounds-checked", HandMadeModule.RejectionWithMemoryLimit(rsi, m => InPlaceByteStoreLoop(m, m =>
        {
            m.Asm.cmp(r12, rsi);
            m.Asm.ja(m.TrapStub);
            m.Asm.mov(__byte_ptr[r14 + r12], 0);
        })).Reason, StringComparison.Ordinal);
}
