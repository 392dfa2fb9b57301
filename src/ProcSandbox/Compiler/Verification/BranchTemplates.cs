using System.Buffers.Binary;
using Iced.Intel;
using X86Instruction = Iced.Intel.Instruction;

namespace TenantDb.ProcSandbox.Compiler.Verification;

/// <summary>
/// SAFETY-CRITICAL. Decodes the relative branches generated code is full of (<c>jmp</c>, <c>jcc</c> and <c>call</c> with an
/// 8- or 32-bit displacement and no prefix) without Iced, from a template: what Iced decoded for the same form once, with
/// the address and target replaced. <see cref="DecodeCache"/> cannot keep them (their decoding holds the absolute target,
/// and the displacement differs at nearly every site). The form is fixed by the first byte (two for <c>0F 8x</c>), so
/// with no prefix everything Iced decodes but the address and the target is the form's; the target is the address of
/// the next instruction plus the sign-extended displacement, as Iced computes it (64-bit, wrapping). A template is kept
/// only after the instruction passed the per-instruction rules, which for these forms depend on the form alone
/// (<see cref="InstructionRules.CheckStateless"/>), so an instruction made from one needs no new check.
/// </summary>
internal sealed class BranchTemplates
{
    /// <summary>Forms: jcc rel8 (0-15, by condition), jcc rel32 (16-31), jmp rel8, jmp rel32, call rel32.</summary>
    private const int Forms = 35;
    /// <summary>Bytes that must be readable at an address (as <see cref="DecodeCache"/>'s window).</summary>
    private const int Window = 16;

    private readonly X86Instruction[] _templates = new X86Instruction[Forms];
    private readonly bool[] _known = new bool[Forms];

    /// <summary>
    /// Fills <paramref name="instruction"/> with what Iced decodes at <paramref name="offset"/> when the bytes there are a
    /// relative branch of a form met before; false if not.
    /// </summary>
    public bool TryGet(byte[] code, int offset, ref X86Instruction instruction)
    {
        if (offset < 0 || offset > code.Length - Window) return false;
        int form = Form(code, offset, out int length);
        if (form < 0 || !_known[form]) return false;
        long displacement = length == 2 ? (sbyte)code[offset + 1] : BinaryPrimitives.ReadInt32LittleEndian(code.AsSpan(offset + length - 4, 4));
        instruction = _templates[form];
        instruction.IP = (ulong)offset;
        instruction.NearBranch64 = unchecked((ulong)(offset + length) + (ulong)displacement);
        return true;
    }

    /// <summary>Keeps <paramref name="instruction"/> (decoded by Iced at its address, and past the per-instruction rules) as its form's template if it is one of these branches.</summary>
    public void Add(byte[] code, in X86Instruction instruction)
    {
        int offset = (int)instruction.IP;
        if (offset < 0 || offset > code.Length - Window) return;
        int form = Form(code, offset, out int length);
        if (form < 0 || _known[form] || instruction.Length != length || instruction.OpCount != 1 || instruction.Op0Kind != OpKind.NearBranch64) return;
        _templates[form] = instruction;
        _known[form] = true;
    }

    /// <summary>The form of the bytes at <paramref name="offset"/> and its length, or -1 when they are not one of these branches.</summary>
    private static int Form(byte[] code, int offset, out int length)
    {
        byte first = code[offset];
        switch (first)
        {
            case >= 0x70 and <= 0x7F: // jcc rel8
                length = 2;
                return first - 0x70;
            case 0x0F when code[offset + 1] is >= 0x80 and <= 0x8F: // jcc rel32
                length = 6;
                return 16 + code[offset + 1] - 0x80;
            case 0xEB: // jmp rel8
                length = 2;
                return 32;
            case 0xE9: // jmp rel32
                length = 5;
                return 33;
            case 0xE8: // call rel32
                length = 5;
                return 34;
            default:
                length = 0;
                return -1;
        }
    }
}
