using Iced.Intel;
using TenantDb.ProcSandbox.Runtime.Native;
using X86Instruction = Iced.Intel.Instruction;

namespace TenantDb.ProcSandbox.Tests.Verifier;

/// <summary>
/// Synthesizes function bodies from the compiler's safety-relevant patterns (bounds-checked access,
/// jump-table dispatch, division with its checks, memory.grow, frame spills, forward and backward
/// branches), interleaved with value-producing forms that write registers in every way the allow-list
/// has (32/64-bit writes, 8/16-bit partial writes, bsf/bsr/lzcnt/tzcnt/popcnt, bt*, setcc, cmov,
/// shifts by 0, div/idiv), and mutates each pattern at random: a check dropped, moved or widened,
/// the wrong register or width, an off-by-one bound or displacement, a forged argument. Bounds checks
/// also compare with a register holding the memory size (the module's memory limit register, one loaded
/// in straight-line code, or one that holds something else), and the limit is reloaded after memory.grow
/// and a switch of r15 only most of the time.
/// </summary>
internal sealed class VerifierSequenceSynthesizer(HandMadeModule m, Random g)
{
    private static readonly Register[] s_values =
        [Register.RAX, Register.RCX, Register.RDX, Register.RSI, Register.RDI, Register.R8, Register.R9, Register.R10, Register.R11];

    private Assembler Asm => m.Asm;

    /// <summary>The few registers this program works on, so that values flow from one pattern into the next.</summary>
    private readonly Register[] _working = [.. s_values.OrderBy(_ => g.Next()).Take(2 + g.Next(3))];

    /// <summary>Emits 1..6 patterns, sometimes ending with a jump to the trap exit.</summary>
    public void Body()
    {
        int patterns = 1 + g.Next(6);
        for (int i = 0; i < patterns; i++) Pattern(depth: 0);
        if (g.Next(6) == 0) TrapExit();
    }

    private void Pattern(int depth)
    {
        switch (g.Next(depth > 0 ? 14 : 16))
        {
            case 13: Division(); break;
            case 0: LoadParameter(); break;
            case 1: Constant(); break;
            case 2: case 3: Arithmetic(); break;
            case 4: BitOperation(); break;
            case 5: ShiftOrRotate(); break;
            case 6: ConditionalMove(); break;
            case 7: Extension(); break;
            case 8: Division(); break;
            case 9: if (g.Next(3) == 0) MaskedMemoryAccess(); else LinearMemoryAccess(); break;
            case 10: LinearMemoryAccess(); break;
            case 11: JumpTableDispatch(); break;
            case 12: FrameSpill(); break;
            case 14: ForwardSkip(depth); break;
            default: Loop(depth); break;
        }
        if (g.Next(10) == 0) MemoryGrow();
    }

    // ---- registers and operands ----

    private Register Value() => g.Next(8) == 0 ? s_values[g.Next(s_values.Length)] : _working[g.Next(_working.Length)];

    private static Register R32(Register r) => Register.EAX + (r - Register.RAX);
    private static Register R16(Register r) => Register.AX + (r - Register.RAX);

    private static Register R8(Register r)
    {
        int i = r - Register.RAX;
        return i < 4 ? Register.AL + i : i < 8 ? Register.SPL + (i - 4) : Register.R8L + (i - 8);
    }

    private bool Wide() => g.Next(2) == 0;

    private void Emit(X86Instruction instruction) => Asm.AddInstruction(instruction);

    private static MemoryOperand Mem(Register @base, long displacement, Register index = Register.None, int scale = 1) =>
        new(@base, index, scale, displacement, displacement == 0 ? 0 : displacement is >= sbyte.MinValue and <= sbyte.MaxValue ? 1 : 8);

    /// <summary>Mostly the values an attack needs (around 0, 2^31, 2^32, -1), sometimes anything.</summary>
    private long Interesting() => g.Next(8) switch
    {
        0 => 0,
        1 => -1,
        2 => int.MinValue,
        3 => 0x1_0000_0000,
        4 => uint.MaxValue,
        5 => g.Next(-16, 16),
        6 => 0x1_0000 - g.Next(8),
        _ => g.NextInt64(),
    };

