using System.Runtime.InteropServices;
using TenantDb.ProcSandbox.Runtime.Native;

namespace TenantDb.ProcSandbox.Runtime;

/// <summary>
/// An instantiated module: its memory, table, globals and resolved imports, ready to call.
/// One thread at a time may call into an instance; <see cref="RequestStop"/> may be called from any thread.
/// </summary>
public sealed unsafe partial class Instance : IDisposable
{
    private readonly CompiledModule _compiled;
    private readonly VmContextLayout _layout;
    private nint _context;
    private GCHandle _self;
    private readonly WasmMemory? _memory;
    private readonly bool _ownsMemory;
    private readonly WasmTable? _table;
    private readonly FunctionRef[] _functions;
    private readonly HostFunctionDefinition?[] _hostImports;
    private readonly WasmGlobal?[] _importedGlobals;
    private readonly List<Instance> _importedFrom = [];
    private bool _shared;
    private Exception? _pendingHostException;
    private Timer? _deadlineTimer;
    private int _callDepth;

    /// <summary>The compiled module this instance runs.</summary>
    public CompiledModule Compiled => _compiled;

    /// <summary>The module's description.</summary>
    public WasmModule Module => _compiled.Module;

    /// <summary>Limits; fuel and timeout are read at each call, fuel is written back after it.</summary>
    public InstanceLimits Limits { get; }

    /// <summary>The state object passed at instantiation (host functions see it through <see cref="HostCall.State"/>).</summary>
    public object? State { get; }

    /// <summary>The linear memory's bytes (empty when the instance has no memory).</summary>
    public Span<byte> Memory => _memory is null ? default : _memory.Span;

    /// <summary>The linear memory object, if any.</summary>
    public WasmMemory? LinearMemory => _memory;

    /// <summary>
    /// Asks the running call (or the next one, if none runs) to stop at its next function entry or
    /// loop iteration with <see cref="TrapKind.DeadlineExceeded"/>. Safe from any thread.
    /// </summary>
    public void RequestStop()
    {
        nint context = Volatile.Read(ref _context);
        if (context != 0) Volatile.Write(ref *(int*)(context + VmContextLayout.StopFlag), 1);
    }

    /// <summary>Calls export <paramref name="exportName"/> and returns its results (allocates; see the span overload).</summary>
    public WasmValue[] Invoke(string exportName, params WasmValue[] args)
    {
        var function = GetExportedFunction(exportName);
        var results = new WasmValue[function.Type.Results.Length];
        Call(function, args, results);
        return results;
    }

    /// <summary>Calls export <paramref name="exportName"/> writing its results into <paramref name="results"/>; allocation-free.</summary>
    public void Invoke(string exportName, ReadOnlySpan<WasmValue> args, Span<WasmValue> results) =>
        Call(GetExportedFunction(exportName), args, results);

    /// <summary>The signature of exported function <paramref name="exportName"/>, or null if there is no such function export.</summary>
    public FuncType? GetFunctionType(string exportName) =>
        _compiled.Exports.TryGetValue(exportName, out var export) && export.Kind == ExternalKind.Function
            ? _compiled.FunctionTypes[export.Index]
            : null;

    /// <summary>The value of exported global <paramref name="name"/>.</summary>
    public bool TryGetExportedGlobal(string name, out WasmValue value)
    {
        if (_compiled.Exports.TryGetValue(name, out var export) && export.Kind == ExternalKind.Global)
        {
            value = GlobalObject((int)export.Index).Value;
            return true;
        }
        value = default;
        return false;
    }

    /// <summary>Exported memory <paramref name="name"/>, if any.</summary>
    public WasmMemory? GetExportedMemory(string name) =>
        _compiled.Exports.TryGetValue(name, out var export) && export.Kind == ExternalKind.Memory ? _memory : null;

    /// <summary>Exported table <paramref name="name"/>, if any.</summary>
    public WasmTable? GetExportedTable(string name) =>
        _compiled.Exports.TryGetValue(name, out var export) && export.Kind == ExternalKind.Table ? _table : null;

    /// <summary>Exported global <paramref name="name"/>, if any.</summary>
    public WasmGlobal? GetExportedGlobal(string name) =>
        _compiled.Exports.TryGetValue(name, out var export) && export.Kind == ExternalKind.Global ? GlobalObject((int)export.Index) : null;

    internal object GetExportObject(Export export)
    {
        _shared = true;
        return export.Kind switch
        {
            ExternalKind.Function => Function((int)export.Index),
            ExternalKind.Memory => _memory!,
            ExternalKind.Table => _table!,
            _ => GlobalObject((int)export.Index),
        };
    }

    private WasmGlobal GlobalObject(int globalIndex)
    {
        if (globalIndex < _importedGlobals.Length) return _importedGlobals[globalIndex]!;
        _shared = true;
        var type = Module.Globals[globalIndex - _importedGlobals.Length].Type;
        return new WasmGlobal(type.Type, type.Mutable, _context + _layout.DefinedGlobal(globalIndex - _importedGlobals.Length), this);
    }

