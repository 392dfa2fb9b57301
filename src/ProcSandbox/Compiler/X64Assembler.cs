using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Iced.Intel;

namespace TenantDb.ProcSandbox.Compiler;

/// <summary>
/// The thin assembler under the <see cref="MacroAssembler"/> (winch's asm layer): writes one x86-64
/// instruction at a time, as bytes, straight into the <see cref="CodeBuffer"/>. Forms are named by
/// Iced's <see cref="Code"/> and encoded from the <see cref="X64Form"/> table (prefix, REX, opcode,
/// ModRM/SIB, displacement, immediate); operands are Iced registers and memory operands, given in
/// Iced's operand order. Nothing is allocated per instruction. Branches to labels go through the
/// code buffer, which sizes and resolves them when the function ends.
/// </summary>
internal sealed class X64Assembler(CodeBuffer code)
{
    public CodeBuffer Code { get; } = code;

    /// <summary>Instructions written since the module's compilation started.</summary>
    public int InstructionCount { get; private set; }

    /// <summary>
    /// Counts instructions whose first operand is r11 (the scratch register; a write, or a compare, which the
    /// count does not tell apart): a checked end kept in r11 is still there while the count has not moved.
    /// </summary>
    public int ScratchWrites { get; private set; }

    /// <summary>
    /// One bit per register (general registers 0-15, xmm 16-31) that was the first operand of an instruction since
    /// <see cref="ForgetWrittenRegisters"/> (written, or compared: a superset of the registers written explicitly).
    /// </summary>
    public uint WrittenRegisters { get; private set; }

    /// <summary>Starts a new <see cref="WrittenRegisters"/> set.</summary>
    public void ForgetWrittenRegisters() => WrittenRegisters = 0;

    /// <summary>The bit of <paramref name="r"/> (any width of a general register, or an xmm) in <see cref="WrittenRegisters"/>.</summary>
    public static uint RegisterBit(Register r) => 1u << s_registerBits[(int)r];

    /// <summary>Per Iced register: its <see cref="WrittenRegisters"/> bit number; 0 (rax's) for registers outside the set, which never matter.</summary>
    private static readonly byte[] s_registerBits = RegisterBits();

