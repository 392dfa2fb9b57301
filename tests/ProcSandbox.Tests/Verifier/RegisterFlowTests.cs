using Iced.Intel;
using TenantDb.ProcSandbox.Runtime.Native;
using static Iced.Intel.AssemblerRegisters;

namespace TenantDb.ProcSandbox.Tests.Verifier;

/// <summary>
/// Patterns that only the register-flow rules catch: every instruction is allowed, but a register's
/// value is not what the address or branch needs. Each is one small mistake a compiler bug could make.
/// </summary>
public class RegisterFlowTests
{
    private static void AssertRejected(Action<HandMadeModule> body, string reason)
    {
        var e = HandMadeModule.Rejection(body);
        Assert.Contains(reason, e.Reason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Call_to_an_unknown_absolute_address() => AssertRejected(m =>
    {
        m.Asm.mov(rax, 0x7FFF_1234_5678L);
        m.Asm.call(rax);
    }, "does not hold a callee address");

    [Fact]
    public void Indirect_jump_through_r10_not_loaded_from_a_jump_table() => AssertRejected(m =>
    {
        m.Asm.mov(r10, rsi);
        m.Asm.jmp(r10);
    }, "checked jump-table target");

    [Fact]
    public void Jump_table_read_with_an_unchecked_index() => AssertRejected(m =>
    {
        Label[] targets = [m.Asm.CreateLabel()];
        var table = m.JumpTable(targets);
        m.Asm.mov(r10d, esi);
        m.Asm.lea(r11, __[table]);
        m.Asm.movsxd(r10, __dword_ptr[r11 + r10 * 4]);
        m.Asm.add(r10, r11);
        m.Asm.jmp(r10);
        m.Asm.Label(ref targets[0]);
        m.Asm.nop();
    }, "index checked");

    [Fact]
    public void A_checked_jump_table_dispatch_is_accepted()
    {
        HandMadeModule.Verify(m =>
        {
            Label[] targets = [m.Asm.CreateLabel(), m.Asm.CreateLabel()];
            var done = m.Asm.CreateLabel();
            var table = m.JumpTable(targets);
            m.Asm.mov(r10d, esi);
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
        });
    }

    [Fact]
    public void Linear_memory_access_with_an_index_that_was_never_compared() => AssertRejected(m =>
    {
        m.Asm.mov(r11d, esi);
        m.Asm.add(r11, 4);
        m.Asm.mov(eax, __dword_ptr[r14 + r11 - 4]);
    }, "not bounds-checked");

    [Fact]
    public void Linear_memory_access_reaching_past_the_checked_end() => AssertRejected(m =>
    {
        m.Asm.mov(r11d, esi);
        m.Asm.add(r11, 4);
        m.Asm.cmp(r11, __qword_ptr[r15 + VmContextLayout.MemorySize]);
        m.Asm.ja(m.TrapStub);
        m.Asm.mov(rax, __qword_ptr[r14 + r11 - 4]); // 8 bytes where 4 were checked
    }, "not inside");

    [Fact]
    public void Linear_memory_access_after_the_checked_index_was_overwritten() => AssertRejected(m =>
    {
        m.Asm.mov(r11d, esi);
        m.Asm.add(r11, 4);
        m.Asm.cmp(r11, __qword_ptr[r15 + VmContextLayout.MemorySize]);
        m.Asm.ja(m.TrapStub);
        m.Asm.add(r11, rdi);
        m.Asm.mov(eax, __dword_ptr[r14 + r11 - 4]);
    }, "not bounds-checked");

    [Fact]
    public void Overwriting_the_context_register() => AssertRejected(m => m.Asm.mov(r15, rax), "r15 set");

    [Fact]
    public void Overwriting_the_memory_base_register() => AssertRejected(m => m.Asm.add(r14, rax), "reserved register R14");

    [Fact]
    public void Moving_the_stack_pointer_arbitrarily() => AssertRejected(m => m.Asm.mov(rsp, rax), "saved rsp");

    [Fact]
    public void Reading_the_return_address() => AssertRejected(m => m.Asm.mov(rax, __qword_ptr[rbp + 8]), "outside the frame");

    [Fact]
    public void Writing_below_the_frame() => AssertRejected(m => m.Asm.mov(__qword_ptr[rbp - 0x1000], rax), "outside the frame");

    [Fact]
    public void Writing_a_context_field_generated_code_must_not_change() =>
        AssertRejected(m => m.Asm.mov(__qword_ptr[r15 + VmContextLayout.MemorySize], rax), "may not change");

    [Fact]
    public void Writing_the_stop_flag() =>
        AssertRejected(m => m.Asm.mov(__dword_ptr[r15 + VmContextLayout.StopFlag], 0), "may not change");

    [Fact]
    public void Writing_half_of_the_fuel_reserve() =>
        AssertRejected(m => m.Asm.mov(__dword_ptr[r15 + VmContextLayout.FuelReserve + 4], eax), "may not change");

    [Fact]
    public void Taking_a_slice_from_the_fuel_reserve_is_allowed() => HandMadeModule.Verify(m =>
    {
        m.Asm.dec(__qword_ptr[r15 + VmContextLayout.FuelReserve]);
        m.Asm.add(rbx, 4096);
        m.Asm.mov(__qword_ptr[r15 + VmContextLayout.FuelReserve], rax);
    });

    [Fact]
    public void Writing_the_trap_exit_rsp_of_the_own_context() =>
        AssertRejected(m => m.Asm.mov(__qword_ptr[r15 + VmContextLayout.SavedRsp], rax), "may not change");

    [Fact]
    public void Indirect_call_through_a_table_entry_without_the_signature_check() => AssertRejected(m =>
    {
        m.Asm.mov(r10d, esi);
        m.Asm.cmp(r10, __qword_ptr[r15 + VmContextLayout.TableSize]);
        m.Asm.jae(m.TrapStub);
        m.Asm.shl(r10, VmContextLayout.TableEntryShift);
        m.Asm.add(r10, __qword_ptr[r15 + VmContextLayout.TableBase]);
        m.Asm.mov(r11, __qword_ptr[r10 + VmContextLayout.EntryCode]);
        m.Asm.test(r11, r11);
        m.Asm.je(m.TrapStub);
        m.Asm.mov(r10, __qword_ptr[r10 + VmContextLayout.EntryContext]);
        m.Asm.mov(r15, r10);
        m.Asm.mov(r14, __qword_ptr[r15 + VmContextLayout.MemoryBase]);
        m.Asm.call(r11);
    }, "signature was not checked");

    [Fact]
    public void Ret_without_the_epilogue() => AssertRejected(m => m.Asm.ret(), "without the leave");

    [Fact]
    public void Direct_call_to_something_other_than_a_function_entry() => AssertRejected(m =>
    {
        var inside = m.Asm.CreateLabel();
        m.Asm.call(inside);
        m.Asm.Label(ref inside);
        m.Asm.nop();
    }, "other than a function entry");

    [Fact]
    public void Call_with_fewer_arguments_than_the_callee_reads() =>
        AssertRejected(m => m.Asm.call(m.FunctionEntry), "0 arguments pushed where the callee takes 1");

    [Fact]
    public void A_call_with_its_argument_pushed_is_accepted() => HandMadeModule.Verify(m =>
    {
        m.Asm.push(__qword_ptr[rbp + 16]);
        m.Asm.call(m.FunctionEntry);
        m.Asm.add(rsp, 8);
    });
}
