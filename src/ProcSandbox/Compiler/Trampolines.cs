using Iced.Intel;
using TenantDb.ProcSandbox.Runtime.Native;

namespace TenantDb.ProcSandbox.Compiler;

/// <summary>
/// SAFETY-CRITICAL. The boundary between the host (System V ABI) and generated code:
/// the entry trampoline, the trap exit that unwinds straight back to it, and host-import adapters.
/// </summary>
internal static class Trampolines
{
    /// <summary>Bytes between the entry frame's rbp and its saved rsp (see <see cref="EmitEntry"/>).</summary>
    private const int EntryFrameBytes = 80;

    /// <summary>
    /// int entry(vmctx rdi, ulong* args rsi, ulong* results rdx, code rcx, long argc r8).
    /// Saves the host's callee-saved registers, records rsp for the trap exit and the stack limit,
    /// pushes the arguments, calls the function and stores rax at results[0], xmm0 at results[1].
    /// Returns 0, or the trap code the trap exit brings back in eax.
    /// </summary>
    public static void EmitEntry(X64Assembler asm, CodeLabel entry, CodeLabel trapExit)
    {
        var pushArgs = asm.CreateLabel();
        var call = asm.CreateLabel();
        var exit = asm.CreateLabel();
        asm.Bind(entry);
        asm.Emit(Code.Push_r64, Register.RBP);
        asm.Emit(Code.Mov_rm64_r64, Register.RBP, Register.RSP);
        asm.Emit(Code.Push_r64, Register.RBX);
        asm.Emit(Code.Push_r64, Register.R12);
        asm.Emit(Code.Push_r64, Register.R13);
        asm.Emit(Code.Push_r64, Register.R14);
        asm.Emit(Code.Push_r64, Register.R15);  // rbp-40
        asm.Emit(Code.Push_r64, Register.RDX);  // rbp-48: results
        asm.Emit(Code.Push_r64, Register.RDI);  // rbp-56: vmctx
        asm.Emit(Code.Push_rm64, X64.Ptr(Register.RDI, VmContextLayout.SavedRsp));  // rbp-64: outer call's saved rsp
        asm.Emit(Code.Push_rm64, X64.Ptr(Register.RDI, VmContextLayout.StackLimit));  // rbp-72: outer call's stack limit
        asm.EmitImm(Code.Sub_rm64_imm8, Code.Sub_rm64_imm32, Register.RSP, 8);  // rbp-80: keeps rsp 16-byte aligned
        asm.Emit(Code.Mov_rm64_r64, Register.R15, Register.RDI);
        asm.Emit(Code.Mov_r64_rm64, Register.R14, X64.Ptr(Register.R15, VmContextLayout.MemoryBase));
        asm.Emit(Code.Mov_rm64_r64, X64.Ptr(Register.R15, VmContextLayout.SavedRsp), Register.RSP);
        asm.Emit(Code.Mov_rm64_r64, Register.RAX, Register.RSP);
        asm.Emit(Code.Sub_r64_rm64, Register.RAX, X64.Ptr(Register.R15, VmContextLayout.MaxStackBytes));
        asm.Emit(Code.Mov_r64_rm64, Register.RDX, X64.Ptr(Register.R15, VmContextLayout.StackFloor));  // results pointer is saved at rbp-48
        asm.Emit(Code.Cmp_rm64_r64, Register.RAX, Register.RDX);
        asm.Emit(Code.Cmovb_r64_rm64, Register.RAX, Register.RDX);  // never below the thread's real stack
        asm.Emit(Code.Mov_rm64_r64, X64.Ptr(Register.R15, VmContextLayout.StackLimit), Register.RAX);
        asm.Emit(Code.Test_rm64_r64, Register.R8, Register.R8);
        asm.Branch(0x4, call);
        asm.Bind(pushArgs);
        asm.Emit(Code.Push_rm64, new MemoryOperand(Register.RSI, Register.R8, 8, -8, 1));  // last argument first
        asm.Emit(Code.Dec_rm64, Register.R8);
        asm.Branch(0x5, pushArgs);
        asm.Bind(call);
        asm.Emit(Code.Call_rm64, Register.RCX);
        asm.Emit(Code.Mov_r64_rm64, Register.RDX, X64.Ptr(Register.RBP, -48));
        asm.Emit(Code.Mov_rm64_r64, new MemoryOperand(Register.RDX), Register.RAX);
        asm.Emit(Code.Movq_xmmm64_xmm, X64.Ptr(Register.RDX, 8), Register.XMM0);
        asm.Emit(Code.Xor_rm32_r32, Register.EAX, Register.EAX);
        asm.Bind(exit);
        asm.Emit(Code.Mov_r64_rm64, Register.RDI, X64.Ptr(Register.RBP, -56));
        asm.Emit(Code.Mov_r64_rm64, Register.RCX, X64.Ptr(Register.RBP, -64));
        asm.Emit(Code.Mov_rm64_r64, X64.Ptr(Register.RDI, VmContextLayout.SavedRsp), Register.RCX);
        asm.Emit(Code.Mov_r64_rm64, Register.RCX, X64.Ptr(Register.RBP, -72));
        asm.Emit(Code.Mov_rm64_r64, X64.Ptr(Register.RDI, VmContextLayout.StackLimit), Register.RCX);
        asm.Emit(Code.Lea_r64_m, Register.RSP, X64.Ptr(Register.RBP, -40));
        asm.Emit(Code.Pop_r64, Register.R15);
        asm.Emit(Code.Pop_r64, Register.R14);
        asm.Emit(Code.Pop_r64, Register.R13);
        asm.Emit(Code.Pop_r64, Register.R12);
        asm.Emit(Code.Pop_r64, Register.RBX);
        asm.Emit(Code.Pop_r64, Register.RBP);
        asm.Emit(Code.Retnq);  // Trap exit (eax = trap code): drop every wasm frame at once by restoring the entry's rsp.
        // r15 is the trapping function's context; calls into other contexts copied SavedRsp into it.
        asm.Bind(trapExit);
        asm.Emit(Code.Mov_r64_rm64, Register.RSP, X64.Ptr(Register.R15, VmContextLayout.SavedRsp));
        asm.Emit(Code.Lea_r64_m, Register.RBP, X64.Ptr(Register.RSP, EntryFrameBytes));
        asm.Branch(CodeBuffer.Jmp, exit);
    }

