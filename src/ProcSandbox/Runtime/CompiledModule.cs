using System.Diagnostics;
using TenantDb.ProcSandbox.Compiler;
using TenantDb.ProcSandbox.Module;
using TenantDb.ProcSandbox.Runtime.Native;
using TenantDb.ProcSandbox.Validation;

namespace TenantDb.ProcSandbox.Runtime;

/// <summary>
/// A validated module compiled to x86-64 machine code. The code is shared by every instance made
/// from it; disposing it while instances still run is an error of the host.
/// </summary>
public sealed class CompiledModule : IDisposable
{
    private readonly CodeMemory _code;
    private readonly MachineCode _layout;
    private readonly SignatureTable.Lease _typeIds;

    private CompiledModule(WasmModule module, MachineCode layout, SignatureTable.Lease typeIds, TimeSpan compileTime)
    {
        Module = module;
        _layout = layout;
        _typeIds = typeIds;
        _code = new CodeMemory(layout.Code);
        CompileTime = compileTime;
        ContextLayout = new VmContextLayout(module);
        FunctionNames = FunctionNaming.Build(module);
        FunctionTypes = new FuncType[module.ImportedFunctionCount + module.Functions.Count];
        FunctionTypeIds = new int[FunctionTypes.Length];
        for (int i = 0; i < FunctionTypes.Length; i++)
        {
            FunctionTypes[i] = module.GetFunctionType((uint)i);
            FunctionTypeIds[i] = FuncTypeIds.Of(FunctionTypes[i]);
        }
        Exports = new Dictionary<string, Export>(module.Exports.Count, StringComparer.Ordinal);
        foreach (var export in module.Exports) Exports[export.Name] = export;
    }

    /// <summary>
    /// Compiles <paramref name="module"/>, validating it first if <see cref="WasmValidator.Validate"/> has not (each
    /// function body is then validated by the thread that compiles it, just before; errors are the same as
    /// validating first). Throws <see cref="WasmNotSupportedException"/> for features the compiler lacks.
    /// </summary>
    /// <exception cref="Errors.WasmInvalidException">The module breaks a validation rule.</exception>
    public static CompiledModule Compile(WasmModule module, CompileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        var watch = Stopwatch.StartNew();
        var unvalidated = module.IsValidated ? null : WasmValidator.ValidateModule(module);
        // The signatures' ids are held before code that bakes them in exists, and until it is gone.
        var typeIds = FuncTypeIds.Acquire(module.Types);
        try
        {
            var code = ModuleCompiler.Compile(module, options ?? new CompileOptions(), unvalidated);
            return new CompiledModule(module, code, typeIds, watch.Elapsed);
        }
        catch
        {
            typeIds.Dispose();
            throw;
        }
    }

    /// <summary>The module this code was compiled from.</summary>
    public WasmModule Module { get; }

    /// <summary>Bytes of machine code generated.</summary>
    public int CodeBytes => _layout.Code.Length;

    /// <summary>Time spent compiling.</summary>
    public TimeSpan CompileTime { get; }

    internal VmContextLayout ContextLayout { get; }

    /// <summary>Bytes that helper threads of a parallel decode, validation and compile allocated (the compiling thread's own show in its counter).</summary>
    internal long HelperAllocatedBytes => Module.DecodeHelperAllocatedBytes + Module.ValidationHelperAllocatedBytes + _layout.HelperAllocatedBytes;

    internal string[] FunctionNames { get; }

    /// <summary>Signature of every function (imports first), computed once for all instances.</summary>
    internal FuncType[] FunctionTypes { get; }

    /// <summary>Canonical signature id of every function.</summary>
    internal int[] FunctionTypeIds { get; }

    /// <summary>Exports by name.</summary>
    internal Dictionary<string, Export> Exports { get; }

    internal nint EntryStub => _code.Address + _layout.EntryOffset;

    /// <summary>Address of module-defined function <paramref name="definedIndex"/>.</summary>
    internal nint DefinedFunctionCode(int definedIndex) => _code.Address + _layout.FunctionOffsets[definedIndex];

    /// <summary>Address of the adapter that calls host import <paramref name="importIndex"/>.</summary>
    internal nint HostAdapterCode(int importIndex) => _code.Address + _layout.HostAdapterOffsets[importIndex];

    /// <summary>Unmaps the machine code and gives back its signature ids.</summary>
    public void Dispose()
    {
        _code.Dispose();
        _typeIds.Dispose();
    }
}
