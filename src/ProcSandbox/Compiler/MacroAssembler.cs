using Iced.Intel;
using TenantDb.ProcSandbox.Module;
using TenantDb.ProcSandbox.Runtime;
using TenantDb.ProcSandbox.Runtime.Native;

namespace TenantDb.ProcSandbox.Compiler;

/// <summary>
/// The wasm-shaped macro-assembler (winch's MacroAssembler): the only code of the function compiler
/// that names Iced's instruction forms and registers. Its methods say what the code does for wasm (a
/// fuel check, a bounds-checked access, a trapping division, a jump table) and choose the x86 forms,
/// which <see cref="X64Assembler"/> writes as bytes; the visits and <see cref="CodeGenContext"/>
/// decide where values are. Partial files group the operations: integer, float, conversions, memory
/// and calls. Labels and fix-ups live in the module's <see cref="CodeBuffer"/>.
/// Register conventions are those of <see cref="X64"/>.
/// </summary>
internal sealed partial class MacroAssembler
{
    private readonly X64Assembler _asm;
    private readonly CodeBuffer _code;
    private readonly CodeLabel[] _trapLabels = new CodeLabel[Enum.GetValues<TrapKind>().Length];
    private int _lastBindAt = -1;
    /// <summary>The register holding the memory size in the current function (see <see cref="X64.MemoryLimit"/>), or None.</summary>
    private Register _memoryLimit = Register.None;
    /// <summary>What <see cref="_memoryLimit"/> holds less than the memory size (see <see cref="Frame.MemoryLimitSlack"/>).</summary>
    private int _limitSlack;

    public MacroAssembler(X64Assembler asm)
    {
        _asm = asm;
        _code = asm.Code;
    }

    /// <summary>Instructions written since the module's compilation started.</summary>
    public int InstructionCount => _asm.InstructionCount;

    /// <summary>
    /// Counts the points where the verifier forgets what registers hold (branch targets, calls): a register
    /// written by a 32-bit instruction since the last of them is known to it as zero-extended.
    /// </summary>
    public int FlowSerial { get; private set; }

    /// <summary>Whether <paramref name="reg"/> was an instruction's first operand since <see cref="ForgetWrittenRegisters"/> (see <see cref="X64Assembler.WrittenRegisters"/>).</summary>
    public bool WrittenSinceForgotten(Register reg) => (_asm.WrittenRegisters & X64Assembler.RegisterBit(reg)) != 0;

    /// <summary>Starts a new set of written registers for <see cref="WrittenSinceForgotten"/>.</summary>
    public void ForgetWrittenRegisters() => _asm.ForgetWrittenRegisters();

    /// <summary>Starts a function at the end of the code, forgetting the previous one's labels; returns its offset.</summary>
    public int StartFunction()
    {
        FlowSerial++;
        _code.StartFunction();
        _lastBindAt = -1;
        _memoryLimit = Register.None;
        _limitSlack = 0;
        Array.Clear(_trapLabels);
        _refills.Clear();
        return _code.Length;
    }

    /// <summary>Ends the function: sizes its branches and resolves its fix-ups (see <see cref="CodeBuffer.FinishFunction"/>).</summary>
    public void FinishFunction(int[] functionOffsets, int trapExitOffset) => _code.FinishFunction(functionOffsets, trapExitOffset);

    public CodeLabel CreateLabel() => _code.CreateLabel();

    /// <summary>
    /// Binds a label, inserting a nop when another label is already bound at this position (one
    /// label per instruction keeps every branch target a distinct instruction in listings).
    /// </summary>
    public void Bind(CodeLabel label)
    {
        if (_lastBindAt == _code.Length) _asm.Emit(Code.Nopd);
        _code.Bind(label);
        _lastBindAt = _code.Length;
        FlowSerial++;
    }

    // ---- frame, fuel, traps ----

