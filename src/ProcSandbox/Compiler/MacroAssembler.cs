using Iced.Intel;
using TenantDb.ProcSandbox.Module;
using TenantDb.ProcSandbox.Runtime;
using TenantDb.ProcSandbox.Runtime.Native;
using static Iced.Intel.AssemblerRegisters;
using X86Instruction = Iced.Intel.Instruction;

namespace TenantDb.ProcSandbox.Compiler;

/// <summary>
/// The wasm-shaped macro-assembler (winch's MacroAssembler): the only code of the function compiler
/// that talks to Iced. Its methods say what the code does for wasm (a fuel check, a bounds-checked
/// access, a trapping division, a jump table) and choose the x86 encodings; the visits and
/// <see cref="CodeGenContext"/> decide where values are. Partial files group the operations:
/// integer, float, conversions, memory and calls. Fix-ups go to the module's <see cref="CodeBuffer"/>.
/// Register conventions are those of <see cref="X64"/>.
/// </summary>
internal sealed partial class MacroAssembler
{
    private readonly Assembler _asm;
    private readonly CodeBuffer _code;
    private readonly Label[] _trapLabels = new Label[Enum.GetValues<TrapKind>().Length];
    private int _lastBindIndex = -1;

    public MacroAssembler(Assembler asm, CodeBuffer code)
    {
        _asm = asm;
        _code = code;
    }

    /// <summary>Instructions gathered since the assembler was last reset (the current group's).</summary>
    public int InstructionCount => _asm.Instructions.Count;

    /// <summary>Starts a function: forgets the previous one's trap labels.</summary>
    public void StartFunction()
    {
        if (_asm.Instructions.Count == 0) _lastBindIndex = -1; // a new group: the assembler was reset
        Array.Clear(_trapLabels);
    }

    public Label CreateLabel() => _asm.CreateLabel();

    /// <summary>Binds a label, inserting a nop when another label is already bound at this position (Iced allows one per instruction).</summary>
    public void Bind(ref Label label)
    {
        if (_lastBindIndex == _asm.Instructions.Count) _asm.nop();
        _asm.Label(ref label);
        _lastBindIndex = _asm.Instructions.Count;
    }

    private void Emit(in X86Instruction instruction) => _asm.AddInstruction(instruction);

    // ---- frame, fuel, traps ----

    /// <summary>
    /// push rbp; mov rbp, rsp; sub rsp, frame (patched once the frame size is known); loads the fuel
    /// register and checks the stack limit. Returns the patch point of the frame size.
    /// </summary>
    public int Prologue()
    {
        _asm.push(rbp);
        _asm.mov(rbp, rsp);
        Emit(X86Instruction.Create(Code.Sub_rm64_imm32, Register.RSP, 0x7FFF_0000));
        int patchPoint = _asm.Instructions.Count - 1;
        _asm.mov(rbx, __qword_ptr[r15 + VmContextLayout.Fuel]); // before any trap can save it back
        // Explicit stack check: never run into the guard page (or beyond) of the host thread's stack.
        _asm.cmp(rsp, __qword_ptr[r15 + VmContextLayout.StackLimit]);
        _asm.jb(TrapLabel(TrapKind.StackExhausted));
        return patchPoint;
    }

    /// <summary>Records the frame size for the prologue's <c>sub rsp</c> at <paramref name="patchPoint"/>.</summary>
    public void SetFrameSize(int patchPoint, int frameBytes) => _code.AddFramePatch(patchPoint, frameBytes);

    /// <summary>Fuel and stop-request check at function entries and loop headers (fuel lives in rbx meanwhile).</summary>
    public void FuelAndStopCheck(int units)
    {
        _asm.sub(rbx, units);
        _asm.jl(TrapLabel(TrapKind.OutOfFuel));
        _asm.cmp(__dword_ptr[r15 + VmContextLayout.StopFlag], 0);
        _asm.jne(TrapLabel(TrapKind.DeadlineExceeded));
    }

    /// <summary>Zeroes the <paramref name="count"/> declared locals below rbp (at function entry, when rdi/rcx/rax hold nothing yet).</summary>
    public void ZeroLocals(int count)
    {
        if (count == 0) return;
        if (count <= 8)
        {
            for (int j = 0; j < count; j++) _asm.mov(__qword_ptr[rbp - 8 * (j + 1)], 0);
            return;
        }
        _asm.lea(rdi, __[rbp - 8 * count]);
        _asm.mov(ecx, count);
        _asm.xor(eax, eax);
        _asm.rep.stosq();
    }

    /// <summary>Writes the fuel register back to the context (before calls, returns and traps).</summary>
    public void SaveFuel() => _asm.mov(__qword_ptr[r15 + VmContextLayout.Fuel], rbx);

    public void ReloadFuel() => _asm.mov(rbx, __qword_ptr[r15 + VmContextLayout.Fuel]);

    public void Epilogue()
    {
        SaveFuel();
        _asm.leave();
        _asm.ret();
    }

    /// <summary>The label of this function's stub for trap <paramref name="kind"/> (emitted at its end).</summary>
    public Label TrapLabel(TrapKind kind)
    {
        ref var label = ref _trapLabels[(int)kind];
        if (label.IsEmpty) label = _asm.CreateLabel();
        return label;
    }

