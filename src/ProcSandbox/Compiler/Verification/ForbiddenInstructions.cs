using X86Instruction = Iced.Intel.Instruction;
using Iced.Intel;

namespace TenantDb.ProcSandbox.Compiler.Verification;

/// <summary>
/// SAFETY-CRITICAL. Instructions that could leave the sandbox on their own (system calls,
/// interrupts, port I/O, privileged or far transfers, transactions) and prefixes generated code
/// never uses. The allow-list already excludes them; this deny check runs first so the error says
/// what is wrong instead of only "not on the allow-list".
/// </summary>
internal static class ForbiddenInstructions
{
    /// <summary>Why <paramref name="instruction"/> is forbidden outright, or null.</summary>
    public static string? Reason(in X86Instruction instruction)
    {
        switch (instruction.Mnemonic)
        {
            case Mnemonic.Syscall or Mnemonic.Sysenter or Mnemonic.Sysret or Mnemonic.Sysexit:
                return "system call instruction";
            case Mnemonic.Int or Mnemonic.Int1 or Mnemonic.Int3 or Mnemonic.Into or Mnemonic.Ud0 or Mnemonic.Ud1 or Mnemonic.Ud2:
                return "interrupt or trap instruction";
            case Mnemonic.Hlt or Mnemonic.Cli or Mnemonic.Sti or Mnemonic.Lgdt or Mnemonic.Lidt or Mnemonic.Lldt or Mnemonic.Ltr
                or Mnemonic.Wrmsr or Mnemonic.Rdmsr or Mnemonic.Invlpg or Mnemonic.Wbinvd or Mnemonic.Invd or Mnemonic.Clts
                or Mnemonic.Swapgs or Mnemonic.Wrfsbase or Mnemonic.Wrgsbase or Mnemonic.Rdfsbase or Mnemonic.Rdgsbase
                or Mnemonic.Vmcall or Mnemonic.Vmlaunch or Mnemonic.Vmresume or Mnemonic.Vmxoff or Mnemonic.Vmmcall:
                return "privileged instruction";
            case Mnemonic.In or Mnemonic.Out or Mnemonic.Insb or Mnemonic.Insw or Mnemonic.Insd
                or Mnemonic.Outsb or Mnemonic.Outsw or Mnemonic.Outsd:
                return "port I/O instruction";
            case Mnemonic.Iret or Mnemonic.Iretd or Mnemonic.Iretq or Mnemonic.Retf:
                return "far or interrupt return";
            case Mnemonic.Xbegin or Mnemonic.Xabort or Mnemonic.Xend:
                return "transactional memory instruction";
            case Mnemonic.Cpuid or Mnemonic.Rdtsc or Mnemonic.Rdtscp or Mnemonic.Rdpmc or Mnemonic.Rdrand or Mnemonic.Rdseed:
                return "non-deterministic or machine-inspecting instruction";
        }
        if (instruction.IsJmpFar || instruction.IsCallFar || instruction.IsJmpFarIndirect || instruction.IsCallFarIndirect)
            return "far control transfer";
        if (instruction.FlowControl is FlowControl.Interrupt or FlowControl.XbeginXabortXend)
            return "interrupt or transaction control flow";
        return PrefixReason(instruction);
    }

    /// <summary>Why the prefixes of <paramref name="instruction"/> are forbidden, or null.</summary>
    public static string? PrefixReason(in X86Instruction instruction)
    {
        if (instruction.SegmentPrefix != Register.None) return "segment override prefix";
        if (instruction.HasLockPrefix || instruction.HasXacquirePrefix || instruction.HasXreleasePrefix)
            return "lock/xacquire/xrelease prefix";
        if (instruction.HasRepnePrefix || (instruction.HasRepePrefix && instruction.Code != Code.Stosq_m64_RAX))
            return "rep prefix outside rep stosq";
        return null;
    }
}
