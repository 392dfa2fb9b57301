using Iced.Intel;
using TenantDb.ProcSandbox.Runtime;
using TenantDb.ProcSandbox.Runtime.Native;

namespace TenantDb.ProcSandbox.Compiler;

/// <summary>What every function compiler of one module shares: the assembler, offsets, layout and fix-ups.</summary>
internal sealed class ModuleContext
{
    /// <summary>The target of a raw branch to the trap exit (function targets are defined-function indices).</summary>
    public const int TrapExitTarget = -1;

    public ModuleContext(WasmModule module, CompileOptions options)
    {
        Module = module;
        Options = options;
        Layout = new VmContextLayout(module);
        Assembler = new Assembler(64);
        ImportedFunctionCount = module.ImportedFunctionCount;
        FunctionTypes = new FuncType[ImportedFunctionCount + module.Functions.Count];
        for (int i = 0; i < FunctionTypes.Length; i++) FunctionTypes[i] = module.GetFunctionType((uint)i);
        GlobalTypes = new GlobalType[module.ImportedGlobalCount + module.Globals.Count];
        for (int i = 0; i < GlobalTypes.Length; i++) GlobalTypes[i] = module.GetGlobalType((uint)i);
        FunctionOffsets = new int[module.Functions.Count];
        Array.Fill(FunctionOffsets, -1);
    }

    public WasmModule Module { get; }
    public CompileOptions Options { get; }
    public VmContextLayout Layout { get; }

    /// <summary>The one assembler, reset before each function.</summary>
    public Assembler Assembler { get; }

    public int ImportedFunctionCount { get; }
    public FuncType[] FunctionTypes { get; }
    public GlobalType[] GlobalTypes { get; }

    /// <summary>Offset of the trap exit in the code buffer.</summary>
    public int TrapExitOffset { get; set; }

    /// <summary>Code offsets of the module-defined functions; -1 until a function is placed.</summary>
    public int[] FunctionOffsets { get; }

    /// <summary>Code offset of the group of functions being compiled (they are assembled together).</summary>
    public int GroupStart { get; private set; }

    /// <summary>
    /// Operand-stack entries the function compilers visited while spilling, evicting and
    /// materialising: a deterministic measure of their work that tests bound per input byte.
    /// </summary>
    public long StackWork { get; set; }

    /// <summary>The current group's br_table jump tables to fill in after assembly: table label and one target label per entry.</summary>
    public List<(Label Table, Label[] Targets)> JumpTables { get; } = [];

    /// <summary>The current group's prologue <c>sub rsp, imm32</c> (by instruction index), whose frame size is known only at its end.</summary>
    public List<(int InstructionIndex, int FrameBytes)> FramePatches { get; } = [];

    /// <summary>The current group's raw rel32 branches (by instruction index) to the trap exit or to a defined function.</summary>
    public List<(int InstructionIndex, int Target)> BranchPatches { get; } = [];

    /// <summary>Calls (by code offset) to functions placed later in the buffer.</summary>
    public List<(int CodeOffset, int Target)> ForwardCalls { get; } = [];

    /// <summary>Forgets the previous group's fix-ups; the next group starts at <paramref name="codeOffset"/>.</summary>
    public void StartGroup(int codeOffset)
    {
        GroupStart = codeOffset;
        JumpTables.Clear();
        FramePatches.Clear();
        BranchPatches.Clear();
    }
}