    // ---- value producers ----

    private void LoadParameter()
    {
        var r = Value();
        var slot = Mem(Register.RBP, 16 + 8 * g.Next(2));
        Emit(Wide() ? X86Instruction.Create(Code.Mov_r64_rm64, r, slot) : X86Instruction.Create(Code.Mov_r32_rm32, R32(r), slot));
    }

    private void Constant()
    {
        var r = Value();
        long value = Interesting();
        switch (g.Next(4))
        {
            case 0: Emit(X86Instruction.Create(Code.Mov_r32_imm32, R32(r), (uint)value)); break;
            case 1: Emit(X86Instruction.Create(Code.Mov_r64_imm64, r, (ulong)value)); break;
            case 2: Emit(X86Instruction.Create(Code.Mov_rm64_imm32, r, (int)value)); break;
            default: Emit(X86Instruction.Create(Code.Xor_r32_rm32, R32(r), R32(r))); break;
        }
    }

    private void Arithmetic()
    {
        var a = Value();
        var b = Value();
        (Code R32Form, Code R64Form, Code Imm32Form, Code Imm64Form)[] ops =
        [
            (Code.Add_r32_rm32, Code.Add_r64_rm64, Code.Add_rm32_imm32, Code.Add_rm64_imm32),
            (Code.Sub_r32_rm32, Code.Sub_r64_rm64, Code.Sub_rm32_imm32, Code.Sub_rm64_imm32),
            (Code.And_r32_rm32, Code.And_r64_rm64, Code.And_rm32_imm32, Code.And_rm64_imm32),
            (Code.Or_r32_rm32, Code.Or_r64_rm64, Code.Or_rm32_imm32, Code.Or_rm64_imm32),
            (Code.Xor_r32_rm32, Code.Xor_r64_rm64, Code.Xor_rm32_imm32, Code.Xor_rm64_imm32),
            (Code.Imul_r32_rm32, Code.Imul_r64_rm64, Code.Imul_r32_rm32_imm32, Code.Imul_r64_rm64_imm32),
            (Code.Mov_r32_rm32, Code.Mov_r64_rm64, Code.Mov_r32_imm32, Code.Mov_rm64_imm32),
        ];
        var op = ops[g.Next(ops.Length)];
        int immediate = (int)Interesting();
        switch (g.Next(6))
        {
            case 0: Emit(X86Instruction.Create(op.R32Form, R32(a), R32(b))); break;
            case 1: Emit(X86Instruction.Create(op.R64Form, a, b)); break;
            case 2 when op.Imm32Form is Code.Imul_r32_rm32_imm32:
                Emit(X86Instruction.Create(op.Imm32Form, R32(a), R32(b), immediate));
                break;
            case 2: Emit(op.Imm32Form == Code.Mov_r32_imm32 ? X86Instruction.Create(op.Imm32Form, R32(a), (uint)immediate) : X86Instruction.Create(op.Imm32Form, R32(a), immediate)); break;
            case 3 when op.Imm64Form is Code.Imul_r64_rm64_imm32:
                Emit(X86Instruction.Create(op.Imm64Form, a, b, immediate));
                break;
            case 3: Emit(X86Instruction.Create(op.Imm64Form, a, immediate)); break;
            case 4: Emit(X86Instruction.Create(g.Next(3) switch { 0 => Code.And_r8_rm8, 1 => Code.Or_r8_rm8, _ => Code.Mov_rm8_r8 }, R8(a), R8(b))); break;
            default: Emit(X86Instruction.Create(Code.Mov_rm16_r16, R16(a), R16(b))); break;
        }
    }

