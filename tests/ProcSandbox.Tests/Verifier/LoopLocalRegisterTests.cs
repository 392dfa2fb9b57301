using Iced.Intel;
using TenantDb.ProcSandbox.Runtime.Native;
using static Iced.Intel.AssemblerRegisters;

namespace TenantDb.ProcSandbox.Tests.Verifier;

/// <summary>
/// The shapes the compiler emits for locals held in registers across a loop (r12, r13, r8, r9, xmm13,
/// xmm14; see LoopLocals): a loop counter compared in place, an address copied from the local's register
/// into r11 and bounds-checked there, saves to the frame around calls. The verifier accepts them and still
/// rejects a local's register used as an address, a checked index overwritten by a local, and a checked
/// index relied on across a call (which may change every register but rbp, rsp, r14 and r15).
/// </summary>
public class LoopLocalRegisterTests
{
    /// <summary>The compiler's checked i32 load at the wasm address held in <paramref name="local"/>.</summary>
    private static void CheckedLoadFrom(HandMadeModule m, AssemblerRegister32 local)
    {
        m.Asm.mov(r11d, local);
        m.Asm.add(r11, 4);
        m.Asm.cmp(r11, __qword_ptr[r15 + VmContextLayout.MemorySize]);
        m.Asm.ja(m.TrapStub);
    }

    [Fact]
    public void A_loop_over_memory_with_its_counter_and_bound_in_registers_is_accepted()
    {
        var stats = HandMadeModule.Verify(m =>
        {
            var head = m.Asm.CreateLabel();
            var done = m.Asm.CreateLabel();
            m.Asm.mov(r12d, __dword_ptr[rbp + 16]);   // pinned parameter loaded after the prologue
            m.Asm.mov(r13d, 0);                        // pinned declared local starts at zero
            m.Asm.Label(ref head);
            m.Asm.sub(rbx, 1);
            m.Asm.jl(m.TrapStub);
            m.Asm.cmp(r13d, r12d);                     // compare fused with the branch, in place
            m.Asm.jae(done);
            CheckedLoadFrom(m, r13d);
            m.Asm.mov(eax, __dword_ptr[r14 + r11 - 4]);
            m.Asm.mov(__qword_ptr[rbp - 8], r13);      // saved to its frame cell around a call
            m.Asm.mov(r13d, __dword_ptr[rbp - 8]);
            m.Asm.add(r13d, 4);
            m.Asm.jmp(head);
            m.Asm.Label(ref done);
        });
        Assert.Equal(1, stats.Functions);
    }

    [Fact]
    public void A_local_register_as_the_index_of_a_memory_access_is_rejected() =>
        Assert.Contains("bounds-checked", HandMadeModule.Rejection(m =>
        {
            m.Asm.mov(r12d, __dword_ptr[rbp + 16]);
            m.Asm.mov(eax, __dword_ptr[r14 + r12]);
        }).Reason, StringComparison.OrdinalIgnoreCase);

    [Fact]
    public void A_checked_index_overwritten_by_a_local_before_the_access_is_rejected() =>
        Assert.Contains("bounds-checked", HandMadeModule.Rejection(m =>
        {
            m.Asm.mov(r12d, __dword_ptr[rbp + 16]);
            m.Asm.mov(r13d, 0x7FFF_FFFF);
            CheckedLoadFrom(m, r12d);
            m.Asm.mov(r11d, r13d);
            m.Asm.mov(eax, __dword_ptr[r14 + r11 - 4]);
        }).Reason, StringComparison.OrdinalIgnoreCase);

    [Fact]
    public void A_checked_index_relied_on_across_a_call_is_rejected() =>
        Assert.Contains("bounds-checked", HandMadeModule.Rejection(m =>
        {
            m.Asm.mov(r12d, __dword_ptr[rbp + 16]);
            CheckedLoadFrom(m, r12d);
            m.Asm.push(r12);
            m.Asm.call(m.FunctionEntry);
            m.Asm.add(rsp, 8);
            m.Asm.mov(eax, __dword_ptr[r14 + r11 - 4]);
        }).Reason, StringComparison.OrdinalIgnoreCase);

    [Fact]
    public void A_local_register_as_an_indirect_branch_target_is_rejected() =>
        Assert.Contains("indirect", HandMadeModule.Rejection(m =>
        {
            m.Asm.mov(r12, __qword_ptr[rbp + 16]);
            m.Asm.jmp(r12);
        }).Reason, StringComparison.OrdinalIgnoreCase);
}
