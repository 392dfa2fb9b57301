using TenantDb.ProcSandbox.Module;
using TenantDb.ProcSandbox.Runtime;
using TenantDb.ProcSandbox.Runtime.Native;
using TenantDb.ProcSandbox.Validation;

namespace TenantDb.ProcSandbox.Compiler;

/// <summary>What every function compiler of one module shares: the code buffer, offsets and layout.</summary>
internal sealed class ModuleContext
{
    /// <param name="module">The module.</param>
    /// <param name="options">How to compile.</param>
    /// <param name="unvalidated">For a module whose bodies are validated as they are compiled: its index spaces
    /// (everything else already validated); null for a validated module.</param>
    public ModuleContext(WasmModule module, CompileOptions options, IndexSpaces? unvalidated = null)
    {
        Module = module;
        Options = options;
        Unvalidated = unvalidated;
        Layout = new VmContextLayout(module);
        ImportedFunctionCount = unvalidated?.ImportedFunctionCount ?? module.ImportedFunctionCount;
        FunctionTypes = new FuncType[ImportedFunctionCount + module.Functions.Count];
        // Through the index spaces when the module is not yet marked validated: module look-ups would walk the imports.
        for (int i = 0; i < FunctionTypes.Length; i++) FunctionTypes[i] = unvalidated is null ? module.GetFunctionType((uint)i) : unvalidated.Functions[i];
        GlobalTypes = new GlobalType[module.ImportedGlobalCount + module.Globals.Count];
        for (int i = 0; i < GlobalTypes.Length; i++) GlobalTypes[i] = unvalidated is null ? module.GetGlobalType((uint)i) : unvalidated.Globals[i];
        FunctionOffsets = new int[module.Functions.Count];
        Array.Fill(FunctionOffsets, -1);
        MinimumMemoryBytes = DeclaredMinimumBytes(module);
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
        Unvalidated = module.Unvalidated;
        Layout = module.Layout;
        ImportedFunctionCount = module.ImportedFunctionCount;
        FunctionTypes = module.FunctionTypes;
        GlobalTypes = module.GlobalTypes;
        MinimumMemoryBytes = module.MinimumMemoryBytes;
        FunctionOffsets = new int[Module.Functions.Count];
        Array.Fill(FunctionOffsets, -1);
        TrapExitOffset = CodeBuffer.TrapExitTarget;
        Code = new CodeBuffer(codeCapacity);
    }

    public WasmModule Module { get; }

    /// <summary>The index spaces of a module whose function bodies the compiler validates (see <see cref="ModuleCompiler"/>), else null.</summary>
    public IndexSpaces? Unvalidated { get; }
    public CompileOptions Options { get; }
    public VmContextLayout Layout { get; }

    public int ImportedFunctionCount { get; }
    public FuncType[] FunctionTypes { get; }
    public GlobalType[] GlobalTypes { get; }

    /// <summary>
    /// The smallest size in bytes the memory can have while the code runs (0 without one): its declared minimum, which
    /// instantiation allocates and linking an imported memory checks; a memory never shrinks while code runs on it.
    /// </summary>
    public long MinimumMemoryBytes { get; }

    private static long DeclaredMinimumBytes(WasmModule module)
    {
        foreach (var import in module.Imports)
        {
            if (import.Kind == ExternalKind.Memory) return (long)import.Memory.Limits.Min * WasmMemory.PageSize;
        }
        return module.Memories.Count > 0 ? (long)module.Memories[0].Limits.Min * WasmMemory.PageSize : 0;
    }

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