    private void BitOperation()
    {
        var a = Value();
        var b = Value();
        bool wide = Wide();
        switch (g.Next(4))
        {
            case 0:
            {
                Code[] forms = wide
                    ? [Code.Bsf_r64_rm64, Code.Bsr_r64_rm64, Code.Lzcnt_r64_rm64, Code.Tzcnt_r64_rm64, Code.Popcnt_r64_rm64]
                    : [Code.Bsf_r32_rm32, Code.Bsr_r32_rm32, Code.Lzcnt_r32_rm32, Code.Tzcnt_r32_rm32, Code.Popcnt_r32_rm32];
                Emit(X86Instruction.Create(forms[g.Next(forms.Length)], wide ? a : R32(a), wide ? b : R32(b)));
                break;
            }
            case 1:
            {
                Code[] forms = wide ? [Code.Btr_rm64_imm8, Code.Btc_rm64_imm8] : [Code.Btr_rm32_imm8, Code.Btc_rm32_imm8];
                Emit(X86Instruction.Create(forms[g.Next(2)], wide ? a : R32(a), g.Next(64)));
                break;
            }
            default:
            {
                Compare();
                Code[] forms = [Code.Sete_rm8, Code.Setne_rm8, Code.Setb_rm8, Code.Seta_rm8, Code.Setl_rm8, Code.Setg_rm8, Code.Setp_rm8];
                Emit(X86Instruction.Create(forms[g.Next(forms.Length)], R8(a)));
                break;
            }
        }
    }

    private void ShiftOrRotate()
    {
        var a = Value();
        bool wide = Wide();
        var r = wide ? a : R32(a);
        Code[] byImmediate = wide ? [Code.Shl_rm64_imm8, Code.Shr_rm64_imm8, Code.Sar_rm64_imm8, Code.Rol_rm64_imm8, Code.Ror_rm64_imm8]
            : [Code.Shl_rm32_imm8, Code.Shr_rm32_imm8, Code.Sar_rm32_imm8, Code.Rol_rm32_imm8, Code.Ror_rm32_imm8];
        Code[] byCl = wide ? [Code.Shl_rm64_CL, Code.Shr_rm64_CL, Code.Sar_rm64_CL, Code.Rol_rm64_CL, Code.Ror_rm64_CL]
            : [Code.Shl_rm32_CL, Code.Shr_rm32_CL, Code.Sar_rm32_CL, Code.Rol_rm32_CL, Code.Ror_rm32_CL];
        int k = g.Next(5);
        switch (g.Next(3))
        {
            case 0: Emit(X86Instruction.Create(byImmediate[k], r, new[] { 0, 1, 5, 32, 33, 63 }[g.Next(6)])); break;
            case 1: Emit(X86Instruction.Create(byCl[k], r, Register.CL)); break;
            default: Emit(X86Instruction.Create(wide ? Code.Shl_rm64_1 : Code.Shl_rm32_1, r, 1)); break;
        }
    }

    private void Compare()
    {
        var a = Value();
        switch (g.Next(3))
        {
            case 0: Emit(X86Instruction.Create(Code.Cmp_r64_rm64, a, Value())); break;
            case 1: Emit(X86Instruction.Create(Code.Test_rm32_r32, R32(a), R32(a))); break;
            default: Emit(X86Instruction.Create(Code.Cmp_rm32_imm32, R32(a), (int)Interesting())); break;
        }
    }

    private void ConditionalMove()
    {
        Compare();
        var a = Value();
        var b = Value();
        switch (g.Next(3))
        {
            case 0: Emit(X86Instruction.Create(Code.Cmove_r32_rm32, R32(a), R32(b))); break;
            case 1: Emit(X86Instruction.Create(Code.Cmove_r64_rm64, a, b)); break;
            default: Emit(X86Instruction.Create(Code.Cmovb_r64_rm64, a, b)); break;
        }
    }

    private void Extension()
    {
        var a = Value();
        var b = Value();
        switch (g.Next(5))
        {
            case 0: Emit(X86Instruction.Create(Code.Movzx_r32_rm8, R32(a), R8(b))); break;
            case 1: Emit(X86Instruction.Create(Code.Movzx_r32_rm16, R32(a), R16(b))); break;
            case 2: Emit(X86Instruction.Create(Code.Movsx_r64_rm16, a, R16(b))); break;
            case 3: Emit(X86Instruction.Create(Code.Movsxd_r64_rm32, a, R32(b))); break;
            default: Emit(X86Instruction.Create(Code.Mov_r32_rm32, R32(a), R32(a))); break;
        }
    }