    /// <summary>
    /// push rbp; mov rbp, rsp; sub rsp, frame (patched once the frame size is known); loads the fuel
    /// register (and the memory size less <paramref name="limitSlack"/> into <paramref name="memoryLimit"/> unless None:
    /// before the first branch, since every branch of such a function must find it there) and checks the stack limit.
    /// Returns the patch point of the frame size.
    /// </summary>
    public int Prologue(Register memoryLimit, int limitSlack)
    {
        _asm.Emit(Code.Push_r64, Register.RBP);
        _asm.Emit(Code.Mov_rm64_r64, Register.RBP, Register.RSP);
        _asm.Emit(Code.Sub_rm64_imm32, Register.RSP, 0x7FFF_0000);
        int patchPoint = _code.Length - 4;
        _asm.Emit(Code.Mov_r64_rm64, Register.RBX, X64.Ptr(X64.Context, VmContextLayout.Fuel)); // before any trap can save it back
        _memoryLimit = memoryLimit;
        _limitSlack = memoryLimit != Register.None ? limitSlack : 0;
        if (memoryLimit != Register.None) LoadMemoryLimit(memoryLimit);
        // Explicit stack check: never run into the guard page (or beyond) of the host thread's stack.
        _asm.Emit(Code.Cmp_r64_rm64, Register.RSP, X64.Ptr(X64.Context, VmContextLayout.StackLimit));
        JumpIf(Condition.LtU, TrapLabel(TrapKind.StackExhausted));
        return patchPoint;
    }

    /// <summary>Writes the frame size into the prologue's <c>sub rsp, imm32</c> (its immediate is at <paramref name="patchPoint"/>).</summary>
    public void SetFrameSize(int patchPoint, int frameBytes) => _code.Patch32(patchPoint, frameBytes);

    /// <summary>Zeroes the <paramref name="count"/> declared locals below rbp (at function entry, when rdi/rcx/rax hold nothing yet).</summary>
    public void ZeroLocals(int count)
    {
        if (count == 0) return;
        if (count <= 8)
        {
            for (int j = 0; j < count; j++) _asm.Emit(Code.Mov_rm64_imm32, X64.Mem(Register.RBP, -8 * (j + 1)), 0L);
            return;
        }
        _asm.Emit(Code.Lea_r64_m, Register.RDI, X64.Mem(Register.RBP, -8L * count));
        _asm.Emit(Code.Mov_r32_imm32, Register.ECX, count);
        _asm.Emit(Code.Xor_rm32_r32, Register.EAX, Register.EAX);
        _asm.RepStosq();
    }

    /// <summary>Writes the fuel register back to the context (before calls, returns and traps).</summary>
    public void SaveFuel() => _asm.Emit(Code.Mov_rm64_r64, X64.Ptr(X64.Context, VmContextLayout.Fuel), X64.Fuel);

    public void ReloadFuel() => _asm.Emit(Code.Mov_r64_rm64, X64.Fuel, X64.Ptr(X64.Context, VmContextLayout.Fuel));

    public void Epilogue()
    {
        SaveFuel();
        _asm.Emit(Code.Leaveq);
        _asm.Emit(Code.Retnq);
    }

    /// <summary>The label of this function's stub for trap <paramref name="kind"/> (emitted at its end).</summary>
    public CodeLabel TrapLabel(TrapKind kind)
    {
        ref var label = ref _trapLabels[(int)kind];
        if (label.IsEmpty) label = _code.CreateLabel();
        return label;
    }

    public void Trap(TrapKind kind) => Jump(TrapLabel(kind));

    /// <summary>One stub per trap kind used: saves fuel and jumps to the trap exit with the trap code in eax.</summary>
    public void TrapStubs(int functionIndex)
    {
        RefillStubs(); // they branch to the fuel and stop traps
        for (int k = 0; k < _trapLabels.Length; k++)
        {
            if (_trapLabels[k].IsEmpty) continue;
            Bind(_trapLabels[k]);
            SaveFuel();
            _asm.Emit(Code.Mov_r32_imm32, Register.EAX, TrapCode((TrapKind)k, functionIndex));
            _asm.RawBranch(0xE9, CodeBuffer.TrapExitTarget);
        }
    }

    /// <summary>Trap code returned by the entry trampoline: kind + 1 in the low byte, function index + 1 above.</summary>
    private static int TrapCode(TrapKind kind, int functionIndex) => ((int)kind + 1) | ((functionIndex + 1) << 8);

    // ---- branches ----

    public void Jump(CodeLabel target) => _asm.Branch(CodeBuffer.Jmp, target);

