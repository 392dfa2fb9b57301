using Iced.Intel;
using TenantDb.ProcSandbox.Runtime.Native;
using static Iced.Intel.AssemblerRegisters;

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
    public static void EmitEntry(Assembler asm, ref Label entry, ref Label trapExit)
    {
        var pushArgs = asm.CreateLabel();
        var call = asm.CreateLabel();
        var exit = asm.CreateLabel();
        asm.Label(ref entry);
        asm.push(rbp);
        asm.mov(rbp, rsp);
        asm.push(rbx);
        asm.push(r12);
        asm.push(r13);
        asm.push(r14);
        asm.push(r15);                                            // rbp-40
        asm.push(rdx);                                            // rbp-48: results
        asm.push(rdi);                                            // rbp-56: vmctx
        asm.push(__qword_ptr[rdi + VmContextLayout.SavedRsp]);    // rbp-64: outer call's saved rsp
        asm.push(__qword_ptr[rdi + VmContextLayout.StackLimit]);  // rbp-72: outer call's stack limit
        asm.sub(rsp, 8);                                          // rbp-80: keeps rsp 16-byte aligned
        asm.mov(r15, rdi);
        asm.mov(r14, __qword_ptr[r15 + VmContextLayout.MemoryBase]);
        asm.mov(__qword_ptr[r15 + VmContextLayout.SavedRsp], rsp);
        asm.mov(rax, rsp);
        asm.sub(rax, __qword_ptr[r15 + VmContextLayout.MaxStackBytes]);
        asm.mov(rdx, __qword_ptr[r15 + VmContextLayout.StackFloor]);   // results pointer is saved at rbp-48
        asm.cmp(rax, rdx);
        asm.cmovb(rax, rdx);                                         // never below the thread's real stack
        asm.mov(__qword_ptr[r15 + VmContextLayout.StackLimit], rax);
        asm.test(r8, r8);
        asm.je(call);
        asm.Label(ref pushArgs);
        asm.push(__qword_ptr[rsi + r8 * 8 - 8]);                  // last argument first
        asm.dec(r8);
        asm.jne(pushArgs);
        asm.Label(ref call);
        asm.call(rcx);
        asm.mov(rdx, __qword_ptr[rbp - 48]);
        asm.mov(__qword_ptr[rdx], rax);
        asm.movq(__qword_ptr[rdx + 8], xmm0);
        asm.xor(eax, eax);
        asm.Label(ref exit);
        asm.mov(rdi, __qword_ptr[rbp - 56]);
        asm.mov(rcx, __qword_ptr[rbp - 64]);
        asm.mov(__qword_ptr[rdi + VmContextLayout.SavedRsp], rcx);
        asm.mov(rcx, __qword_ptr[rbp - 72]);
        asm.mov(__qword_ptr[rdi + VmContextLayout.StackLimit], rcx);
        asm.lea(rsp, __[rbp - 40]);
        asm.pop(r15);
        asm.pop(r14);
        asm.pop(r13);
        asm.pop(r12);
        asm.pop(rbx);
        asm.pop(rbp);
        asm.ret();

        // Trap exit (eax = trap code): drop every wasm frame at once by restoring the entry's rsp.
        // r15 is the trapping function's context; calls into other contexts copied SavedRsp into it.
        asm.Label(ref trapExit);
        asm.mov(rsp, __qword_ptr[r15 + VmContextLayout.SavedRsp]);
        asm.lea(rbp, __[rsp + EntryFrameBytes]);
        asm.jmp(exit);
    }

    /// <summary>
    /// Adapter with the generated-code convention (arguments at [rbp+16+8i], r15 = context) that
    /// calls the C# host trampoline: int CallHost(vmctx, importIndex, args, results).
    /// </summary>
    public static void EmitHostAdapter(Assembler asm, ref Label adapter, int importIndex, Label trapExit)
    {
        asm.Label(ref adapter);
        asm.push(rbp);
        asm.mov(rbp, rsp);
        asm.sub(rsp, 16);                       // [rbp-16]: result
        asm.and(rsp, -16);
        asm.mov(rdi, r15);
        asm.mov(esi, importIndex);
        asm.lea(rdx, __[rbp + 16]);
        asm.lea(rcx, __[rbp - 16]);
        asm.call(__qword_ptr[r15 + VmContextLayout.HostCallFn]);
        asm.test(eax, eax);
        asm.jne(trapExit);
        asm.mov(rax, __qword_ptr[rbp - 16]);
        asm.movq(xmm0, rax);
        asm.leave();
        asm.ret();
    }
}
