using System.Runtime.InteropServices;
using TenantDb.ProcSandbox.Module;
using TenantDb.ProcSandbox.Runtime.Native;

namespace TenantDb.ProcSandbox.Runtime;

public sealed unsafe partial class Instance
{
    /// <summary>
    /// Instantiates <paramref name="module"/>: resolves imports against <paramref name="imports"/>
    /// (<see cref="WasmLinkException"/> when one is missing or mistyped), sets up globals, table and
    /// memory, checks and copies element and data segments (<see cref="WasmLinkException"/> when one
    /// does not fit; nothing is written then), and runs the start function (which may trap).
    /// </summary>
    public static Instance Instantiate(CompiledModule module, Linker? imports, InstanceLimits? limits = null, object? state = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        var instance = new Instance(module, limits ?? new InstanceLimits(), state);
        try
        {
            instance.Link(imports);
            instance.InitializeSegments();
            if (module.Module.Start is { } start)
            {
                ulong* results = stackalloc ulong[2];
                int code = instance.Run(instance.Function((int)start), null, 0, results);
                if (code != 0) throw instance.MakeTrap(code);
            }
            return instance;
        }
        catch
        {
            instance.Dispose();
            throw;
        }
    }

    private Instance(CompiledModule compiled, InstanceLimits limits, object? state)
    {
        _compiled = compiled;
        _layout = compiled.ContextLayout;
        Limits = limits;
        State = state;
        var module = compiled.Module;
        _functions = new FunctionRef[module.ImportedFunctionCount + module.Functions.Count];
        _imports = new object?[module.ImportedFunctionCount];
        _importedGlobals = new WasmGlobal?[module.ImportedGlobalCount];

        _context = (nint)NativeMemory.AllocZeroed((nuint)_layout.Size);
        // Host calls (imports of either kind) and memory.grow find this object from native code.
        if (module.Imports.Count > 0 || module.Memories.Count > 0)
        {
            _self = GCHandle.Alloc(this, GCHandleType.Weak);
            *(nint*)(_context + VmContextLayout.InstanceHandle) = GCHandle.ToIntPtr(_self);
        }
        *(nint*)(_context + VmContextLayout.HostCallFn) = (nint)(delegate* unmanaged<nint, int, ulong*, ulong*, int>)&HostTrampolines.CallHost;
        *(nint*)(_context + VmContextLayout.MemoryGrowFn) = (nint)(delegate* unmanaged<nint, uint, int>)&HostTrampolines.GrowMemory;
        *(long*)(_context + VmContextLayout.MaxStackBytes) = limits.MaxStackBytes;
        ContextFuel.Set(_context, limits.Fuel);
    }

    /// <summary>
    /// Resolves the imports. Every object taken from elsewhere is referenced before it is used
    /// (memories and tables count their users, exporting instances count their importers), so
    /// nothing this instance points at can be freed before it is.
    /// </summary>
    private void Link(Linker? linker)
    {
        var module = _compiled.Module;
        int functionImport = 0, globalImport = 0;
        foreach (var import in module.Imports)
        {
            if (linker is null || !linker.TryResolve(import.Module, import.Name, out var definition))
                throw new WasmLinkException($"unknown import {import.Module}.{import.Name}");
            switch (import.Kind)
            {
                case ExternalKind.Function:
                    LinkFunction(import, definition!, functionImport++);
                    break;
                case ExternalKind.Table:
                    var table = definition as WasmTable ?? throw Incompatible(import);
                    if (!LimitsMatch(table.Size, table.Maximum, import.Table.Limits)) throw Incompatible(import);
                    if (!table.TryAcquire()) throw new WasmLinkException($"imported table {import.Module}.{import.Name} was released");
                    _table = table;
                    table.MarkShared();
                    // The table names its owner's functions: they must stay callable while we can call through it.
                    if (table.Owner is { } tableOwner) Reference(tableOwner, import);
                    break;
                case ExternalKind.Memory:
                    var memory = definition as WasmMemory ?? throw Incompatible(import);
                    if (!LimitsMatch(memory.Pages, memory.Maximum, import.Memory.Limits)) throw Incompatible(import);
                    if (!memory.TryAcquire()) throw new WasmLinkException($"imported memory {import.Module}.{import.Name} was released");
                    _memory = memory;
                    break;
                default:
                    var global = definition as WasmGlobal ?? throw Incompatible(import);
                    if (global.Type != import.Global.Type || global.Mutable != import.Global.Mutable) throw Incompatible(import);
                    // A global exported by an instance lives in that instance's context.
                    if (global.Owner is Instance exporter) Reference(exporter, import);
                    _importedGlobals[globalImport] = global;
                    *(nint*)(_context + _layout.ImportedGlobalPointer(globalImport)) = global.Cell;
                    globalImport++;
                    break;
            }
        }

        if (module.Memories.Count > 0)
        {
            var declared = module.Memories[0].Limits;
            uint limit = (uint)Math.Clamp(Limits.MaxMemoryPages, 0, 65536);
            if (declared.Min > limit) throw new WasmLinkException($"memory minimum of {declared.Min} pages exceeds the limit of {limit}");
            _memory = WasmMemory.Rent(declared.Min, declared.Max is { } max ? Math.Min(max, limit) : limit, declared.Max);
        }
        _memory?.Attach(_context);

        if (module.Tables.Count > 0) _table = new WasmTable(module.Tables[0].Limits.Min, module.Tables[0].Limits.Max, this);
        if (_table is not null)
        {
            *(nint*)(_context + VmContextLayout.TableBase) = _table.Entries;
            *(long*)(_context + VmContextLayout.TableSize) = _table.Size;
        }

        for (int i = 0; i < module.Globals.Count; i++)
        {
            *(ulong*)(_context + _layout.DefinedGlobal(i)) = EvaluateConstant(module.Globals[i].Init);
        }
    }

