using X86Instruction = Iced.Intel.Instruction;
using Iced.Intel;
using TenantDb.ProcSandbox.Runtime.Native;
using static Iced.Intel.AssemblerRegisters;

namespace TenantDb.ProcSandbox.Tests.Verifier;

/// <summary>
/// Hand-made code with each forbidden pattern, assembled with Iced inside an otherwise valid
/// function; each must be rejected, and for the reason the test names.
/// </summary>
public class ForbiddenPatternTests
{
    private static void AssertRejected(Action<HandMadeModule> body, string reason)
    {
        var e = HandMadeModule.Rejection(body);
        Assert.Contains(reason, e.Reason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_hand_made_frame_itself_is_accepted()
    {
        var stats = HandMadeModule.Verify(m => m.CheckedLoad(eax));
        Assert.Equal(1, stats.Functions);
    }

    [Fact]
    public void Syscall() => AssertRejected(m => m.Asm.syscall(), "system call");

    [Fact]
    public void Sysenter() => AssertRejected(m => m.Asm.sysenter(), "system call");

    [Fact]
    public void Int_0x80() => AssertRejected(m => m.Asm.@int(0x80), "interrupt");

    [Fact]
    public void Int3() => AssertRejected(m => m.Asm.int3(), "interrupt");

    [Fact]
    public void Hlt() => AssertRejected(m => m.Asm.hlt(), "privileged");

    [Fact]
    public void Port_input() => AssertRejected(m => m.Asm.@in(al, dx), "port I/O");

    [Fact]
    public void Port_output() => AssertRejected(m => m.Asm.@out(dx, al), "port I/O");

    [Fact]
    public void Far_jump() =>
        AssertRejected(m => m.Asm.AddInstruction(X86Instruction.Create(Code.Jmp_m1664, new MemoryOperand(Register.R15, 0L))), "far");

    [Fact]
    public void Far_call() =>
        AssertRejected(m => m.Asm.AddInstruction(X86Instruction.Create(Code.Call_m1664, new MemoryOperand(Register.R15, 0L))), "far");

    [Fact]
    public void Far_return() => AssertRejected(m => m.Asm.retf(), "far");

    [Theory]
    [InlineData(Register.FS)]
    [InlineData(Register.GS)]
    public void Segment_override(Register segment) => AssertRejected(m =>
    {
        var load = X86Instruction.Create(Code.Mov_r64_rm64, Register.RAX, new MemoryOperand(Register.R15, 0L));
        load.SegmentPrefix = segment;
        m.Asm.AddInstruction(load);
    }, "segment");

    [Fact]
    public void Memory_operand_on_a_register_not_reserved_for_addressing() =>
        AssertRejected(m => m.Asm.mov(eax, __dword_ptr[rax]), "based on RAX");

    [Fact]
    public void Linear_memory_access_without_the_bounds_checked_index() =>
        AssertRejected(m => m.Asm.mov(eax, __dword_ptr[r14 + rsi]), "bounds-checked");

    [Fact]
    public void Linear_memory_access_with_no_index_at_all_past_the_minimum_size() =>
        AssertRejected(m => m.Asm.mov(eax, __dword_ptr[r14 + 0xFFFE]), "bounds-checked"); // 4 bytes from 65534 of a 65536-byte minimum

    [Fact]
    public void Branch_into_the_middle_of_an_instruction() => AssertRejected(m =>
    {
        m.Asm.db(0x75, 0x01);                         // jne +1: into the mov below, which is reachable too
        m.Asm.db(0xB8, 0x90, 0x90, 0x90, 0x90);       // mov eax, 0x90909090
    }, "middle of an instruction");

    [Fact]
    public void Branch_outside_the_module() =>
        AssertRejected(m => m.Asm.db(0xE9, 0x00, 0x00, 0x10, 0x00), "outside the module");

    [Fact]
    public void Call_outside_the_module() =>
        AssertRejected(m => m.Asm.db(0xE8, 0x00, 0x00, 0x10, 0x00), "outside the module");

    [Fact]
    public void Branch_to_an_absolute_address_in_memory() =>
        AssertRejected(m => m.Asm.jmp(__qword_ptr[0x12345678]), "indirect branch through memory");

    [Fact]
    public void Indirect_jump_through_an_arbitrary_register() =>
        AssertRejected(m => m.Asm.jmp(rax), "indirect jump through RAX");

    [Fact]
    public void Indirect_call_through_an_arbitrary_register() =>
        AssertRejected(m => m.Asm.call(rsi), "indirect call through RSI");

    [Fact]
    public void Indirect_call_through_a_context_slot_that_is_not_a_host_function() =>
        AssertRejected(m => m.Asm.call(__qword_ptr[r15 + VmContextLayout.MemoryBase]), "host-function slots");

    [Theory]
    [InlineData("cpuid")]
    [InlineData("rdtsc")]
    [InlineData("xbegin")]
    [InlineData("wrmsr")]
    [InlineData("pushfq")]
    [InlineData("xchg")]
    [InlineData("vzeroupper")]
    public void Instruction_not_on_the_allow_list(string which)
    {
        var e = HandMadeModule.Rejection(m =>
        {
            switch (which)
            {
                case "cpuid": m.Asm.cpuid(); break;
                case "rdtsc": m.Asm.rdtsc(); break;
                case "xbegin": m.Asm.db(0xC7, 0xF8, 0, 0, 0, 0); break; // xbegin +0
                case "wrmsr": m.Asm.wrmsr(); break;
                case "pushfq": m.Asm.pushfq(); break;
                case "xchg": m.Asm.xchg(rax, rcx); break;
                default: m.Asm.vzeroupper(); break;
            }
        });
        Assert.True(e.Reason.Contains("allow-list", StringComparison.Ordinal) || e.Reason.Contains("instruction", StringComparison.Ordinal), e.Message);
    }

    [Theory]
    [InlineData(new byte[] { 0x06 })]             // push es: invalid in 64-bit mode
    [InlineData(new byte[] { 0x0F, 0xFF })]       // ud0 without modrm / reserved
    [InlineData(new byte[] { 0xC4 })]             // truncated VEX prefix at the end of the body
    public void Undecodable_bytes(byte[] bytes)
    {
        var e = HandMadeModule.Rejection(m => m.Asm.db(bytes));
        Assert.NotNull(e.Reason);
    }

    [Fact]
    public void Jump_table_entry_pointing_outside_the_module() => AssertRejected(m =>
    {
        var table = m.RawJumpTable(0x100000);
        m.Asm.mov(r10d, 0);
        m.Asm.cmp(r10d, 1);
        m.Asm.jae(m.TrapStub);
        m.Asm.lea(r11, __[table]);
        m.Asm.movsxd(r10, __dword_ptr[r11 + r10 * 4]);
        m.Asm.add(r10, r11);
        m.Asm.jmp(r10);
    }, "jump-table entry points outside");
}