    private static byte[] RegisterBits()
    {
        var bits = new byte[Enum.GetValues<Register>().Length + 1];
        for (var r = Register.AL; r <= Register.R15; r++) bits[(int)r] = (byte)(r.GetFullRegister() - Register.RAX);
        for (var r = Register.XMM0; r <= Register.XMM15; r++) bits[(int)r] = (byte)(16 + (r - Register.XMM0));
        return bits;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void NoteFirstOperand(Register r)
    {
        if (r is Register.R11 or Register.R11D or Register.R11W or Register.R11L) ScratchWrites++;
        WrittenRegisters |= 1u << s_registerBits[(int)r];
    }

    /// <summary>An instruction without register or memory operands (cdq, leave, ret, nop) or with only implicit ones.</summary>
    public void Emit(Code code)
    {
        var form = X64Form.Of(code);
        Write(form, 0, -1, default, form.Shape == FormShape.None ? 0 : throw Misuse(code), false);
    }

    /// <summary>One register operand (its ModRM r/m, or the register in the opcode).</summary>
    public void Emit(Code code, Register r)
    {
        NoteFirstOperand(r);
        var form = X64Form.Of(code);
        if (form.Shape == FormShape.OpcodeRegister) WriteOpcodeRegister(form, r, 0);
        else if (form.Shape == FormShape.Rm && form.RmOperand == 0) Write(form, form.Digit, Num(r), default, 0, NeedsRex(r));
        else throw Misuse(code);
    }

    /// <summary>One memory operand.</summary>
    public void Emit(Code code, in MemoryOperand m)
    {
        var form = X64Form.Of(code);
        if (form.Shape != FormShape.Rm || form.RmOperand != 0) throw Misuse(code);
        Write(form, form.Digit, -1, m, 0, false);
    }

    /// <summary>Two register operands (a second implicit one, such as cl, is ignored).</summary>
    public void Emit(Code code, Register a, Register b)
    {
        NoteFirstOperand(a);
        var form = X64Form.Of(code);
        switch (form.Shape)
        {
            case FormShape.RegRm:
                var (reg, rm) = form.RegOperand == 0 ? (a, b) : (b, a);
                Write(form, Num(reg), Num(rm), default, 0, NeedsRex(reg) || NeedsRex(rm));
                break;
            case FormShape.Rm when form.RmOperand == 0:
                Write(form, form.Digit, Num(a), default, 0, NeedsRex(a));
                break;
            default:
                throw Misuse(code);
        }
    }

    /// <summary>A register then a memory operand.</summary>
    public void Emit(Code code, Register a, in MemoryOperand m)
    {
        NoteFirstOperand(a);
        var form = X64Form.Of(code);
        if (form.Shape != FormShape.RegRm || form.RmOperand != 1) throw Misuse(code);
        Write(form, Num(a), -1, m, 0, NeedsRex(a));
    }

    /// <summary>A memory then a register operand.</summary>
    public void Emit(Code code, in MemoryOperand m, Register b)
    {
        var form = X64Form.Of(code);
        if (form.Shape != FormShape.RegRm || form.RmOperand != 0) throw Misuse(code);
        Write(form, Num(b), -1, m, 0, NeedsRex(b));
    }

    /// <summary>A register (r/m, in the opcode, or implicit) and an immediate.</summary>
    public void Emit(Code code, Register a, long imm)
    {
        NoteFirstOperand(a);
        var form = X64Form.Of(code);
        switch (form.Shape)
        {
            case FormShape.OpcodeRegister: WriteOpcodeRegister(form, a, imm); break;
            case FormShape.Rm: Write(form, form.Digit, Num(a), default, imm, NeedsRex(a)); break;
            case FormShape.None: Write(form, 0, -1, default, imm, false); break;
            default: throw Misuse(code);
        }
    }

    /// <summary>A memory operand and an immediate.</summary>
    public void Emit(Code code, in MemoryOperand m, long imm)
    {
        var form = X64Form.Of(code);
        if (form.Shape != FormShape.Rm || form.RmOperand != 0) throw Misuse(code);
        Write(form, form.Digit, -1, m, imm, false);
    }

    /// <summary>Register, register and immediate (imul r, r/m, imm; round xmm, xmm, imm).</summary>
    public void Emit(Code code, Register a, Register b, long imm)
    {
        NoteFirstOperand(a);
        var form = X64Form.Of(code);
        if (form.Shape != FormShape.RegRm || form.RegOperand != 0) throw Misuse(code);
        Write(form, Num(a), Num(b), default, imm, NeedsRex(a) || NeedsRex(b));
    }

    /// <summary>An immediate whose 8-bit form is chosen when it fits (what Iced's assembler does).</summary>
    public void EmitImm(Code imm8Form, Code imm32Form, Register a, int imm) =>
        Emit(imm == (sbyte)imm ? imm8Form : imm32Form, a, imm);

    /// <summary>rep stosq (zeroing of declared locals).</summary>
    public void RepStosq()
    {
        var code = Code;
        code.EnsureSpace();
        var b = code.Bytes;
        int p = code.Length;
        b[p] = 0xF3;
        b[p + 1] = 0x48;
        b[p + 2] = 0xAB;
        code.Length = p + 3;
        InstructionCount++;
    }

    /// <summary>lea <paramref name="dst"/>, [rip + <paramref name="label"/>] (a jump table's address).</summary>
    public void LeaRipRelative(Register dst, CodeLabel label)
    {
        NoteFirstOperand(dst);
        var code = Code;
        code.EnsureSpace();
        int n = Num(dst);
        var b = code.Bytes;
        int p = code.Length;
        b[p] = (byte)(0x48 | ((n & 8) != 0 ? 4 : 0));
        b[p + 1] = 0x8D;
        b[p + 2] = (byte)(((n & 7) << 3) | 5);
        code.Length = p + 3;
        code.LabelDisplacement(label);
        InstructionCount++;
    }

    /// <summary>jcc (x86 condition code 0-15) or jmp (<see cref="CodeBuffer.Jmp"/>) to a label.</summary>
    public void Branch(byte condition, CodeLabel target)
    {
        Code.Branch(condition, target);
        InstructionCount++;
    }

    /// <summary>jmp/call rel32 to the trap exit or a defined function.</summary>
    public void RawBranch(byte opcode, int target)
    {
        Code.RawBranch(opcode, target);
        InstructionCount++;
    }

    public CodeLabel CreateLabel() => Code.CreateLabel();

    public void Bind(CodeLabel label) => Code.Bind(label);

    private void WriteOpcodeRegister(in X64Form form, Register r, long imm)
    {
        var code = Code;
        code.EnsureSpace();
        var b = code.Bytes;
        int p = code.Length;
        int n = Num(r);
        if (form.Prefix != 0) b[p++] = form.Prefix;
        int rex = (form.W ? 8 : 0) | ((n & 8) != 0 ? 1 : 0);
        if (rex != 0) b[p++] = (byte)(0x40 | rex);
        p = WriteMap(b, p, form.Map);
        b[p++] = (byte)(form.Opcode + (n & 7));
        p = WriteImmediate(b, p, form.ImmBytes, imm);
        code.Length = p;
        InstructionCount++;
    }

    /// <summary>
    /// prefix, REX, opcode, ModRM (reg field <paramref name="reg"/>; r/m register <paramref name="rm"/>, or
    /// the memory operand <paramref name="m"/> when it is -1), SIB and displacement, immediate.
    /// </summary>
    private void Write(in X64Form form, int reg, int rm, in MemoryOperand m, long imm, bool byteRegisterNeedsRex)
    {
        var code = Code;
        code.EnsureSpace();
        var b = code.Bytes;
        int p = code.Length;
        if (form.Prefix != 0) b[p++] = form.Prefix;
        int rex = (form.W ? 8 : 0) | ((reg & 8) != 0 ? 4 : 0);
        int @base = 0, index = -1;
        if (rm >= 0)
        {
            if ((rm & 8) != 0) rex |= 1;
        }
        else if (form.Shape != FormShape.None)
        {
            @base = Num(m.Base);
            if ((@base & 8) != 0) rex |= 1;
            if (m.Index != Register.None)
            {
                index = Num(m.Index);
                if ((index & 8) != 0) rex |= 2;
            }
        }
        if (rex != 0 || byteRegisterNeedsRex) b[p++] = (byte)(0x40 | rex);
        p = WriteMap(b, p, form.Map);
        b[p++] = form.Opcode;
        if (form.Shape != FormShape.None)
        {
            int regBits = (reg & 7) << 3;
            if (rm >= 0)
            {
                b[p++] = (byte)(0xC0 | regBits | (rm & 7));
            }
            else
            {
                p = WriteMemory(b, p, regBits, @base, index, m);
            }
        }
        p = WriteImmediate(b, p, form.ImmBytes, imm);
        code.Length = p;
        InstructionCount++;
    }

    /// <summary>ModRM (+ SIB) and displacement of [base + index*scale + disp], sized as Iced sizes it.</summary>
    private static int WriteMemory(byte[] b, int p, int regBits, int @base, int index, in MemoryOperand m)
    {
        long displacement = m.Displacement;
        int mod;
        if (m.DisplSize == 0 && (@base & 7) != 5)
        {
            if (displacement != 0) throw new ArgumentException("a displacement needs a displacement size", nameof(m));
            mod = 0;
        }
        else
        {
            mod = displacement == (sbyte)displacement ? 1 : 2;
            if (displacement != (int)displacement) throw new ArgumentException("displacement beyond 32 bits", nameof(m));
        }
        if (index < 0 && (@base & 7) != 4 && m.Scale <= 1)
        {
            b[p++] = (byte)((mod << 6) | regBits | (@base & 7));
        }
        else
        {
            if (index == 4) throw new ArgumentException("rsp cannot be an index", nameof(m));
            int scale = m.Scale switch { 0 or 1 => 0, 2 => 1, 4 => 2, 8 => 3, _ => throw new ArgumentException("bad scale", nameof(m)) };
            b[p++] = (byte)((mod << 6) | regBits | 4);
            b[p++] = (byte)((scale << 6) | ((index < 0 ? 4 : index & 7) << 3) | (@base & 7));
        }
        if (mod == 1) b[p++] = (byte)(sbyte)displacement;
        else if (mod == 2)
        {
            BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(p), (int)displacement);
            p += 4;
        }
        return p;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int WriteMap(byte[] b, int p, byte map)
    {
        if (map == 0) return p;
        b[p++] = 0x0F;
        if (map == 2) b[p++] = 0x38;
        else if (map == 3) b[p++] = 0x3A;
        return p;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int WriteImmediate(byte[] b, int p, int size, long imm)
    {
        switch (size)
        {
            case 1: b[p] = (byte)imm; return p + 1;
            case 2: BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(p), (short)imm); return p + 2;
            case 4: BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(p), (int)imm); return p + 4;
            case 8: BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(p), imm); return p + 8;
            default: return p;
        }
    }

    /// <summary>The 4-bit register number of a general (any width) or xmm register.</summary>
    private static int Num(Register r)
    {
        if (r >= Register.RAX && r <= Register.R15) return r - Register.RAX;
        if (r >= Register.EAX && r <= Register.R15D) return r - Register.EAX;
        if (r >= Register.XMM0 && r <= Register.XMM15) return r - Register.XMM0;
        if (r >= Register.AX && r <= Register.R15W) return r - Register.AX;
        if (r >= Register.AL && r <= Register.BL) return r - Register.AL;
        if (r >= Register.SPL && r <= Register.DIL) return r - Register.SPL + 4;
        if (r >= Register.R8L && r <= Register.R15L) return r - Register.R8L + 8;
        throw new ArgumentOutOfRangeException(nameof(r), r, "register not encodable here");
    }

    /// <summary>spl, bpl, sil and dil exist only with a REX prefix (without one, the same numbers mean ah..bh).</summary>
    private static bool NeedsRex(Register r) => r >= Register.SPL && r <= Register.DIL;

    private static InvalidOperationException Misuse(Code code) => new($"{code}: operands do not match the form");
}
