using Iced.Intel;
using X86Instruction = Iced.Intel.Instruction;
using static Iced.Intel.AssemblerRegisters;

namespace TenantDb.ProcSandbox.Compiler;

/// <summary>
/// Compare-and-branch fusion: an integer comparison (or eqz) directly followed by <c>br_if</c> or
/// <c>if</c> becomes cmp + jcc instead of materialising a 0/1 value and testing it.
/// </summary>
internal sealed partial class FunctionCompiler
{
    /// <summary>If the instruction after <paramref name="op"/> is br_if or if, compiles both and returns true.</summary>
    private bool TryFuseCompare(Opcode op, ref InstructionReader reader)
    {
        var condition = FusableCondition(op, out bool is64);
        if (condition == Code.INVALID || !reader.HasMore) return false;
        var peek = reader;
        var next = peek.Read();
        if (next.Opcode is not (Opcode.BrIf or Opcode.If)) return false;
        reader = peek;

        bool eqz = op is Opcode.I32Eqz or Opcode.I64Eqz;
        StackEntry b = default, a;
        int pb = 0, pa;
        if (!eqz) b = Pop(out pb);
        a = Pop(out pa);
        // Operands first (may allocate or spill), then the if's merge spill, then the flags.
        var ra = eqz && a.Kind != EntryKind.Register ? Register.None : ToRegister(a, pa);
        if (next.Opcode == Opcode.If) SpillAll();
        if (eqz) TestZero(a, pa, ra, is64);
        else ApplyAlu(s_cmp, is64, ra, b, pb);
        if (ra != Register.None) _regs.Free(ra);

        if (next.Opcode == Opcode.If)
        {
            var frame = new ControlFrame(ControlKind.If, ResultOf(next.BlockType), _sp, _asm.CreateLabel()) { Else = _asm.CreateLabel() };
            _frames.Add(frame);
            JumpIf(condition, negate: true, frame.Else);
            return true;
        }
        var target = FrameAt((int)next.Index);
        if (target.Kind == ControlKind.Loop || target.Result is null)
        {
            JumpIf(condition, negate: false, target.Kind == ControlKind.Loop ? target.Head : target.End);
            return true;
        }
        var notTaken = _asm.CreateLabel();
        JumpIf(condition, negate: true, notTaken);
        JumpTo(target);
        Bind(ref notTaken);
        return true;
    }

    private void TestZero(in StackEntry a, int position, Register reg, bool is64)
    {
        if (reg != Register.None)
        {
            var r = X64.Sized(reg, is64);
            Emit(X86Instruction.Create(is64 ? Code.Test_rm64_r64 : Code.Test_rm32_r32, r, r));
        }
        else if (a.Kind == EntryKind.Const)
        {
            LoadIntConst(Register.R11, a.Bits, is64);
            _asm.test(r11, r11);
        }
        else
        {
            Emit(X86Instruction.Create(is64 ? Code.Cmp_rm64_imm8 : Code.Cmp_rm32_imm8, MemOf(a, position), 0));
        }
    }

    /// <summary>The setcc meaning "true" for a fusable integer comparison, or INVALID.</summary>
    private static Code FusableCondition(Opcode op, out bool is64)
    {
        is64 = op >= Opcode.I64Eqz && op <= Opcode.I64GeU;
        return op switch
        {
            Opcode.I32Eqz or Opcode.I64Eqz or Opcode.I32Eq or Opcode.I64Eq => Code.Sete_rm8,
            Opcode.I32Ne or Opcode.I64Ne => Code.Setne_rm8,
            Opcode.I32LtS or Opcode.I64LtS => Code.Setl_rm8,
            Opcode.I32LtU or Opcode.I64LtU => Code.Setb_rm8,
            Opcode.I32GtS or Opcode.I64GtS => Code.Setg_rm8,
            Opcode.I32GtU or Opcode.I64GtU => Code.Seta_rm8,
            Opcode.I32LeS or Opcode.I64LeS => Code.Setle_rm8,
            Opcode.I32LeU or Opcode.I64LeU => Code.Setbe_rm8,
            Opcode.I32GeS or Opcode.I64GeS => Code.Setge_rm8,
            Opcode.I32GeU or Opcode.I64GeU => Code.Setae_rm8,
            _ => Code.INVALID,
        };
    }

    private void JumpIf(Code condition, bool negate, Label target)
    {
        if (negate)
        {
            condition = condition switch
            {
                Code.Sete_rm8 => Code.Setne_rm8,
                Code.Setne_rm8 => Code.Sete_rm8,
                Code.Setl_rm8 => Code.Setge_rm8,
                Code.Setge_rm8 => Code.Setl_rm8,
                Code.Setb_rm8 => Code.Setae_rm8,
                Code.Setae_rm8 => Code.Setb_rm8,
                Code.Setg_rm8 => Code.Setle_rm8,
                Code.Setle_rm8 => Code.Setg_rm8,
                Code.Seta_rm8 => Code.Setbe_rm8,
                _ => Code.Seta_rm8,
            };
        }
        switch (condition)
        {
            case Code.Sete_rm8: _asm.je(target); break;
            case Code.Setne_rm8: _asm.jne(target); break;
            case Code.Setl_rm8: _asm.jl(target); break;
            case Code.Setge_rm8: _asm.jge(target); break;
            case Code.Setb_rm8: _asm.jb(target); break;
            case Code.Setae_rm8: _asm.jae(target); break;
            case Code.Setg_rm8: _asm.jg(target); break;
            case Code.Setle_rm8: _asm.jle(target); break;
            case Code.Seta_rm8: _asm.ja(target); break;
            default: _asm.jbe(target); break;
        }
    }
}
