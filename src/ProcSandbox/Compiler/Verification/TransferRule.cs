using X86Instruction = Iced.Intel.Instruction;
using Iced.Intel;

namespace TenantDb.ProcSandbox.Compiler.Verification;

/// <summary>How an instruction form changes one general register (SAFETY-CRITICAL: zero-extension is what address checks rely on).</summary>
internal enum WriteKind : byte
{
    /// <summary>Not written.</summary>
    None,
    /// <summary>All 64 bits may change (a 64-bit write, or a conditional one): nothing is known of the result.</summary>
    Full,
    /// <summary>A 32-bit write that always happens: the upper 32 bits become zero.</summary>
    ZeroExtends,
    /// <summary>
    /// The upper 32 bits are either kept or zeroed: 8/16-bit writes, and 32-bit writes that may not
    /// happen (bsf/bsr with a zero source, cmov with a false condition, shifts by a masked count of 0).
    /// The result is zero-extended only when the old value was.
    /// </summary>
    KeepsUpper,
}

/// <summary>What an allowed form does with its explicit memory operand, when it has one (SAFETY-CRITICAL: writes are restricted).</summary>
internal enum MemoryAccess : byte
{
    /// <summary>The form has no explicit memory operand.</summary>
    None,
    /// <summary>Reads it (cmov included: its read happens whatever the condition).</summary>
    Read,
    /// <summary>Writes it, or reads and writes it.</summary>
    Write,
    /// <summary>Only computes its address (lea).</summary>
    AddressOnly,
}

/// <summary>A fixed (implicit) register an instruction form writes.</summary>
internal readonly record struct RegisterWrite(Register Register, WriteKind Kind);

/// <summary>
/// What an allowed instruction form writes: its first operand when that is a register
/// (<paramref name="Destination"/>), plus fixed registers (<paramref name="Implicit"/>: rax/rdx of a
/// division, rdx of cdq/cqo, rsp of stack instructions, rdi/rcx of rep stosq).
/// </summary>
internal sealed record TransferRule(Code Code, WriteKind Destination, RegisterWrite[] Implicit)
{
    /// <summary>
    /// The access to the form's explicit memory operand (the r/m or m operand of its encoding). An r/m operand in
    /// first position is written unless the form only compares, pushes, branches through or divides by it: a
    /// form missing from that short list errs towards a write, the stricter reading. A test checks every form
    /// against Iced's <c>InstructionInfoFactory</c>.
    /// </summary>
    public MemoryAccess Memory { get; } = MemoryAccessOf(Code);

    /// <summary>
    /// The position of the form's r/m or m operand, the only one an instruction of the form can have as an explicit memory
    /// operand (in the other encoding of an r/m operand it is a register), or -1 when the form has none.
    /// </summary>
    public int MemoryOperand { get; } = MemoryOperandOf(Code);

    private static int MemoryOperandOf(Code code)
    {
        var opCode = code.ToOpCode();
        for (int i = 0; i < opCode.OpCount; i++)
        {
            if (opCode.GetOpKind(i) is OpCodeOperandKind.mem or OpCodeOperandKind.r8_or_mem or OpCodeOperandKind.r16_or_mem
                or OpCodeOperandKind.r32_or_mem or OpCodeOperandKind.r64_or_mem or OpCodeOperandKind.xmm_or_mem)
                return i;
        }
        return -1;
    }

    private static MemoryAccess MemoryAccessOf(Code code)
    {
        if (code == Code.Lea_r64_m) return MemoryAccess.AddressOnly;
        int operand = MemoryOperandOf(code);
        if (operand < 0) return MemoryAccess.None;
        if (operand > 0) return MemoryAccess.Read;
        return code.Mnemonic() is Mnemonic.Cmp or Mnemonic.Test or Mnemonic.Push or Mnemonic.Call or Mnemonic.Jmp or Mnemonic.Div or Mnemonic.Idiv
            ? MemoryAccess.Read
            : MemoryAccess.Write;
    }

    /// <summary>The full register the first operand writes, or <see cref="Register.None"/>.</summary>
    public Register DestinationOf(in X86Instruction instruction) => DestinationOf(Destination, instruction);

    /// <summary>The full register the first operand of a form writing it as <paramref name="destination"/> writes, or <see cref="Register.None"/>.</summary>
    public static Register DestinationOf(WriteKind destination, in X86Instruction instruction) =>
        destination != WriteKind.None && instruction.Op0Kind == OpKind.Register ? instruction.Op0Register.GetFullRegister() : Register.None;

    /// <summary>True when <paramref name="instruction"/> writes (any part of) <paramref name="fullRegister"/>.</summary>
    public bool Writes(in X86Instruction instruction, Register fullRegister)
    {
        if (DestinationOf(instruction) == fullRegister) return true;
        foreach (var write in Implicit)
        {
            if (write.Register == fullRegister) return true;
        }
        return false;
    }
}