    public void Trap(TrapKind kind) => _asm.jmp(TrapLabel(kind));

    /// <summary>One stub per trap kind used: saves fuel and jumps to the trap exit with the trap code in eax.</summary>
    public void TrapStubs(int functionIndex)
    {
        for (int k = 0; k < _trapLabels.Length; k++)
        {
            if (_trapLabels[k].IsEmpty) continue;
            Bind(ref _trapLabels[k]);
            SaveFuel();
            _asm.mov(eax, TrapCode((TrapKind)k, functionIndex));
            RawBranch(0xE9, CodeBuffer.TrapExitTarget);
        }
    }

    /// <summary>Trap code returned by the entry trampoline: kind + 1 in the low byte, function index + 1 above.</summary>
    private static int TrapCode(TrapKind kind, int functionIndex) => ((int)kind + 1) | ((functionIndex + 1) << 8);

    /// <summary>
    /// A jmp (E9) or call (E8) rel32 to code outside this function, emitted as bytes and patched by
    /// the <see cref="CodeBuffer"/> once the target's offset is known (functions are assembled one by one).
    /// </summary>
    private void RawBranch(byte opcode, int target)
    {
        _asm.db(opcode, 0, 0, 0, 0);
        _code.AddRawBranch(_asm.Instructions.Count - 1, target);
    }

    // ---- branches ----

    public void Jump(Label target) => _asm.jmp(target);

    public void JumpIf(Condition condition, Label target)
    {
        switch (condition)
        {
            case Condition.Eq: _asm.je(target); break;
            case Condition.Ne: _asm.jne(target); break;
            case Condition.LtS: _asm.jl(target); break;
            case Condition.GeS: _asm.jge(target); break;
            case Condition.LtU: _asm.jb(target); break;
            case Condition.GeU: _asm.jae(target); break;
            case Condition.GtS: _asm.jg(target); break;
            case Condition.LeS: _asm.jle(target); break;
            case Condition.GtU: _asm.ja(target); break;
            default: _asm.jbe(target); break;
        }
    }

    /// <summary>
    /// br_table dispatch on the index in r10d: out-of-range indices go to <paramref name="default"/>,
    /// the others through the table of 32-bit offsets at <paramref name="table"/> (see <see cref="JumpTable"/>).
    /// </summary>
    public void JumpTableDispatch(int entries, Label @default, Label table)
    {
        _asm.cmp(r10d, entries);
        _asm.jae(@default);
        _asm.lea(r11, __[table]);
        _asm.movsxd(r10, __dword_ptr[r11 + r10 * 4]);
        _asm.add(r10, r11);
        _asm.jmp(r10);
    }

    /// <summary>Binds <paramref name="table"/> at room for one 32-bit offset per target, filled in after assembly.</summary>
    public void JumpTable(ref Label table, Label[] targets)
    {
        Bind(ref table);
        _asm.db(new byte[Math.Max(4 * targets.Length, 1)]);
        _code.AddJumpTable(table, targets);
    }

    // ---- moves ----

    /// <summary>Stores a constant into an 8-byte cell (only r11 is used).</summary>
    public void StoreConst(MemoryOperand m, ulong bits, bool is64)
    {
        if (!is64) Emit(X86Instruction.Create(Code.Mov_rm32_imm32, m, (uint)bits));
        else if ((long)bits == (int)(long)bits) Emit(X86Instruction.Create(Code.Mov_rm64_imm32, m, (int)(long)bits));
        else
        {
            _asm.mov(r11, bits);
            Emit(X86Instruction.Create(Code.Mov_rm64_r64, m, Register.R11));
        }
    }

    /// <summary>Stores a whole register (64-bit GPR or the low 64 bits of an xmm) into an 8-byte cell.</summary>
    public void StoreReg(MemoryOperand m, Register reg)
    {
        Emit(X64.IsXmm(reg)
            ? X86Instruction.Create(Code.Movsd_xmmm64_xmm, m, reg)
            : X86Instruction.Create(Code.Mov_rm64_r64, m, reg));
    }

    /// <summary>Copies one 8-byte cell to another through r11.</summary>
    public void CopyCell(MemoryOperand dst, MemoryOperand src)
    {
        Emit(X86Instruction.Create(Code.Mov_r64_rm64, Register.R11, src));
        Emit(X86Instruction.Create(Code.Mov_rm64_r64, dst, Register.R11));
    }

    /// <summary>Loads an integer constant without touching flags.</summary>
    public void LoadIntConst(Register dst64, ulong bits, bool is64)
    {
        if (!is64 || bits <= uint.MaxValue) Emit(X86Instruction.Create(Code.Mov_r32_imm32, X64.R32(dst64), (uint)bits));
        else if ((long)bits == (int)(long)bits) Emit(X86Instruction.Create(Code.Mov_rm64_imm32, dst64, (int)(long)bits));
        else Emit(X86Instruction.Create(Code.Mov_r64_imm64, dst64, bits));
    }