    /// <summary>
    /// Binds <paramref name="label"/> at a multiple of <see cref="CodeBuffer.CodeAlignment"/>, jumping over the nops
    /// before it: a hot loop's body then takes one line of instruction fetch per iteration, wherever the code
    /// before it ends (measured on the sieve and hash kernels: 8-13% of their time when a loop crossed a line).
    /// </summary>
    public void BindAligned(CodeLabel label)
    {
        Jump(label);
        _code.Align(CodeBuffer.CodeAlignment);
        Bind(label);
    }

    public void JumpIf(Condition condition, CodeLabel target) => _asm.Branch(ConditionCode(condition), target);

    /// <summary>The x86 condition code (low nibble of jcc/setcc) of an integer condition.</summary>
    private static byte ConditionCode(Condition condition) => condition switch
    {
        Condition.Eq => 0x4,
        Condition.Ne => 0x5,
        Condition.LtS => 0xC,
        Condition.GeS => 0xD,
        Condition.LtU => 0x2,
        Condition.GeU => 0x3,
        Condition.GtS => 0xF,
        Condition.LeS => 0xE,
        Condition.GtU => 0x7,
        _ => 0x6,
    };

    /// <summary>jp (parity: an unordered float comparison).</summary>
    private void JumpIfParity(CodeLabel target) => _asm.Branch(0xA, target);

    /// <summary>js (sign flag set).</summary>
    private void JumpIfSign(CodeLabel target) => _asm.Branch(0x8, target);

    /// <summary>
    /// br_table dispatch on the index in r10d: out-of-range indices go to <paramref name="default"/>,
    /// the others through the table of 32-bit offsets at <paramref name="table"/> (see <see cref="JumpTable"/>).
    /// </summary>
    public void JumpTableDispatch(int entries, CodeLabel @default, CodeLabel table)
    {
        _asm.EmitImm(Code.Cmp_rm32_imm8, Code.Cmp_rm32_imm32, Register.R10D, entries);
        JumpIf(Condition.GeU, @default);
        _asm.LeaRipRelative(Register.R11, table);
        _asm.Emit(Code.Movsxd_r64_rm32, Register.R10, new MemoryOperand(Register.R11, Register.R10, 4, 0, 0));
        _asm.Emit(Code.Add_rm64_r64, Register.R10, Register.R11);
        _asm.Emit(Code.Jmp_rm64, Register.R10);
    }

    /// <summary>Binds <paramref name="table"/> at room for one 32-bit offset per target, filled in when the function ends.</summary>
    public void JumpTable(CodeLabel table, ReadOnlySpan<CodeLabel> targets)
    {
        if (_lastBindAt == _code.Length) _asm.Emit(Code.Nopd);
        _code.JumpTable(table, targets);
        _lastBindAt = -1; // the label is on the table's first byte, not where the next instruction starts
    }

    // ---- moves ----

    /// <summary>Stores a constant into an 8-byte cell (only r11 is used).</summary>
    public void StoreConst(MemoryOperand m, ulong bits, bool is64)
    {
        if (!is64) _asm.Emit(Code.Mov_rm32_imm32, m, (uint)bits);
        else if ((long)bits == (int)(long)bits) _asm.Emit(Code.Mov_rm64_imm32, m, (int)(long)bits);
        else
        {
            _asm.Emit(Code.Mov_r64_imm64, Register.R11, (long)bits);
            _asm.Emit(Code.Mov_rm64_r64, m, Register.R11);
        }
    }

    /// <summary>Stores a whole register (64-bit GPR or the low 64 bits of an xmm) into an 8-byte cell.</summary>
    public void StoreReg(MemoryOperand m, Register reg)
    {
        _asm.Emit(X64.IsXmm(reg) ? Code.Movsd_xmmm64_xmm : Code.Mov_rm64_r64, m, reg);
    }

    /// <summary>Copies one 8-byte cell to another through r11.</summary>
    public void CopyCell(MemoryOperand dst, MemoryOperand src)
    {
        _asm.Emit(Code.Mov_r64_rm64, Register.R11, src);
        _asm.Emit(Code.Mov_rm64_r64, dst, Register.R11);
    }

    /// <summary>Loads an integer constant without touching flags.</summary>
    public void LoadIntConst(Register dst64, ulong bits, bool is64)
    {
        if (!is64 || bits <= uint.MaxValue) _asm.Emit(Code.Mov_r32_imm32, X64.R32(dst64), (uint)bits);
        else if ((long)bits == (int)(long)bits) _asm.Emit(Code.Mov_rm64_imm32, dst64, (int)(long)bits);
        else _asm.Emit(Code.Mov_r64_imm64, dst64, (long)bits);
    }