    // ---- the compiler's patterns, mutated ----

    /// <summary>div/idiv as the compiler emits it, with each of its checks kept, dropped or done wrong.</summary>
    private void Division()
    {
        bool wide = Wide();
        bool signed = g.Next(2) == 0;
        bool remainder = g.Next(2) == 0;
        var d = g.Next(8) == 0 ? Register.RDX : Value();
        if (d == Register.RAX) d = Register.RCX;
        var sized = wide ? d : R32(d);
        var dividend = Value();
        Emit(wide ? X86Instruction.Create(Code.Mov_r64_rm64, Register.RAX, dividend) : X86Instruction.Create(Code.Mov_r32_rm32, Register.EAX, R32(dividend)));
        switch (g.Next(12))
        {
            case 0: break; // no zero test
            case 1: // the other width
                Emit(wide ? X86Instruction.Create(Code.Test_rm32_r32, R32(d), R32(d)) : X86Instruction.Create(Code.Test_rm64_r64, d, d));
                Asm.je(m.TrapStub);
                break;
            case 2: // another register
                var other = Value();
                Emit(wide ? X86Instruction.Create(Code.Test_rm64_r64, other, other) : X86Instruction.Create(Code.Test_rm32_r32, R32(other), R32(other)));
                Asm.je(m.TrapStub);
                break;
            default:
                Emit(wide ? X86Instruction.Create(Code.Test_rm64_r64, d, d) : X86Instruction.Create(Code.Test_rm32_r32, sized, sized));
                Asm.je(m.TrapStub);
                break;
        }
        if (g.Next(8) == 0) Arithmetic(); // may overwrite the divisor or rax after the test
        var done = Asm.CreateLabel();
        if (!signed)
        {
            switch (g.Next(8))
            {
                case 0: break;
                case 1: Emit(X86Instruction.Create(Code.Mov_r32_imm32, Register.EDX, (uint)g.Next(3))); break;
                default: Emit(X86Instruction.Create(Code.Xor_r32_rm32, Register.EDX, Register.EDX)); break;
            }
            Emit(X86Instruction.Create(wide ? Code.Div_rm64 : Code.Div_rm32, sized));
        }
        else
        {
            var normal = Asm.CreateLabel();
            bool minusOneCheck = g.Next(5) != 0;
            if (minusOneCheck)
            {
                Emit(X86Instruction.Create(wide ? Code.Cmp_rm64_imm8 : Code.Cmp_rm32_imm8, sized, g.Next(6) == 0 ? 1 : -1));
                Asm.jne(normal);
                if (remainder)
                {
                    Emit(X86Instruction.Create(Code.Xor_r32_rm32, Register.EDX, Register.EDX));
                    Asm.jmp(done);
                }
                else if (g.Next(5) != 0)
                {
                    if (wide)
                    {
                        Emit(X86Instruction.Create(Code.Mov_r64_imm64, Register.R11, g.Next(6) == 0 ? (ulong)long.MaxValue : 0x8000_0000_0000_0000UL));
                        Emit(X86Instruction.Create(Code.Cmp_r64_rm64, Register.RAX, Register.R11));
                    }
                    else
                    {
                        Emit(X86Instruction.Create(Code.Cmp_EAX_imm32, Register.EAX, g.Next(6) == 0 ? int.MaxValue : int.MinValue));
                    }
                    Asm.je(m.TrapStub);
                }
            }
            Asm.Label(ref normal);
            if (g.Next(6) != 0) Emit(X86Instruction.Create(wide ? Code.Cqo : Code.Cdq));
            Emit(X86Instruction.Create(wide ? Code.Idiv_rm64 : Code.Idiv_rm32, sized));
        }
        Asm.Label(ref done);
        Asm.nop();
    }

