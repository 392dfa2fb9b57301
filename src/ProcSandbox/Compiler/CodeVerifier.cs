using X86Instruction = Iced.Intel.Instruction;
using Iced.Intel;
using TenantDb.ProcSandbox.Runtime;

namespace TenantDb.ProcSandbox.Compiler;

/// <summary>
/// SAFETY-CRITICAL. An independent check of the generated machine code before it becomes
/// executable, by decoding it again with Iced's decoder: every byte outside the br_table data
/// decodes; no instruction can leave the sandbox by itself (system calls, interrupts, port I/O,
/// privileged or far control transfers); direct branches stay inside the buffer; every access
/// based on the linear-memory register r14 is the bounds-checked form [r14 + r11 + disp].
/// </summary>
internal static class CodeVerifier
{
    /// <summary>Throws <see cref="InvalidOperationException"/> (a compiler bug) when the code breaks a rule.</summary>
    public static void Verify(byte[] code, List<(long Start, long Length)> dataRanges)
    {
        var reader = new ByteArrayCodeReader(code);
        var decoder = Decoder.Create(64, reader);
        decoder.IP = 0;
        int nextRange = 0;
        dataRanges.Sort();
        while (decoder.IP < (ulong)code.Length)
        {
            if (nextRange < dataRanges.Count && (long)decoder.IP == dataRanges[nextRange].Start)
            {
                decoder.IP += (ulong)dataRanges[nextRange].Length;
                reader.Position = (int)decoder.IP;
                nextRange++;
                continue;
            }
            decoder.Decode(out var instruction);
            if (instruction.IsInvalid) Fail(instruction, "does not decode");
            CheckInstruction(instruction, code.Length);
        }
    }

    private static void CheckInstruction(in X86Instruction instruction, int length)
    {
        switch (instruction.FlowControl)
        {
            case FlowControl.Interrupt:
            case FlowControl.XbeginXabortXend:
                Fail(instruction, "can leave the sandbox");
                break;
            case FlowControl.UnconditionalBranch:
            case FlowControl.ConditionalBranch:
            case FlowControl.Call:
                if (instruction.IsJmpFar || instruction.IsCallFar) Fail(instruction, "far transfer");
                if (instruction.Op0Kind == OpKind.NearBranch64 && instruction.NearBranch64 >= (ulong)length)
                    Fail(instruction, "branches outside the code");
                break;
        }
        switch (instruction.Mnemonic)
        {
            case Mnemonic.Syscall or Mnemonic.Sysenter or Mnemonic.Sysret or Mnemonic.Sysexit:
            case Mnemonic.Int or Mnemonic.Int1 or Mnemonic.Int3 or Mnemonic.Into or Mnemonic.Hlt:
            case Mnemonic.In or Mnemonic.Out or Mnemonic.Insb or Mnemonic.Insw or Mnemonic.Insd:
            case Mnemonic.Outsb or Mnemonic.Outsw or Mnemonic.Outsd or Mnemonic.Cli or Mnemonic.Sti:
            case Mnemonic.Iret or Mnemonic.Iretd or Mnemonic.Iretq or Mnemonic.Retf:
                Fail(instruction, "is not allowed in generated code");
                break;
        }
        for (int i = 0; i < instruction.OpCount; i++)
        {
            if (instruction.GetOpKind(i) != OpKind.Memory) continue;
            if (instruction.MemoryBase == Register.R14 && instruction.MemoryIndex != Register.R11)
                Fail(instruction, "linear-memory access without the bounds-checked index register");
            if (instruction.MemoryIndex == Register.R14) Fail(instruction, "linear-memory base used as an index");
            if (instruction.SegmentPrefix is Register.FS or Register.GS) Fail(instruction, "segment override");
        }
    }

    private static void Fail(in X86Instruction instruction, string reason) =>
        throw new InvalidOperationException($"code verifier: instruction at 0x{instruction.IP:x} ({instruction}) {reason}");
}
