using X86Instruction = Iced.Intel.Instruction;
using Iced.Intel;
using TenantDb.ProcSandbox.Runtime;
using TenantDb.ProcSandbox.Runtime.Native;
using static Iced.Intel.AssemblerRegisters;

namespace TenantDb.ProcSandbox.Compiler;

/// <summary>
/// Single-pass baseline compiler for one function body (in the style of wasmtime's winch and V8's
/// Liftoff): an abstract operand stack of constants, registers, lazy locals and spilled slots; a
/// bitset register allocator that spills on pressure; every value spilled at control-flow merges.
/// Frame: parameters above the return address at [rbp+16+8i], declared locals below rbp, then one
/// slot saving r15 around calls through the context, then one slot per operand-stack position.
/// </summary>
internal sealed partial class FunctionCompiler
{
    private readonly ModuleContext _mc;
    private readonly Assembler _asm;
    private readonly RegisterSet _regs = new();
    private readonly List<ControlFrame> _frames = [];
    private readonly Label[] _trapLabels = new Label[Enum.GetValues<TrapKind>().Length];
    private StackEntry[] _stack = new StackEntry[32];
    private int _sp;
    private int _spilledBelow;
    private readonly int[] _registerOwner = new int[32];
    private int[] _lazyReadHead = [];
    private int _maxSlots;
    private int[] _localRunEnds = new int[16];
    private ValType[] _localRunTypes = new ValType[16];
    private int _localRuns;
    private int _paramCount;
    private int _declaredCount;
    private int _functionIndex;
    private bool _unreachable;
    private int _skipDepth;
    private int _lastBindIndex = -1;
    private int[] _stubOfDepth = new int[16];
    private int[] _stubSerial = new int[16];
    private int _brTableSerial;

    /// <summary>Declared locals zeroed at function entry per extra unit of fuel.</summary>
    public const int LocalsPerFuelUnit = 64;

    /// <summary>Instructions compiled between two looks at the cancellation token inside one body.</summary>
    private const int CancellationCheckInterval = 4096;

    public FunctionCompiler(ModuleContext mc)
    {
        _mc = mc;
        _asm = mc.Assembler;
    }

    /// <summary>Compiles module-defined function <paramref name="definedIndex"/>, binding <paramref name="entry"/> at its first instruction.</summary>
    public void Compile(int definedIndex, ref Label entry)
    {
        var module = _mc.Module;
        var body = module.Bodies[definedIndex];
        _functionIndex = _mc.ImportedFunctionCount + definedIndex;
        var type = _mc.FunctionTypes[_functionIndex];
        Reset(type, body);

        if (_asm.Instructions.Count == 0) _lastBindIndex = -1; // a new group: the assembler was reset
        Bind(ref entry);
        int patchIndex = EmitPrologue();
        var returnLabel = _asm.CreateLabel();
        _frames.Add(new ControlFrame(ControlKind.Function, type.Results.Length > 0 ? type.Results[0] : null, 0, returnLabel));

        var reader = new InstructionReader(body.Code.Span, body.CodeOffset);
        var cancellation = _mc.Options.CancellationToken;
        int untilCancellationCheck = CancellationCheckInterval;
        while (reader.HasMore && _frames.Count > 0)
        {
            if (--untilCancellationCheck == 0)
            {
                cancellation.ThrowIfCancellationRequested();
                untilCancellationCheck = CancellationCheckInterval;
            }
            var instruction = reader.Read();
            if (_unreachable) VisitUnreachable(instruction);
            else if (!TryFuseCompare(instruction.Opcode, ref reader)) Visit(instruction);
        }

        EmitTrapStubs();
        int frameBytes = 8 * (_declaredCount + 1 + _maxSlots);
        frameBytes = (frameBytes + 15) & ~15;
        _mc.FramePatches.Add((patchIndex, frameBytes));
    }

    private void Reset(FuncType type, FunctionBody body)
    {
        _paramCount = type.Parameters.Length;
        long declared = 0;
        foreach (var run in body.Locals) declared += run.Count;
        // Validation enforces this; the compiler re-checks because every local becomes a frame slot.
        ImplementationLimits.Check(LimitNames.FunctionLocals, ImplementationLimits.MaxFunctionLocals, _paramCount + declared, body.CodeOffset);
        _declaredCount = (int)declared;
        SetUpLocalRuns(type, body);
        // Forget the previous body's lazy-read chains (only what is left on its stack can be linked).
        for (int i = 0; i < _sp; i++)
        {
            if (_stack[i].Kind == EntryKind.Local) _lazyReadHead[_stack[i].Local] = -1;
        }
        int localCount = _paramCount + _declaredCount;
        if (_lazyReadHead.Length < localCount)
        {
            _lazyReadHead = new int[Math.Max(localCount, 2 * _lazyReadHead.Length)];
            Array.Fill(_lazyReadHead, -1);
        }
        _sp = 0;
        _spilledBelow = 0;
        _maxSlots = 0;
        _regs.Reset();
        _frames.Clear();
        Array.Clear(_trapLabels);
        _unreachable = false;
        _skipDepth = 0;
    }