    /// <summary>
    /// Adapter with the generated-code convention (arguments at [rbp+16+8i], r15 = context) that
    /// calls the C# host trampoline: int CallHost(vmctx, importIndex, args, results).
    /// </summary>
    public static void EmitHostAdapter(X64Assembler asm, CodeLabel adapter, int importIndex, CodeLabel trapExit)
    {
        asm.Bind(adapter);
        asm.Emit(Code.Push_r64, Register.RBP);
        asm.Emit(Code.Mov_rm64_r64, Register.RBP, Register.RSP);
        asm.EmitImm(Code.Sub_rm64_imm8, Code.Sub_rm64_imm32, Register.RSP, 16);  // [rbp-16]: result
        asm.Emit(Code.And_rm64_imm8, Register.RSP, -16);
        asm.Emit(Code.Mov_rm64_r64, Register.RDI, Register.R15);
        asm.Emit(Code.Mov_r32_imm32, Register.ESI, importIndex);
        asm.Emit(Code.Lea_r64_m, Register.RDX, X64.Ptr(Register.RBP, 16));
        asm.Emit(Code.Lea_r64_m, Register.RCX, X64.Ptr(Register.RBP, -16));
        asm.Emit(Code.Call_rm64, X64.Ptr(Register.R15, VmContextLayout.HostCallFn));
        asm.Emit(Code.Test_rm32_r32, Register.EAX, Register.EAX);
        asm.Branch(0x5, trapExit);
        asm.Emit(Code.Mov_r64_rm64, Register.RAX, X64.Ptr(Register.RBP, -16));
        asm.Emit(Code.Movq_xmm_rm64, Register.XMM0, Register.RAX);
        asm.Emit(Code.Leaveq);
        asm.Emit(Code.Retnq);
    }
}
