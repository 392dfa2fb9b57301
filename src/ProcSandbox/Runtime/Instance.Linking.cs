using System.Runtime.InteropServices;
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
        var instance = new Instance(module, imports, limits ?? new InstanceLimits(), state);
        try
        {
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

    private Instance(CompiledModule compiled, Linker? linker, InstanceLimits limits, object? state)
    {
        _compiled = compiled;
        _layout = compiled.ContextLayout;
        Limits = limits;
        State = state;
        var module = compiled.Module;
        _functions = new FunctionRef[module.ImportedFunctionCount + module.Functions.Count];
        _hostImports = new HostFunctionDefinition?[module.ImportedFunctionCount];
        _importedGlobals = new WasmGlobal?[module.ImportedGlobalCount];

        _context = (nint)NativeMemory.AllocZeroed((nuint)_layout.Size);
        // Only host calls and memory.grow need to find this object from native code.
        if (module.Imports.Count > 0 || module.Memories.Count > 0)
        {
            _self = GCHandle.Alloc(this, GCHandleType.Weak);
            *(nint*)(_context + VmContextLayout.InstanceHandle) = GCHandle.ToIntPtr(_self);
        }
        *(nint*)(_context + VmContextLayout.HostCallFn) = (nint)(delegate* unmanaged<nint, int, ulong*, ulong*, int>)&HostTrampolines.CallHost;
        *(nint*)(_context + VmContextLayout.MemoryGrowFn) = (nint)(delegate* unmanaged<nint, uint, int>)&HostTrampolines.GrowMemory;
        *(long*)(_context + VmContextLayout.MaxStackBytes) = limits.MaxStackBytes;
        // Other instances may call our functions (imports, shared tables) before we ever run a call.
        *(long*)(_context + VmContextLayout.Fuel) = limits.Fuel;

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
                    _table = definition as WasmTable ?? throw Incompatible(import);
                    if (!LimitsMatch(_table.Size, _table.Maximum, import.Table.Limits)) throw Incompatible(import);
                    break;
                case ExternalKind.Memory:
                    _memory = definition as WasmMemory ?? throw Incompatible(import);
                    if (!LimitsMatch(_memory.Pages, _memory.Maximum, import.Memory.Limits)) throw Incompatible(import);
                    break;
                default:
                    var global = definition as WasmGlobal ?? throw Incompatible(import);
                    if (global.Type != import.Global.Type || global.Mutable != import.Global.Mutable) throw Incompatible(import);
                    _importedGlobals[globalImport] = global;
                    *(nint*)(_context + _layout.ImportedGlobalPointer(globalImport)) = global.Cell;
                    globalImport++;
                    break;
            }
        }

        if (module.Memories.Count > 0)
        {
            var declared = module.Memories[0].Limits;
            uint limit = (uint)Math.Clamp(limits.MaxMemoryPages, 0, 65536);
            if (declared.Min > limit) throw new WasmLinkException($"memory minimum of {declared.Min} pages exceeds the limit of {limit}");
            _memory = WasmMemory.Rent(declared.Min, declared.Max is { } max ? Math.Min(max, limit) : limit, declared.Max);
            _ownsMemory = true;
        }
        _memory?.Attach(_context);

        if (module.Tables.Count > 0) _table = new WasmTable(module.Tables[0].Limits.Min, module.Tables[0].Limits.Max);
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

    private void LinkFunction(Import import, object definition, int importIndex)
    {
        var expected = _compiled.Module.Types[(int)import.FunctionTypeIndex];
        switch (definition)
        {
            case HostFunctionDefinition host:
                if (!host.Type.Equals(expected)) throw Incompatible(import);
                _hostImports[importIndex] = host;
                *(nint*)(_context + _layout.ImportCode(importIndex)) = _compiled.HostAdapterCode(importIndex);
                *(nint*)(_context + _layout.ImportContext(importIndex)) = _context;
                _functions[importIndex] = new FunctionRef(expected, _compiled.FunctionTypeIds[importIndex], _compiled.HostAdapterCode(importIndex), _context, this, _compiled.FunctionNames[importIndex]);
                break;
            case FunctionRef function:
                if (!function.Type.Equals(expected)) throw Incompatible(import);
                *(nint*)(_context + _layout.ImportCode(importIndex)) = function.Code;
                *(nint*)(_context + _layout.ImportContext(importIndex)) = function.Context;
                _functions[importIndex] = function;
                _importedFrom.Add(function.Owner);
                break;
            default:
                throw Incompatible(import);
        }
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
        if (module.Elements.Count > 0) _shared = true; // the table may outlive us and points at our context
        foreach (var segment in module.Data)
        {
            uint offset = (uint)EvaluateConstant(segment.Offset);
            segment.Bytes.Span.CopyTo(_memory!.Span[(int)offset..]);
        }
    }

    internal HostFunctionDefinition HostImport(int importIndex) => _hostImports[importIndex]!;

    internal void SetPendingHostException(Exception exception) => _pendingHostException = exception;

    internal int GrowMemory(uint deltaPages) =>
        _memory is null ? -1 : _memory.Grow(deltaPages, (uint)Math.Clamp(Limits.MaxMemoryPages, 0, 65536));
}
