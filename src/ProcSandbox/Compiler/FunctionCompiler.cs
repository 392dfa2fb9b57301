using TenantDb.ProcSandbox.Binary;
using TenantDb.ProcSandbox.Runtime;

namespace TenantDb.ProcSandbox.Compiler;

/// <summary>
/// Single-pass baseline compiler for one function body (in the style of wasmtime's winch and V8's
/// Liftoff): one short visit per opcode working through a <see cref="CodeGenContext"/> (frame,
/// value stack of constants, registers, lazy locals and spilled slots, a bitset register allocator
/// that spills on pressure) and emitting through the wasm-shaped <see cref="MacroAssembler"/>.
/// Values below a block are spilled when it opens and a block's result reaches its end in rax/xmm0; the
/// hottest loop locals stay in registers for the whole body (<see cref="LoopLocals"/>) and are updated in
/// place; see <see cref="Frame"/> for the frame layout.
/// </summary>
internal sealed partial class FunctionCompiler
{
    private readonly ModuleContext _mc;
    private readonly MacroAssembler _masm;
    private readonly CodeGenContext _ctx;
    private readonly List<ControlBlock> _blocks = [];
    private int _functionIndex;
    private bool _unreachable;
    private ReadOnlyMemory<byte> _code;
    /// <summary>Body position after the instruction being visited (the main reader's).</summary>
    private int _position;
    private int _skipDepth;
    private int[] _stubOfDepth = new int[16];
    private int[] _stubSerial = new int[16];
    private int _brTableSerial;
    private readonly List<uint> _brDepths = [];
    private int[] _brEntryStub = new int[16];
    private CodeLabel[] _brLabels = new CodeLabel[32];

    /// <summary>Declared locals zeroed at function entry per extra unit of fuel.</summary>
    public const int LocalsPerFuelUnit = 64;

    /// <summary>Instructions compiled between two looks at the cancellation token inside one body.</summary>
    private const int CancellationCheckInterval = 4096;

    public FunctionCompiler(ModuleContext mc, MacroAssembler masm)
    {
        _mc = mc;
        _masm = masm;
        _ctx = new CodeGenContext(mc, _masm);
    }

    /// <summary>Compiles module-defined function <paramref name="definedIndex"/> at the end of the code; returns its offset.</summary>
    public int Compile(int definedIndex)
    {
        var body = _mc.Module.Bodies[definedIndex];
        _functionIndex = _mc.ImportedFunctionCount + definedIndex;
        var type = _mc.FunctionTypes[_functionIndex];
        _ctx.Reset(type, body);
        _blocks.Clear();
        _unreachable = false;
        _skipDepth = 0;
        _code = body.Code;
        _bindBodyAt = -1;
        _hoistedLocal = -1;

        int start = _masm.StartFunction();
        _mc.FunctionOffsets[definedIndex] = start;
        int framePatch = _masm.Prologue(_ctx.Frame.MemoryLimit, _ctx.Frame.MemoryLimitSlack);
        // Entering costs one unit, plus one per 64 declared locals: zeroing them is real work, and
        // a function of 50,000 locals called in a loop must not run 400 KB of stores per unit.
        _masm.FuelCheck(1 + _ctx.Frame.DeclaredCount / LocalsPerFuelUnit);
        _masm.ZeroLocals(_ctx.Frame.DeclaredCount);
        _ctx.LoadPinnedLocals(declaredToo: true);
        _blocks.Add(new ControlBlock(ControlKind.Function, type.Results.Length > 0 ? type.Results[0] : null, 0, _masm.CreateLabel()));

        var reader = new InstructionReader(body.Code.Span, body.CodeOffset);
        var cancellation = _mc.Options.CancellationToken;
        int untilCancellationCheck = CancellationCheckInterval;
        while (reader.HasMore && _blocks.Count > 0)
        {
            if (--untilCancellationCheck == 0)
            {
                cancellation.ThrowIfCancellationRequested();
                untilCancellationCheck = CancellationCheckInterval;
            }
            var instruction = reader.Read();
            _position = reader.Position;
            if (_unreachable) VisitUnreachable(instruction);
            else if (!TryFuseCompare(instruction.Opcode, ref reader) && !TryFuseLocalUpdate(instruction.Opcode, ref reader)
                && !TryFuseLoadArithmetic(instruction, ref reader))
                Visit(instruction);
            if (reader.Position == _bindBodyAt) BindLoopBody();
        }

        _masm.TrapStubs(_functionIndex);
        _masm.SetFrameSize(framePatch, _ctx.Frame.SizeBytes(_ctx.Stack.MaxHeight));
        _masm.FinishFunction(_mc.FunctionOffsets, _mc.TrapExitOffset);
        return start;
    }

    private static WasmNotSupportedException Unsupported(Opcode opcode) =>
        new($"instruction {opcode} is not supported by the compiler");
}