    private FunctionRef GetExportedFunction(string exportName)
    {
        ObjectDisposedException.ThrowIf(_context == 0, this);
        if (!_compiled.Exports.TryGetValue(exportName, out var export) || export.Kind != ExternalKind.Function)
            throw new ArgumentException($"no exported function named '{exportName}'", nameof(exportName));
        return Function((int)export.Index);
    }

    /// <summary>The callable reference of function <paramref name="index"/>, made on first use (instantiation stays cheap).</summary>
    private FunctionRef Function(int index) =>
        _functions[index] ??= new FunctionRef(_compiled.FunctionTypes[index], _compiled.FunctionTypeIds[index],
            _compiled.DefinedFunctionCode(index - _hostImports.Length), _context, this, _compiled.FunctionNames[index]);

    private void Call(FunctionRef function, ReadOnlySpan<WasmValue> args, Span<WasmValue> results)
    {
        var type = function.Type;
        if (args.Length != type.Parameters.Length) throw new ArgumentException($"expected {type.Parameters.Length} arguments, got {args.Length}");
        if (results.Length < type.Results.Length) throw new ArgumentException($"expected room for {type.Results.Length} results");
        ulong* argBits = stackalloc ulong[Math.Max(args.Length, 1)];
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i].Type != type.Parameters[i]) throw new ArgumentException($"argument {i} must be {type.Parameters[i]}, got {args[i].Type}");
            argBits[i] = args[i].Bits;
        }
        ulong* resultBits = stackalloc ulong[2];
        int code = Run(function, argBits, args.Length, resultBits);
        if (code != 0) throw MakeTrap(code);
        if (type.Results.Length == 1)
        {
            var resultType = type.Results[0];
            results[0] = WasmValue.FromBits(resultType, resultType is ValType.F32 or ValType.F64 ? resultBits[1] : resultBits[0]);
        }
    }

    /// <summary>Runs <paramref name="function"/> through the entry trampoline; returns 0 or an encoded trap.</summary>
    private int Run(FunctionRef function, ulong* args, int argCount, ulong* results)
    {
        nint context = _context;
        bool outermost = _callDepth++ == 0;
        if (outermost)
        {
            *(long*)(context + VmContextLayout.Fuel) = Limits.Fuel;
            *(long*)(context + VmContextLayout.MaxStackBytes) = Limits.MaxStackBytes;
            *(nint*)(context + VmContextLayout.StackFloor) = ThreadStack.Floor;
            if (Limits.Timeout is { } timeout) ArmDeadline(timeout);
        }
        try
        {
            var entry = (delegate* unmanaged<nint, ulong*, ulong*, nint, long, int>)_compiled.EntryStub;
            return entry(function.Context, args, results, function.Code, argCount);
        }
        finally
        {
            if (--_callDepth == 0)
            {
                Limits.Fuel = *(long*)(context + VmContextLayout.Fuel);
                if (Limits.Timeout is not null) _deadlineTimer?.Change(Timeout.Infinite, Timeout.Infinite);
                // A stop request applies to the call it interrupted (or the one it found), not to later ones.
                Volatile.Write(ref *(int*)(context + VmContextLayout.StopFlag), 0);
            }
            GC.KeepAlive(function.Owner);
        }
    }

    private void ArmDeadline(TimeSpan timeout)
    {
        _deadlineTimer ??= new Timer(static state => ((Instance)state!).RequestStop(), this, Timeout.Infinite, Timeout.Infinite);
        _deadlineTimer.Change(timeout, Timeout.InfiniteTimeSpan);
    }

    private WasmTrapException MakeTrap(int code)
    {
        var kind = (TrapKind)((code & 0xFF) - 1);
        int function = (code >> 8) - 1;
        string? name = function >= 0 && function < _compiled.FunctionNames.Length ? _compiled.FunctionNames[function] : null;
        var pending = _pendingHostException;
        _pendingHostException = null;
        if (pending is WasmTrapException hostTrap) return hostTrap;
        if (pending is not null) return new WasmTrapException(TrapKind.HostError, pending.Message, name, pending);
        return new WasmTrapException(kind, name);
    }

    /// <summary>Releases the instance's native context and (if it defined it) its memory.</summary>
    public void Dispose()
    {
        _deadlineTimer?.Dispose();
        if (_shared) return; // other instances may still reach our context; the finalizer frees it
        Free(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Frees native state if <see cref="Dispose"/> could not.</summary>
    ~Instance() => Free(disposing: false);

    private void Free(bool disposing)
    {
        nint context = Interlocked.Exchange(ref _context, 0);
        if (context == 0) return;
        // Always stop the memory from writing its size into the context we are about to free.
        _memory?.Detach(context);
        // From the finalizer the memory may already be finalized itself: it must not go back to the pool.
        if (disposing && _ownsMemory) _memory!.ReturnToPool();
        if (_self.IsAllocated) _self.Free();
        NativeMemory.Free((void*)context);
    }
}
