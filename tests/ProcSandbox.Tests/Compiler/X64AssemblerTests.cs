using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Iced.Intel;
using TenantDb.ProcSandbox.Compiler;
using TenantDb.ProcSandbox.Compiler.Verification;
using X86Instruction = Iced.Intel.Instruction;

namespace TenantDb.ProcSandbox.Tests.Compiler;

/// <summary>
/// The compiler's own encoder (<see cref="X64Assembler"/>) writes, for every instruction form the
/// verifier allows, exactly the bytes Iced's encoder writes for the same instruction: random
/// registers of every width (including spl..dil and r8..r15), memory operands with every base,
/// index, scale and displacement size, and immediates of every size.
/// </summary>
public class X64AssemblerTests
{
    private static readonly List<Code> s_forms = InstructionAllowList.Rules.Select(r => r.Code).Where(Encodable).ToList();

    private static bool Encodable(Code code)
    {
        try
        {
            X64Form.Of(code);
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    [Fact]
    public void Every_allowed_form_except_branches_and_string_operations_has_an_encoding()
    {
        var missing = InstructionAllowList.Rules.Select(r => r.Code).Where(c => !Encodable(c)).ToList();
        Assert.All(missing, code => Assert.True(
            code.ToOpCode().GetOpKind(0) is OpCodeOperandKind.br64_1 or OpCodeOperandKind.br64_4 or OpCodeOperandKind.es_rDI,
            $"{code} has no encoding"));
        Assert.True(s_forms.Count > 200, $"only {s_forms.Count} forms");
    }

    [Fact]
    public void Every_form_encodes_like_Iced_with_each_register_and_memory_shape()
    {
        for (int seed = 0; seed < 64; seed++)
        {
            foreach (var code in s_forms) AssertSameBytes(code, new Random(seed * 7919 + (int)code));
        }
    }

    [Property(MaxTest = 2000)]
    public Property Random_instructions_encode_like_Iced(int seed)
    {
        var random = new Random(seed);
        var code = s_forms[random.Next(s_forms.Count)];
        AssertSameBytes(code, random);
        return true.ToProperty();
    }

    private static void AssertSameBytes(Code code, Random random)
    {
        var info = code.ToOpCode();
        var operands = new Operand[info.OpCount];
        for (int i = 0; i < operands.Length; i++)
        {
            // Three-operand forms (imul r, r/m, imm; round) are emitted with registers only.
            do operands[i] = RandomOperand(info.GetOpKind(i), random);
            while (info.OpCount == 3 && operands[i].Kind == OperandKind.Memory);
        }
        byte[] expected;
        try
        {
            expected = EncodeWithIced(code, operands);
        }
        catch (EncoderException e)
        {
            throw new InvalidOperationException($"{code} {string.Join(", ", operands)}: Iced rejects it", e);
        }
        byte[] actual = EncodeWithAssembler(code, operands);
        Assert.True(expected.AsSpan().SequenceEqual(actual),
            $"{code} {string.Join(", ", operands)}: Iced {Convert.ToHexString(expected)}, ours {Convert.ToHexString(actual)}");
    }

    private static byte[] EncodeWithAssembler(Code code, Operand[] ops)
    {
        using var buffer = new CodeBuffer(64);
        var asm = new X64Assembler(buffer);
        var explicitOps = ops.Where(o => o.Kind != OperandKind.Implicit).ToArray();
        switch (explicitOps.Select(o => o.Kind).ToArray())
        {
            case []: asm.Emit(code); break;
            case [OperandKind.Register]: asm.Emit(code, explicitOps[0].Register); break;
            case [OperandKind.Memory]: asm.Emit(code, explicitOps[0].Memory); break;
            case [OperandKind.Register, OperandKind.Register]: asm.Emit(code, explicitOps[0].Register, explicitOps[1].Register); break;
            case [OperandKind.Register, OperandKind.Memory]: asm.Emit(code, explicitOps[0].Register, explicitOps[1].Memory); break;
            case [OperandKind.Memory, OperandKind.Register]: asm.Emit(code, explicitOps[0].Memory, explicitOps[1].Register); break;
            case [OperandKind.Register, OperandKind.Immediate]: asm.Emit(code, explicitOps[0].Register, explicitOps[1].Immediate); break;
            case [OperandKind.Memory, OperandKind.Immediate]: asm.Emit(code, explicitOps[0].Memory, explicitOps[1].Immediate); break;
            case [OperandKind.Immediate]: asm.Emit(code, ops[0].Register, explicitOps[0].Immediate); break; // cmp eax, imm32
            case [OperandKind.Register, OperandKind.Register, OperandKind.Immediate]:
                asm.Emit(code, explicitOps[0].Register, explicitOps[1].Register, explicitOps[2].Immediate);
                break;
            default:
                throw new InvalidOperationException($"{code}: operand shape not covered by the test");
        }
        return buffer.Bytes.AsSpan(0, buffer.Length).ToArray();
    }

    private static byte[] EncodeWithIced(Code code, Operand[] ops)
    {
        X86Instruction instruction = ops.Length switch
        {
            0 => X86Instruction.Create(code),
            1 => ops[0].Kind == OperandKind.Memory ? X86Instruction.Create(code, ops[0].Memory) : X86Instruction.Create(code, ops[0].Register),
            2 => (ops[0].Kind, ops[1].Kind) switch
            {
                (OperandKind.Memory, OperandKind.Immediate) => X86Instruction.Create(code, ops[0].Memory, (int)ops[1].Immediate),
                (OperandKind.Memory, OperandKind.Implicit) when ops[1].Register == Register.None => X86Instruction.Create(code, ops[0].Memory, 1),
                (OperandKind.Memory, _) => X86Instruction.Create(code, ops[0].Memory, ops[1].Register),
                (_, OperandKind.Memory) => X86Instruction.Create(code, ops[0].Register, ops[1].Memory),
                (_, OperandKind.Immediate) when ops[1].Is64BitImmediate => X86Instruction.Create(code, ops[0].Register, (ulong)ops[1].Immediate),
                (_, OperandKind.Immediate) => X86Instruction.Create(code, ops[0].Register, (int)ops[1].Immediate),
                (_, OperandKind.Implicit) when ops[1].Register == Register.None => X86Instruction.Create(code, ops[0].Register, 1),
                _ => X86Instruction.Create(code, ops[0].Register, ops[1].Register),
            },
            _ => X86Instruction.Create(code, ops[0].Register, ops[1].Register, (int)ops[2].Immediate),
        };
        var writer = new BytesWriter();
        var encoder = Encoder.Create(64, writer);
        encoder.Encode(instruction, 0x1000);
        return writer.Bytes.ToArray();
    }

    private static Operand RandomOperand(OpCodeOperandKind kind, Random random) => kind switch
    {
        OpCodeOperandKind.r8_reg => Operand.Of(Byte(random)),
        OpCodeOperandKind.r16_reg => Operand.Of(Register.AX + random.Next(16)),
        OpCodeOperandKind.r32_reg or OpCodeOperandKind.r32_opcode => Operand.Of(Register.EAX + random.Next(16)),
        OpCodeOperandKind.r64_reg or OpCodeOperandKind.r64_opcode => Operand.Of(Register.RAX + random.Next(16)),
        OpCodeOperandKind.xmm_reg => Operand.Of(Register.XMM0 + random.Next(16)),
        OpCodeOperandKind.r8_or_mem => random.Next(2) == 0 ? Operand.Of(Byte(random)) : Memory(random),
        OpCodeOperandKind.r16_or_mem => random.Next(2) == 0 ? Operand.Of(Register.AX + random.Next(16)) : Memory(random),
        OpCodeOperandKind.r32_or_mem => random.Next(2) == 0 ? Operand.Of(Register.EAX + random.Next(16)) : Memory(random),
        OpCodeOperandKind.r64_or_mem => random.Next(2) == 0 ? Operand.Of(Register.RAX + random.Next(16)) : Memory(random),
        OpCodeOperandKind.xmm_or_mem => random.Next(2) == 0 ? Operand.Of(Register.XMM0 + random.Next(16)) : Memory(random),
        OpCodeOperandKind.mem => Memory(random),
        OpCodeOperandKind.imm8 => Operand.Imm(random.Next(256)),
        OpCodeOperandKind.imm8sex32 or OpCodeOperandKind.imm8sex64 => Operand.Imm(random.Next(-128, 128)),
        OpCodeOperandKind.imm16 => Operand.Imm(random.Next(65536)),
        OpCodeOperandKind.imm32 or OpCodeOperandKind.imm32sex64 => Operand.Imm(random.Next(4) == 0 ? random.Next(-3, 3) : random.Next(int.MinValue, int.MaxValue)),
        OpCodeOperandKind.imm64 => new Operand(OperandKind.Immediate, Register.None, default, random.NextInt64(long.MinValue, long.MaxValue), true),
        OpCodeOperandKind.cl => new Operand(OperandKind.Implicit, Register.CL, default, 0, false),
        OpCodeOperandKind.eax => new Operand(OperandKind.Implicit, Register.EAX, default, 0, false),
        OpCodeOperandKind.rax => new Operand(OperandKind.Implicit, Register.RAX, default, 0, false),
        OpCodeOperandKind.imm8_const_1 => new Operand(OperandKind.Implicit, Register.None, default, 1, false),
        _ => throw new InvalidOperationException($"operand kind {kind} not covered by the test"),
    };

    /// <summary>Any byte register but ah..bh (which the compiler never uses; they cannot be mixed with REX).</summary>
    private static Register Byte(Random random)
    {
        int n = random.Next(16);
        return n < 4 ? Register.AL + n : n < 8 ? Register.SPL + (n - 4) : Register.R8L + (n - 8);
    }

    private static Operand Memory(Random random)
    {
        var @base = Register.RAX + random.Next(16);
        var index = random.Next(3) == 0 ? Register.None : Register.RAX + random.Next(16);
        if (index == Register.RSP) index = Register.None;
        int scale = 1 << random.Next(4);
        long displacement = random.Next(4) switch
        {
            0 => 0,
            1 => random.Next(-128, 128),
            2 => random.Next(int.MinValue, int.MaxValue),
            _ => random.Next(-300, 300),
        };
        int displSize = displacement == 0 && random.Next(2) == 0 ? 0 : 1;
        return new Operand(OperandKind.Memory, Register.None, new MemoryOperand(@base, index, scale, displacement, displSize), 0, false);
    }

    private enum OperandKind { Register, Memory, Immediate, Implicit }

    private readonly record struct Operand(OperandKind Kind, Register Register, MemoryOperand Memory, long Immediate, bool Is64BitImmediate)
    {
        public static Operand Of(Register register) => new(OperandKind.Register, register, default, 0, false);
        public static Operand Imm(long value) => new(OperandKind.Immediate, Register.None, default, value, false);

        public override string ToString() => Kind switch
        {
            OperandKind.Memory => $"[{Memory.Base}+{Memory.Index}*{Memory.Scale}+{Memory.Displacement} ({Memory.DisplSize})]",
            OperandKind.Immediate => Immediate.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => Register.ToString(),
        };
    }

    private sealed class BytesWriter : CodeWriter
    {
        public List<byte> Bytes { get; } = [];

        public override void WriteByte(byte value) => Bytes.Add(value);
    }
}
