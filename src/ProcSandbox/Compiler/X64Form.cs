using Iced.Intel;
using TenantDb.ProcSandbox.Compiler.Verification;

namespace TenantDb.ProcSandbox.Compiler;

/// <summary>Where an instruction form keeps its register or memory operands.</summary>
internal enum FormShape : byte
{
    /// <summary>No ModRM byte (cdq, ret, <c>cmp eax, imm32</c>).</summary>
    None,
    /// <summary>ModRM with an opcode extension in its reg field and one register-or-memory operand.</summary>
    Rm,
    /// <summary>ModRM with a register operand in its reg field and a register-or-memory operand.</summary>
    RegRm,
    /// <summary>The register is in the low three bits of the opcode (push r64, <c>mov r32, imm32</c>).</summary>
    OpcodeRegister,
}

/// <summary>
/// The encoding of one instruction form (an Iced <see cref="Code"/>): mandatory prefix, REX.W,
/// opcode map and byte, ModRM use and immediate size. The table is read once from Iced's opcode
/// metadata for every form the verifier allows, so the bytes <see cref="X64Assembler"/> writes are
/// the ones Iced's own encoder would (a test compares both for every form).
/// </summary>
internal readonly record struct X64Form(
    byte Prefix, bool W, byte Map, byte Opcode, FormShape Shape, sbyte Digit, sbyte RegOperand, sbyte RmOperand, byte ImmBytes)
{
    private static readonly X64Form?[] s_forms = Build();

    /// <summary>The encoding of <paramref name="code"/>; throws for a form the verifier would reject anyway.</summary>
    public static X64Form Of(Code code) =>
        (uint)code < (uint)s_forms.Length && s_forms[(int)code] is { } form
            ? form
            : throw new ArgumentOutOfRangeException(nameof(code), code, "instruction form not on the verifier's allow-list");

    /// <summary>Forms whose 64-bit operand size is the default in long mode: no REX.W.</summary>
    private static bool IsDefault64(Code code) => code is Code.Push_r64 or Code.Pop_r64 or Code.Push_rm64 or Code.Call_rm64
        or Code.Jmp_rm64 or Code.Leaveq or Code.Retnq or Code.Jmp_rel8_64 or Code.Jmp_rel32_64 or Code.Call_rel32_64;

    private static X64Form?[] Build()
    {
        int max = 0;
        foreach (var rule in InstructionAllowList.Rules) max = Math.Max(max, (int)rule.Code);
        var forms = new X64Form?[max + 1];
        foreach (var rule in InstructionAllowList.Rules)
        {
            var info = rule.Code.ToOpCode();
            if (info.Encoding != EncodingKind.Legacy) continue;
            if (TryDescribe(rule.Code, info, out var form)) forms[(int)rule.Code] = form;
        }
        return forms;
    }

    private static bool TryDescribe(Code code, OpCodeInfo info, out X64Form form)
    {
        form = default;
        sbyte reg = -1, rm = -1, opcodeRegister = -1;
        byte imm = 0;
        for (int i = 0; i < info.OpCount; i++)
        {
            switch (info.GetOpKind(i))
            {
                case OpCodeOperandKind.r8_reg or OpCodeOperandKind.r16_reg or OpCodeOperandKind.r32_reg or OpCodeOperandKind.r64_reg or OpCodeOperandKind.xmm_reg:
                    reg = (sbyte)i;
                    break;
                case OpCodeOperandKind.r8_or_mem or OpCodeOperandKind.r16_or_mem or OpCodeOperandKind.r32_or_mem or OpCodeOperandKind.r64_or_mem
                    or OpCodeOperandKind.xmm_or_mem or OpCodeOperandKind.mem:
                    rm = (sbyte)i;
                    break;
                case OpCodeOperandKind.r32_opcode or OpCodeOperandKind.r64_opcode:
                    opcodeRegister = (sbyte)i;
                    break;
                case OpCodeOperandKind.imm8 or OpCodeOperandKind.imm8sex32 or OpCodeOperandKind.imm8sex64:
                    imm = 1;
                    break;
                case OpCodeOperandKind.imm16:
                    imm = 2;
                    break;
                case OpCodeOperandKind.imm32 or OpCodeOperandKind.imm32sex64:
                    imm = 4;
                    break;
                case OpCodeOperandKind.imm64:
                    imm = 8;
                    break;
                case OpCodeOperandKind.cl or OpCodeOperandKind.eax or OpCodeOperandKind.rax or OpCodeOperandKind.imm8_const_1:
                    break; // implicit in the opcode
                default:
                    return false; // branches, string operations: written by their own methods
            }
        }
        byte prefix = info.MandatoryPrefix switch
        {
            MandatoryPrefix.P66 => 0x66,
            MandatoryPrefix.PF3 => 0xF3,
            MandatoryPrefix.PF2 => 0xF2,
            _ => info.OperandSize == 16 ? (byte)0x66 : (byte)0,
        };
        byte map = info.Table switch
        {
            OpCodeTableKind.Normal => 0,
            OpCodeTableKind.T0F => 1,
            OpCodeTableKind.T0F38 => 2,
            OpCodeTableKind.T0F3A => 3,
            _ => throw new InvalidOperationException($"{code}: unexpected opcode table {info.Table}"),
        };
        var shape = opcodeRegister >= 0 ? FormShape.OpcodeRegister
            : reg >= 0 ? FormShape.RegRm
            : rm >= 0 ? FormShape.Rm
            : FormShape.None;
        if (shape == FormShape.OpcodeRegister) reg = opcodeRegister;
        form = new X64Form(prefix, info.OperandSize == 64 && !IsDefault64(code), map, (byte)info.OpCode, shape,
            (sbyte)Math.Max(info.GroupIndex, 0), reg, rm, imm);
        return true;
    }
}