    /// <summary>
    /// Records the locals' types as runs (each parameter one run) with their cumulative ends, reusing
    /// the arrays: a body that declares 50,000 locals in a few bytes costs a few writes, not 50,000.
    /// </summary>
    private void SetUpLocalRuns(FuncType type, FunctionBody body)
    {
        int runs = type.Parameters.Length + body.Locals.Length;
        if (_localRunEnds.Length < runs)
        {
            _localRunEnds = new int[runs];
            _localRunTypes = new ValType[runs];
        }
        int end = 0, r = 0;
        foreach (var parameter in type.Parameters)
        {
            _localRunEnds[r] = ++end;
            _localRunTypes[r++] = parameter;
        }
        foreach (var run in body.Locals)
        {
            if (run.Count == 0) continue;
            end += (int)run.Count;
            _localRunEnds[r] = end;
            _localRunTypes[r++] = run.Type;
        }
        _localRuns = r;
    }

    /// <summary>Type of local <paramref name="index"/> (validated to exist): the first run ending beyond it.</summary>
    private ValType LocalType(uint index)
    {
        int lo = 0, hi = _localRuns - 1;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_localRunEnds[mid] > index) hi = mid;
            else lo = mid + 1;
        }
        return _localRunTypes[lo];
    }

    /// <summary>Emits the prologue and returns the index of the frame-size instruction to patch.</summary>
    private int EmitPrologue()
    {
        _asm.push(rbp);
        _asm.mov(rbp, rsp);
        _asm.AddInstruction(X86Instruction.Create(Code.Sub_rm64_imm32, Register.RSP, 0x7FFF_0000));
        int patchIndex = _asm.Instructions.Count - 1;
        _asm.mov(rbx, __qword_ptr[r15 + VmContextLayout.Fuel]); // before any trap can save it back
        // Explicit stack check: never run into the guard page (or beyond) of the host thread's stack.
        _asm.cmp(rsp, __qword_ptr[r15 + VmContextLayout.StackLimit]);
        _asm.jb(TrapLabel(TrapKind.StackExhausted));
        // Entering costs one unit, plus one per 64 declared locals: zeroing them is real work, and
        // a function of 50,000 locals called in a loop must not run 400 KB of stores per unit.
        EmitFuelAndStopCheck(1 + _declaredCount / LocalsPerFuelUnit);
        ZeroDeclaredLocals();
        return patchIndex;
    }

    /// <summary>Fuel and stop-request check at function entries and loop headers (fuel lives in rbx meanwhile).</summary>
    private void EmitFuelAndStopCheck(int units = 1)
    {
        _asm.sub(rbx, units);
        _asm.jl(TrapLabel(TrapKind.OutOfFuel));
        _asm.cmp(__dword_ptr[r15 + VmContextLayout.StopFlag], 0);
        _asm.jne(TrapLabel(TrapKind.DeadlineExceeded));
    }

    private void ZeroDeclaredLocals()
    {
        if (_declaredCount == 0) return;
        if (_declaredCount <= 8)
        {
            for (int j = 0; j < _declaredCount; j++) _asm.mov(__qword_ptr[rbp - 8 * (j + 1)], 0);
            return;
        }
        // rdi/rcx/rax hold nothing yet at function entry.
        _asm.lea(rdi, __[rbp - 8 * _declaredCount]);
        _asm.mov(ecx, _declaredCount);
        _asm.xor(eax, eax);
        _asm.rep.stosq();
    }

    /// <summary>Writes the fuel register back to the context (before calls, returns and traps).</summary>
    private void SaveFuel() => _asm.mov(__qword_ptr[r15 + VmContextLayout.Fuel], rbx);

    private void ReloadFuel() => _asm.mov(rbx, __qword_ptr[r15 + VmContextLayout.Fuel]);

    private void EmitEpilogue()
    {
        SaveFuel();
        _asm.leave();
        _asm.ret();
    }

    private Label TrapLabel(TrapKind kind)
    {
        ref var label = ref _trapLabels[(int)kind];
        if (label.IsEmpty) label = _asm.CreateLabel();
        return label;
    }

    private void EmitTrapStubs()
    {
        for (int k = 0; k < _trapLabels.Length; k++)
        {
            if (_trapLabels[k].IsEmpty) continue;
            Bind(ref _trapLabels[k]);
            SaveFuel();
            _asm.mov(eax, TrapCode((TrapKind)k, _functionIndex));
            EmitRawBranch(0xE9, ModuleContext.TrapExitTarget);
        }
    }

    /// <summary>Trap code returned by the entry trampoline: kind + 1 in the low byte, function index + 1 above.</summary>
    public static int TrapCode(TrapKind kind, int functionIndex) => ((int)kind + 1) | ((functionIndex + 1) << 8);

    /// <summary>Binds a label, inserting a nop when another label is already bound at this position (Iced allows one per instruction).</summary>
    private void Bind(ref Label label)
    {
        if (_lastBindIndex == _asm.Instructions.Count) _asm.nop();
        _asm.Label(ref label);
        _lastBindIndex = _asm.Instructions.Count;
    }

    private void Emit(in X86Instruction instruction) => _asm.AddInstruction(instruction);

    /// <summary>
    /// A jmp (E9) or call (E8) rel32 to code outside this function, emitted as bytes and patched by
    /// <see cref="ModuleCompiler"/> once the target's offset is known (functions are assembled one by one).
    /// </summary>
    private void EmitRawBranch(byte opcode, int target)
    {
        _asm.db(opcode, 0, 0, 0, 0);
        _mc.BranchPatches.Add((_asm.Instructions.Count - 1, target));
    }

    private static WasmNotSupportedException Unsupported(Opcode opcode) =>
        new($"instruction {opcode} is not supported by the compiler");
}