    /// <summary>The bounds-checked access: r11 = 32-bit address + k, cmp with the memory size, ja trap, [r14 + r11 + d].</summary>
    private void LinearMemoryAccess()
    {
        var source = Value();
        long k = new long[] { 0, 1, 4, 8, 0x1_0000, 0x7FFF_FFFF }[g.Next(6)];
        int size = new[] { 1, 2, 4, 8 }[g.Next(4)];
        switch (g.Next(6))
        {
            case 0: Emit(X86Instruction.Create(Code.Mov_r64_rm64, Register.R11, source)); break;
            case 1: break; // whatever r11 holds
            default: Emit(X86Instruction.Create(Code.Mov_r32_rm32, Register.R11D, R32(source))); break;
        }
        if (k != 0) Emit(X86Instruction.Create(Code.Add_rm64_imm32, Register.R11, (int)k));
        int check = g.Next(10);
        if (check >= 8)
        {
            // Against a register: the module's memory limit, a size loaded just now, or any value.
            var limit = m.MemoryLimit is { } l && check == 8 ? l.Value : Value();
            if (check == 9 && g.Next(2) == 0) Emit(X86Instruction.Create(Code.Mov_r64_rm64, limit, Mem(Register.R15, VmContextLayout.MemorySize)));
            Emit(X86Instruction.Create(Code.Cmp_r64_rm64, Register.R11, limit));
            if (g.Next(8) == 0) Asm.jae(m.TrapStub); else Asm.ja(m.TrapStub);
        }
        else if (check != 0)
        {
            Emit(X86Instruction.Create(Code.Cmp_r64_rm64, Register.R11, Mem(Register.R15, check == 1 ? VmContextLayout.MemoryBase : VmContextLayout.MemorySize)));
            if (check == 2) Asm.jae(m.TrapStub); else if (check == 3) Asm.jb(m.TrapStub); else Asm.ja(m.TrapStub);
        }
        if (g.Next(10) == 0) Arithmetic(); // may overwrite r11 between the check and the access
        long d = g.Next(5) switch
        {
            0 => -k - 1,
            1 => -k + 1,
            2 => -size,
            _ => -k,
        };
        if (d > 0x7FFF_FFFF || d < -0x8000_0000L) d = -size;
        var operand = Mem(Register.R14, d, Register.R11);
        var value = Value();
        Emit(size switch
        {
            1 => g.Next(2) == 0 ? X86Instruction.Create(Code.Movzx_r32_rm8, R32(value), operand) : X86Instruction.Create(Code.Mov_rm8_r8, operand, R8(value)),
            2 => X86Instruction.Create(Code.Mov_rm16_r16, operand, R16(value)),
            4 => g.Next(2) == 0 ? X86Instruction.Create(Code.Mov_r32_rm32, R32(value), operand) : X86Instruction.Create(Code.Mov_rm32_r32, operand, R32(value)),
            _ => g.Next(2) == 0 ? X86Instruction.Create(Code.Mov_r64_rm64, value, operand) : X86Instruction.Create(Code.Mov_rm64_r64, operand, value),
        });
    }

