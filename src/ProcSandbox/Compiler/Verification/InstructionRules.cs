using X86Instruction = Iced.Intel.Instruction;
using Iced.Intel;
using TenantDb.ProcSandbox.Runtime.Native;

namespace TenantDb.ProcSandbox.Compiler.Verification;

/// <summary>
/// SAFETY-CRITICAL. Checks of one instruction that need no knowledge of register contents:
/// deny-list, allow-list, and the shape of every explicit memory operand: only the registers generated code reserves for
/// addressing may form addresses, and RIP-relative addresses must be a jump table of this code.
/// The stateful register rules (<see cref="RegisterFlow"/>) refine which base is allowed where.
/// The verdict depends on the instruction alone (its bytes, and its address only through RIP-relative operands and
/// branch targets): <see cref="DecodeCache"/> relies on it to skip these checks for bytes that already passed them.
/// </summary>
internal static class InstructionRules
{
    public static void CheckStateless(in X86Instruction instruction, CodeMap map)
    {
        int at = (int)instruction.IP;
        // No allowed form is a forbidden mnemonic (a test checks it), so for an allowed form only the prefix part of the
        // deny-list can apply; anything else gets the deny-list's specific reason before the generic one.
        if (!InstructionAllowList.Allows(instruction.Code))
            map.Fail(at, ForbiddenInstructions.Reason(instruction) ?? "instruction form not on the allow-list");
        if (ForbiddenInstructions.PrefixReason(instruction) is { } prefix) map.Fail(at, prefix);
        if (instruction.Code == Code.Stosq_m64_RAX && !instruction.HasRepPrefix) map.Fail(at, "stosq without rep");
        if (instruction.Code is Code.Jmp_rm64 or Code.Call_rm64) CheckIndirectShape(instruction, map);
        // Explicit operands (lea included: its address must have an allowed shape too).
        for (int i = 0; i < instruction.OpCount; i++)
        {
            if (instruction.GetOpKind(i) != OpKind.Memory) continue;
            long displacement = instruction.IsIPRelativeMemoryOperand ? (long)instruction.IPRelativeMemoryAddress : (long)instruction.MemoryDisplacement64;
            CheckAddress(instruction, instruction.IsIPRelativeMemoryOperand ? Register.RIP : instruction.MemoryBase,
                instruction.MemoryIndex, instruction.MemoryIndexScale, displacement, instruction.MemorySegment, map);
        }
        // Implicit operands (push/pop/call/ret/leave on rsp, rep stosq on rdi) exist only in allow-listed forms whose
        // base is always rsp or rdi; the register-flow pass tracks rsp and checks rep stosq's count and destination.
    }

    /// <summary>
    /// Indirect branches come in four shapes only: <c>jmp r10</c> (br_table), <c>call rax</c>/<c>call r11</c>
    /// (imports, call_indirect), <c>call rcx</c> (the entry trampoline) and <c>call [r15 + host function slot]</c>.
    /// Where the register's value comes from is checked by <see cref="RegisterFlow"/>.
    /// </summary>
    private static void CheckIndirectShape(in X86Instruction instruction, CodeMap map)
    {
        int at = (int)instruction.IP;
        if (instruction.Op0Kind == OpKind.Register)
        {
            bool allowed = instruction.Code == Code.Jmp_rm64
                ? instruction.Op0Register == Register.R10
                : instruction.Op0Register is Register.RAX or Register.R11 or Register.RCX;
            if (!allowed) map.Fail(at, $"indirect {(instruction.Code == Code.Jmp_rm64 ? "jump" : "call")} through {instruction.Op0Register}, which never holds a verified target");
            return;
        }
        if (instruction.Code == Code.Jmp_rm64 || instruction.MemoryBase != Register.R15 || instruction.MemoryIndex != Register.None
            || instruction.MemoryDisplacement64 is not (ulong)VmContextLayout.HostCallFn and not (ulong)VmContextLayout.MemoryGrowFn)
            map.Fail(at, "indirect branch through memory other than the context's host-function slots");
    }

    private static void CheckAddress(in X86Instruction instruction, Register @base, Register index, int scale, long displacement, Register segment, CodeMap map)
    {
        int at = (int)instruction.IP;
        if (segment is not (Register.None or Register.DS or Register.SS or Register.ES))
            map.Fail(at, "memory operand with a segment base (fs/gs)");
        switch (@base)
        {
            case Register.RIP:
                if (index != Register.None || instruction.Code != Code.Lea_r64_m)
                    map.Fail(at, "RIP-relative operand other than lea of a jump table");
                if (displacement < 0 || displacement > int.MaxValue || map.TableAt((int)displacement) < 0)
                    map.Fail(at, "RIP-relative address is not the start of a jump table");
                return;
            case Register.R14:
                // r11, or a value register holding the address itself (the register-flow pass proves it checked or masked
                // below the memory's minimum size); no index for a constant address (proven below the minimum size there too).
                if (index == Register.None) return;
                if (index is not (Register.R11 or Register.RAX or Register.RCX or Register.RDX or Register.RSI or Register.RDI
                        or Register.R8 or Register.R9 or Register.R12 or Register.R13) || scale != 1)
                    map.Fail(at, "linear-memory access without a bounds-checked index register (must be [r14 + index + disp], index r11 or a value register)");
                return;
            case Register.R15 or Register.RBP or Register.RSP or Register.R10 or Register.RDI or Register.RDX:
                if (index != Register.None) map.Fail(at, "indexed memory operand on a non-memory base register");
                return;
            case Register.R11:
                if (index != Register.R10 || scale != 4)
                    map.Fail(at, "r11-based operand other than a jump-table read [r11 + r10*4]");
                return;
            case Register.RSI:
                if (index is not (Register.None or Register.R8) || (index == Register.R8 && scale != 8))
                    map.Fail(at, "rsi-based operand other than the entry's argument read");
                return;
            default:
                map.Fail(at, @base == Register.None
                    ? "absolute memory address"
                    : $"memory operand based on {@base}, which generated code does not reserve for addressing");
                return;
        }
    }
}