    /// <summary>
    /// Every function import, host function or another instance's function, is called through this
    /// module's host adapter with this instance's context: generated code never switches to a
    /// context other than its own. <see cref="HostTrampolines.CallHost"/> then calls the host
    /// function or enters the other instance through its entry trampoline.
    /// </summary>
    private void LinkFunction(Import import, object definition, int importIndex)
    {
        var expected = _compiled.Module.Types[(int)import.FunctionTypeIndex];
        switch (definition)
        {
            case HostFunctionDefinition host:
                if (!host.Type.Equals(expected)) throw Incompatible(import);
                break;
            case FunctionRef function:
                if (!function.Type.Equals(expected)) throw Incompatible(import);
                Reference(function.Owner, import);
                break;
            default:
                throw Incompatible(import);
        }
        _imports[importIndex] = definition;
        *(nint*)(_context + _layout.ImportCode(importIndex)) = _compiled.HostAdapterCode(importIndex);
        *(nint*)(_context + _layout.ImportContext(importIndex)) = _context;
        _functions[importIndex] = new FunctionRef(expected, _compiled.FunctionTypeIds[importIndex], _compiled.HostAdapterCode(importIndex), _context, this, _compiled.FunctionNames[importIndex]);
    }

    /// <summary>Keeps <paramref name="exporter"/>'s context alive while this instance lives.</summary>
    private void Reference(Instance exporter, Import import)
    {
        if (exporter == this || _importedFrom.Contains(exporter)) return;
        if (!exporter.TryAcquire()) throw new WasmLinkException($"import {import.Module}.{import.Name} comes from a disposed instance");
        _importedFrom.Add(exporter);
    }

    private static bool LimitsMatch(uint actualSize, uint? actualMax, Limits wanted) =>
        actualSize >= wanted.Min && (wanted.Max is not { } max || (actualMax is { } have && have <= max));

    private static WasmLinkException Incompatible(Import import) =>
        new($"incompatible import type for {import.Module}.{import.Name}");

    private ulong EvaluateConstant(ConstExpr expr) => expr.Kind == ConstExprKind.GlobalGet
        ? *(ulong*)_importedGlobals[(int)expr.Bits]!.Cell
        : expr.Bits;

    /// <summary>Checks every segment first (MVP semantics: all or nothing), then copies them.</summary>
    private void InitializeSegments()
    {
        var module = _compiled.Module;
        foreach (var segment in module.Elements)
        {
            ulong offset = (uint)EvaluateConstant(segment.Offset);
            if (_table is null || offset + (ulong)segment.FunctionIndices.Length > _table.Size)
                throw new WasmLinkException("elements segment does not fit");
        }
        foreach (var segment in module.Data)
        {
            ulong offset = (uint)EvaluateConstant(segment.Offset);
            if (_memory is null || offset + (ulong)segment.Bytes.Length > (ulong)_memory.SizeBytes)
                throw new WasmLinkException("data segment does not fit");
        }
        foreach (var segment in module.Elements)
        {
            uint offset = (uint)EvaluateConstant(segment.Offset);
            for (int i = 0; i < segment.FunctionIndices.Length; i++)
            {
                _table!.Set(offset + (uint)i, Function((int)segment.FunctionIndices[i]));
            }
        }
        foreach (var segment in module.Data)
        {
            uint offset = (uint)EvaluateConstant(segment.Offset);
            segment.Bytes.Span.CopyTo(_memory!.Span[(int)offset..]);
        }
    }

    /// <summary>What import <paramref name="importIndex"/> resolved to: a <see cref="HostFunctionDefinition"/> or another instance's <see cref="FunctionRef"/>.</summary>
    internal object ImportTarget(int importIndex) => _imports[importIndex]!;

    internal void SetPendingHostException(Exception exception) => _pendingHostException = exception;

    internal int GrowMemory(uint deltaPages) =>
        _memory is null ? -1 : _memory.Grow(deltaPages, (uint)Math.Clamp(Limits.MaxMemoryPages, 0, 65536));
}