    /// <summary>
    /// An unchecked access the verifier must judge by the memory's minimum size alone: [r14 + d] or [r14 + r + d] after
    /// <c>and r32, mask</c> and maybe <c>shl r32, k</c>, with masks, shifts and displacements around the limit, and sometimes
    /// an instruction that changes the register in between.
    /// </summary>
    private void MaskedMemoryAccess()
    {
        int size = new[] { 1, 2, 4, 8 }[g.Next(4)];
        var value = Value();
        long d;
        MemoryOperand operand;
        if (g.Next(4) == 0)
        {
            d = new long[] { 0, 0xFFF8, 0xFFFC, 0xFFFF, 0x1_0000, -8 }[g.Next(6)];
            operand = Mem(Register.R14, d);
        }
        else
        {
            var index = Value();
            uint mask = new uint[] { 0, 0x7F, 0xFF, 0x3FF, 0xFFFF, 0x7FFF_FFFF, 0xFFFF_FFF0 }[g.Next(7)];
            Emit(X86Instruction.Create(mask <= 0x7F || mask >= 0xFFFF_FF80 ? Code.And_rm32_imm8 : Code.And_rm32_imm32, R32(index), (int)mask));
            int k = 0;
            if (g.Next(2) == 0)
            {
                k = new[] { 0, 1, 2, 3, 8, 31 }[g.Next(6)];
                Emit(X86Instruction.Create(Code.Shl_rm32_imm8, R32(index), k));
            }
            if (g.Next(3) == 0)
            {
                var copy = Value();
                Emit(X86Instruction.Create(Code.Mov_r32_rm32, R32(copy), R32(index)));
                index = copy;
            }
            if (g.Next(10) == 0) Arithmetic(); // may change the index between the mask and the access
            long reach = ((long)mask << k) + size;
            d = g.Next(4) switch
            {
                0 => 0x1_0000 - reach,
                1 => 0x1_0000 - reach + 1,
                2 => -1,
                _ => g.Next(64),
            };
            if (d > 0x7FFF_FFFF || d < -0x8000_0000L) d = 0;
            operand = Mem(Register.R14, d, index);
        }
        Emit(size switch
        {
            1 => g.Next(2) == 0 ? X86Instruction.Create(Code.Movzx_r32_rm8, R32(value), operand) : X86Instruction.Create(Code.Mov_rm8_r8, operand, R8(value)),
            2 => X86Instruction.Create(Code.Mov_rm16_r16, operand, R16(value)),
            4 => g.Next(2) == 0 ? X86Instruction.Create(Code.Mov_r32_rm32, R32(value), operand) : X86Instruction.Create(Code.Mov_rm32_r32, operand, R32(value)),
            _ => g.Next(2) == 0 ? X86Instruction.Create(Code.Mov_r64_rm64, value, operand) : X86Instruction.Create(Code.Mov_rm64_r64, operand, value),
        });
    }

    /// <summary>br_table: r10 = 32-bit index, cmp r10d, n; jae default; [r11 + r10*4] relative target; jmp r10.</summary>
    private void JumpTableDispatch()
    {
        int n = 1 + g.Next(4);
        var targets = new Label[n];
        for (int i = 0; i < n; i++) targets[i] = Asm.CreateLabel();
        var done = Asm.CreateLabel();
        var table = m.JumpTable(targets);
        var source = Value();
        switch (g.Next(5))
        {
            case 0: Emit(X86Instruction.Create(Code.Mov_r64_rm64, Register.R10, source)); break;
            case 1: BitOperationInto(Register.R10); break;
            case 2: break;
            default: Emit(X86Instruction.Create(Code.Mov_r32_rm32, Register.R10D, R32(source))); break;
        }
        int bound = n + (g.Next(6) == 0 ? 1 : 0);
        if (g.Next(8) != 0)
        {
            Emit(g.Next(6) == 0 ? X86Instruction.Create(Code.Cmp_rm64_imm8, Register.R10, bound) : X86Instruction.Create(Code.Cmp_rm32_imm8, Register.R10D, bound));
            if (g.Next(8) == 0) Asm.jb(done); else Asm.jae(done);
        }
        Asm.lea(AssemblerRegisters.r11, AssemblerRegisters.__[table]);
        Emit(X86Instruction.Create(Code.Movsxd_r64_rm32, Register.R10, Mem(Register.R11, 0, Register.R10, 4)));
        Emit(X86Instruction.Create(Code.Add_r64_rm64, Register.R10, Register.R11));
        Emit(X86Instruction.Create(Code.Jmp_rm64, Register.R10));
        for (int i = 0; i < n; i++)
        {
            Asm.Label(ref targets[i]);
            Asm.nop();
        }
        Asm.Label(ref done);
        Asm.nop();
    }

