using Iced.Intel;
using TenantDb.ProcSandbox.Runtime;
using TenantDb.ProcSandbox.Runtime.Native;

namespace TenantDb.ProcSandbox.Compiler;

/// <summary>What every function compiler of one module shares: the assembler, labels, layout and fix-ups.</summary>
internal sealed class ModuleContext
{
    public ModuleContext(WasmModule module, CompileOptions options)
    {
        Module = module;
        Options = options;
        Layout = new VmContextLayout(module);
        Assembler = new Assembler(64);
        TrapExit = Assembler.CreateLabel("trap_exit");
        ImportedFunctionCount = module.ImportedFunctionCount;
        FunctionTypes = new FuncType[ImportedFunctionCount + module.Functions.Count];
        for (int i = 0; i < FunctionTypes.Length; i++) FunctionTypes[i] = module.GetFunctionType((uint)i);
        GlobalTypes = new GlobalType[module.ImportedGlobalCount + module.Globals.Count];
        for (int i = 0; i < GlobalTypes.Length; i++) GlobalTypes[i] = module.GetGlobalType((uint)i);
        FunctionLabels = new Label[module.Functions.Count];
        for (int i = 0; i < FunctionLabels.Length; i++) FunctionLabels[i] = Assembler.CreateLabel();
    }

    public WasmModule Module { get; }
    public CompileOptions Options { get; }
    public VmContextLayout Layout { get; }
    public Assembler Assembler { get; }
    public Label TrapExit { get; }
    public int ImportedFunctionCount { get; }
    public FuncType[] FunctionTypes { get; }
    public GlobalType[] GlobalTypes { get; }

    /// <summary>Entry labels of the module-defined functions.</summary>
    public Label[] FunctionLabels { get; }

    /// <summary>br_table jump tables to fill in after assembly: table label and one target label per entry.</summary>
    public List<(Label Table, Label[] Targets)> JumpTables { get; } = [];

    /// <summary>
    /// Operand-stack entries the function compilers visited while spilling, evicting and
    /// materialising: a deterministic measure of their work that tests bound per input byte.
    /// </summary>
    public long StackWork { get; set; }

    /// <summary>Prologue <c>sub rsp, imm32</c> instructions (by index) whose frame size is known only at the function's end.</summary>
    public List<(int InstructionIndex, int FrameBytes)> FramePatches { get; } = [];
}