    /// <summary>Loads a float constant by its bits (through r11 unless zero).</summary>
    public void LoadFloatConst(Register xmm, ulong bits, bool is64)
    {
        if (bits == 0)
        {
            _asm.Emit(Code.Xorps_xmm_xmmm128, xmm, xmm);
            return;
        }
        LoadIntConst(Register.R11, bits, is64);
        if (is64) _asm.Emit(Code.Movq_xmm_rm64, xmm, Register.R11);
        else _asm.Emit(Code.Movd_xmm_rm32, xmm, Register.R11D);
    }

    /// <summary>Copies a value of <paramref name="type"/> between registers (64-bit register names).</summary>
    public void Move(ValType type, Register dst, Register src)
    {
        bool is64 = X64.Is64(type);
        if (X64.IsFloat(type)) _asm.Emit(Code.Movaps_xmm_xmmm128, dst, src);
        else _asm.Emit(is64 ? Code.Mov_r64_rm64 : Code.Mov_r32_rm32, X64.Sized(dst, is64), X64.Sized(src, is64));
    }

    /// <summary>Copies a whole 64-bit general register (the assembler's own form).</summary>
    public void Move64(Register dst, Register src) => _asm.Emit(Code.Mov_rm64_r64, dst, src);

    /// <summary>Loads a value of <paramref name="type"/> from a cell into a register (64-bit register name).</summary>
    public void Load(ValType type, Register dst, MemoryOperand m)
    {
        bool is64 = X64.Is64(type);
        if (X64.IsFloat(type)) _asm.Emit(is64 ? Code.Movsd_xmm_xmmm64 : Code.Movss_xmm_xmmm32, dst, m);
        else _asm.Emit(is64 ? Code.Mov_r64_rm64 : Code.Mov_r32_rm32, X64.Sized(dst, is64), m);
    }

    public void Move32(Register dst32, uint imm) => _asm.Emit(Code.Mov_r32_imm32, dst32, imm);

    public void Move32(Register dst32, Register src32) => _asm.Emit(Code.Mov_r32_rm32, dst32, src32);

    public void Move32(Register dst32, MemoryOperand m) => _asm.Emit(Code.Mov_r32_rm32, dst32, m);

    // ---- conditions ----

    /// <summary>ZF = (i32 in <paramref name="reg"/> is zero).</summary>
    public void TestZero(bool is64, Register reg)
    {
        var r = X64.Sized(reg, is64);
        _asm.Emit(is64 ? Code.Test_rm64_r64 : Code.Test_rm32_r32, r, r);
    }

    /// <summary>ZF = (the cell's value is zero).</summary>
    public void TestZero(bool is64, MemoryOperand m) =>
        _asm.Emit(is64 ? Code.Cmp_rm64_imm8 : Code.Cmp_rm32_imm8, m, 0L);

    /// <summary>ZF = (the i32 constant is zero), through r11d.</summary>
    public void TestZeroI32(uint constant)
    {
        _asm.Emit(Code.Mov_r32_imm32, Register.R11D, constant);
        _asm.Emit(Code.Test_rm32_r32, Register.R11D, Register.R11D);
    }

    /// <summary>ZF = (the constant is zero), through r11.</summary>
    public void TestZeroConstant(ulong constant, bool is64)
    {
        LoadIntConst(Register.R11, constant, is64);
        _asm.Emit(Code.Test_rm64_r64, Register.R11, Register.R11);
    }

    /// <summary>dst = condition ? 1 : 0 (as i32).</summary>
    public void SetIf(Condition condition, Register dst)
    {
        _asm.Emit(SetCode(condition), X64.R8(dst));
        _asm.Emit(Code.Movzx_r32_rm8, X64.R32(dst), X64.R8(dst));
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
        _asm.Emit(code, X64.Sized(dst, is64), X64.Sized(other, is64));
    }

    public void MoveIfZero(bool is64, Register dst, MemoryOperand other)
    {
        var code = is64 ? Code.Cmove_r64_rm64 : Code.Cmove_r32_rm32;
        _asm.Emit(code, X64.Sized(dst, is64), other);
    }
}