    /// <summary>Loads a float constant by its bits (through r11 unless zero).</summary>
    public void LoadFloatConst(Register xmm, ulong bits, bool is64)
    {
        if (bits == 0)
        {
            Emit(X86Instruction.Create(Code.Xorps_xmm_xmmm128, xmm, xmm));
            return;
        }
        LoadIntConst(Register.R11, bits, is64);
        Emit(is64 ? X86Instruction.Create(Code.Movq_xmm_rm64, xmm, Register.R11) : X86Instruction.Create(Code.Movd_xmm_rm32, xmm, Register.R11D));
    }

    /// <summary>Copies a value of <paramref name="type"/> between registers (64-bit register names).</summary>
    public void Move(ValType type, Register dst, Register src)
    {
        bool is64 = X64.Is64(type);
        if (X64.IsFloat(type)) Emit(X86Instruction.Create(Code.Movaps_xmm_xmmm128, dst, src));
        else Emit(X86Instruction.Create(is64 ? Code.Mov_r64_rm64 : Code.Mov_r32_rm32, X64.Sized(dst, is64), X64.Sized(src, is64)));
    }

    /// <summary>Copies a whole 64-bit general register (the assembler's own form).</summary>
    public void Move64(Register dst, Register src) => _asm.mov(new AssemblerRegister64(dst), new AssemblerRegister64(src));

    /// <summary>Loads a value of <paramref name="type"/> from a cell into a register (64-bit register name).</summary>
    public void Load(ValType type, Register dst, MemoryOperand m)
    {
        bool is64 = X64.Is64(type);
        if (X64.IsFloat(type)) Emit(X86Instruction.Create(is64 ? Code.Movsd_xmm_xmmm64 : Code.Movss_xmm_xmmm32, dst, m));
        else Emit(X86Instruction.Create(is64 ? Code.Mov_r64_rm64 : Code.Mov_r32_rm32, X64.Sized(dst, is64), m));
    }

    public void Move32(Register dst32, uint imm) => Emit(X86Instruction.Create(Code.Mov_r32_imm32, dst32, imm));

    public void Move32(Register dst32, Register src32) => Emit(X86Instruction.Create(Code.Mov_r32_rm32, dst32, src32));

    public void Move32(Register dst32, MemoryOperand m) => Emit(X86Instruction.Create(Code.Mov_r32_rm32, dst32, m));

    // ---- conditions ----

    /// <summary>ZF = (i32 in <paramref name="reg"/> is zero).</summary>
    public void TestZero(bool is64, Register reg)
    {
        var r = X64.Sized(reg, is64);
        Emit(X86Instruction.Create(is64 ? Code.Test_rm64_r64 : Code.Test_rm32_r32, r, r));
    }

    /// <summary>ZF = (the cell's value is zero).</summary>
    public void TestZero(bool is64, MemoryOperand m) =>
        Emit(X86Instruction.Create(is64 ? Code.Cmp_rm64_imm8 : Code.Cmp_rm32_imm8, m, 0));

    /// <summary>ZF = (the i32 constant is zero), through r11d.</summary>
    public void TestZeroI32(uint constant)
    {
        _asm.mov(r11d, constant);
        _asm.test(r11d, r11d);
    }

    /// <summary>ZF = (the constant is zero), through r11.</summary>
    public void TestZeroConstant(ulong constant, bool is64)
    {
        LoadIntConst(Register.R11, constant, is64);
        _asm.test(r11, r11);
    }

    /// <summary>dst = condition ? 1 : 0 (as i32).</summary>
    public void SetIf(Condition condition, Register dst)
    {
        Emit(X86Instruction.Create(SetCode(condition), X64.R8(dst)));
        Emit(X86Instruction.Create(Code.Movzx_r32_rm8, X64.R32(dst), X64.R8(dst)));
    }

    private static Code SetCode(Condition condition) => condition switch
    {
        Condition.Eq => Code.Sete_rm8,
        Condition.Ne => Code.Setne_rm8,
        Condition.LtS => Code.Setl_rm8,
        Condition.LtU => Code.Setb_rm8,
        Condition.GtS => Code.Setg_rm8,
        Condition.GtU => Code.Seta_rm8,
        Condition.LeS => Code.Setle_rm8,
        Condition.LeU => Code.Setbe_rm8,
        Condition.GeS => Code.Setge_rm8,
        Condition.GeU => Code.Setae_rm8,
        _ => throw new ArgumentOutOfRangeException(nameof(condition), condition, "no setcc form used"),
    };

    /// <summary>select: dst = (ZF set) ? other : dst.</summary>
    public void MoveIfZero(bool is64, Register dst, Register other)
    {
        var code = is64 ? Code.Cmove_r64_rm64 : Code.Cmove_r32_rm32;
        Emit(X86Instruction.Create(code, X64.Sized(dst, is64), X64.Sized(other, is64)));
    }

    public void MoveIfZero(bool is64, Register dst, MemoryOperand other)
    {
        var code = is64 ? Code.Cmove_r64_rm64 : Code.Cmove_r32_rm32;
        Emit(X86Instruction.Create(code, X64.Sized(dst, is64), other));
    }
}
