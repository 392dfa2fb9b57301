using TenantDb.ProcSandbox.Module;
using TenantDb.ProcSandbox.Runtime;
using TenantDb.ProcSandbox.Runtime.Native;

namespace TenantDb.ProcSandbox.Compiler;

/// <summary>What every function compiler of one module shares: the code buffer, offsets and layout.</summary>
internal sealed class ModuleContext
{
    public ModuleContext(WasmModule module, CompileOptions options)
    {
        Module = module;
        Options = options;
        Layout = new VmContextLayout(module);
        ImportedFunctionCount = module.ImportedFunctionCount;
        FunctionTypes = new FuncType[ImportedFunctionCount + module.Functions.Count];
        for (int i = 0; i < FunctionTypes.Length; i++) FunctionTypes[i] = module.GetFunctionType((uint)i);
        GlobalTypes = new GlobalType[module.ImportedGlobalCount + module.Globals.Count];
        for (int i = 0; i < GlobalTypes.Length; i++) GlobalTypes[i] = module.GetGlobalType((uint)i);
        FunctionOffsets = new int[module.Functions.Count];
        Array.Fill(FunctionOffsets, -1);
        Code = new CodeBuffer(EstimateCodeBytes(module));
    }

    /// <summary>
    /// A context for compiling some of <paramref name="module"/>'s functions into a buffer of their own
    /// (see <see cref="ParallelModuleCompiler"/>): it shares the module's read-only facts; offsets are
    /// local to that buffer and the trap exit is unknown (-1), so jumps to it become relocations.
    /// </summary>
    public ModuleContext(ModuleContext module, int codeCapacity)
    {
        Module = module.Module;
        Options = module.Options;
        Layout = module.Layout;
        ImportedFunctionCount = module.ImportedFunctionCount;
        FunctionTypes = module.FunctionTypes;
        GlobalTypes = module.GlobalTypes;
        FunctionOffsets = new int[Module.Functions.Count];
        Array.Fill(FunctionOffsets, -1);
        TrapExitOffset = CodeBuffer.TrapExitTarget;
        Code = new CodeBuffer(codeCapacity);
    }

    public WasmModule Module { get; }
    public CompileOptions Options { get; }
    public VmContextLayout Layout { get; }

    public int ImportedFunctionCount { get; }
    public FuncType[] FunctionTypes { get; }
    public GlobalType[] GlobalTypes { get; }

    /// <summary>Offset of the trap exit in the code buffer.</summary>
    public int TrapExitOffset { get; set; }

    /// <summary>Code offsets of the module-defined functions; -1 until a function is placed.</summary>
    public int[] FunctionOffsets { get; }

    /// <summary>The module's code and the current function's labels and fix-ups.</summary>
    public CodeBuffer Code { get; }

    /// <summary>
    /// Operand-stack entries the function compilers visited while spilling, evicting and
    /// materialising: a deterministic measure of their work that tests bound per input byte.
    /// </summary>
    public long StackWork { get; set; }

    /// <summary>A first guess at the code size (about 4 bytes of x86 per byte of wasm code), so the pooled buffer rarely grows.</summary>
    private static int EstimateCodeBytes(WasmModule module)
    {
        long wasmCode = 0;
        foreach (var body in module.Bodies) wasmCode += body.Code.Length;
        return EstimateCodeBytes(wasmCode);
    }

    /// <summary>The guess for <paramref name="wasmCodeBytes"/> bytes of function bodies.</summary>
    public static int EstimateCodeBytes(long wasmCodeBytes) => (int)Math.Min(4 * wasmCodeBytes + 4096, 64L << 20);
}