    private void BitOperationInto(Register r)
    {
        Code[] forms = [Code.Bsf_r32_rm32, Code.Bsr_r32_rm32, Code.Lzcnt_r32_rm32, Code.Tzcnt_r32_rm32, Code.Cmove_r32_rm32];
        Emit(X86Instruction.Create(forms[g.Next(forms.Length)], R32(r), R32(Value())));
    }

    /// <summary>memory.grow: esi = delta, rdi = the context (or something forged), rsp realigned around the call.</summary>
    private void MemoryGrow()
    {
        Emit(X86Instruction.Create(Code.Mov_r32_rm32, Register.ESI, R32(Value())));
        switch (g.Next(5))
        {
            case 0: Emit(X86Instruction.Create(Code.Mov_r64_rm64, Register.RDI, Register.R14)); break;
            case 1: Emit(X86Instruction.Create(Code.Mov_r64_rm64, Register.RDI, Value())); break;
            default: Emit(X86Instruction.Create(Code.Mov_r64_rm64, Register.RDI, Register.R15)); break;
        }
        Emit(X86Instruction.Create(Code.Mov_r64_rm64, Register.R12, Register.RSP));
        Emit(X86Instruction.Create(Code.And_rm64_imm8, Register.RSP, -16));
        Emit(X86Instruction.Create(Code.Call_rm64, Mem(Register.R15, VmContextLayout.MemoryGrowFn)));
        Emit(X86Instruction.Create(Code.Mov_r64_rm64, Register.RSP, Register.R12));
        ReloadMemoryLimit();
    }

    /// <summary>After a call or an r15 switch the compiler reloads the memory limit register; the synthesizer mostly does.</summary>
    private void ReloadMemoryLimit()
    {
        if (m.MemoryLimit is { } limit && g.Next(6) != 0)
            Emit(X86Instruction.Create(Code.Mov_r64_rm64, limit.Value, Mem(Register.R15, VmContextLayout.MemorySize)));
    }

    private void FrameSpill()
    {
        long slot = -8 * (1 + g.Next(HandMadeModule.FrameBytes / 8));
        if (g.Next(4) == 0)
        {
            Emit(X86Instruction.Create(Code.Mov_rm64_r64, Mem(Register.RBP, slot), Register.R15));
            if (g.Next(3) == 0) Pattern(depth: 1);
            Emit(X86Instruction.Create(Code.Mov_r64_rm64, Register.R15, Mem(Register.RBP, slot)));
            if (g.Next(8) != 0) Emit(X86Instruction.Create(Code.Mov_r64_rm64, Register.R14, Mem(Register.R15, g.Next(6) == 0 ? VmContextLayout.MemorySize : VmContextLayout.MemoryBase)));
            ReloadMemoryLimit();
            return;
        }
        Emit(X86Instruction.Create(Code.Mov_rm64_r64, Mem(Register.RBP, slot), Value()));
        Emit(X86Instruction.Create(Code.Mov_r64_rm64, Value(), Mem(Register.RBP, slot)));
    }

    /// <summary>A forward conditional branch over one pattern: its target joins two paths.</summary>
    private void ForwardSkip(int depth)
    {
        var skip = Asm.CreateLabel();
        Compare();
        if (g.Next(2) == 0) Asm.je(skip); else Asm.jne(skip);
        Pattern(depth + 1);
        Asm.Label(ref skip);
        Asm.nop();
    }

    /// <summary>A loop: its head is reached again from below with whatever the body left.</summary>
    private void Loop(int depth)
    {
        var head = Asm.CreateLabel();
        Asm.Label(ref head);
        Asm.nop();
        Pattern(depth + 1);
        Compare();
        Asm.jne(head);
    }

    private void TrapExit()
    {
        switch (g.Next(4))
        {
            case 0: Emit(X86Instruction.Create(Code.Mov_r32_rm32, Register.EAX, R32(Value()))); break;
            default: Emit(X86Instruction.Create(Code.Mov_r32_imm32, Register.EAX, (uint)g.Next(16))); break;
        }
        Asm.jmp(m.TrapExit);
    }
}
