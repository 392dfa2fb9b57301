using System.Runtime.InteropServices;
using TenantDb.ProcSandbox.Module;
using TenantDb.ProcSandbox.Runtime.Native;

namespace TenantDb.ProcSandbox.Runtime;

/// <summary>
/// SAFETY-CRITICAL. An instantiated module: its memory, table, globals and resolved imports, ready to call.
/// One thread at a time may call into an instance (and into the instances linked with it);
/// <see cref="RequestStop()"/> and <see cref="Dispose"/> may be called from any thread.
///
/// Generated code only ever runs with its own instance's context. Every call that reaches
/// another instance (an imported function, a table entry of another instance, a host function
/// that calls back in) goes through the host and that instance's entry trampoline, which saves
/// and restores the per-context state the trap exit uses; the call then runs under the limits of
/// the outermost call on the thread (<see cref="CallChain"/>): its fuel, deadline and stop requests.
/// </summary>
public sealed unsafe partial class Instance : IDisposable
{
    private readonly CompiledModule _compiled;
    private readonly VmContextLayout _layout;
    private nint _context;
    private GCHandle _self;
    private WasmMemory? _memory;
    private WasmTable? _table;
    private readonly FunctionRef[] _functions;
    private readonly object?[] _imports;
    private readonly WasmGlobal?[] _importedGlobals;
    private readonly List<Instance> _importedFrom = [];
    private Exception? _pendingHostException;

    /// <summary>The compiled module this instance runs.</summary>
    public CompiledModule Compiled => _compiled;

    /// <summary>The module's description.</summary>
    public WasmModule Module => _compiled.Module;

    /// <summary>
    /// Limits; fuel and timeout are read at each call, fuel is written back after it. A call made
    /// from inside another instance's call (an import, a table entry, a host callback) runs under
    /// the outermost call's limits instead.
    /// </summary>
    public InstanceLimits Limits { get; private set; }

    /// <summary>The state object passed at instantiation (host functions see it through <see cref="HostCall.State"/>).</summary>
    public object? State { get; private set; }

    /// <summary>The linear memory's bytes (empty when the instance has no memory).</summary>
    public Span<byte> Memory => _memory is null ? default : _memory.Span;

    /// <summary>The linear memory object, if any.</summary>
    public WasmMemory? LinearMemory
    {
        get
        {
            _exposed = true;
            return _memory;
        }
    }

    /// <summary>
    /// Fuel left in the running call, as of the last call out of generated code (generated code
    /// stores its fuel register to the context before every call, so host functions see it current).
    /// </summary>
    internal long RemainingFuel => ContextFuel.Remaining(_context);

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
    public WasmMemory? GetExportedMemory(string name)
    {
        if (!_compiled.Exports.TryGetValue(name, out var export) || export.Kind != ExternalKind.Memory) return null;
        _exposed = true;
        return _memory;
    }

    /// <summary>Exported table <paramref name="name"/>, if any (from now on other instances may call through it).</summary>
    public WasmTable? GetExportedTable(string name)
    {
        if (!_compiled.Exports.TryGetValue(name, out var export) || export.Kind != ExternalKind.Table) return null;
        _exposed = true;
        _table!.MarkShared();
        return _table;
    }

    /// <summary>Exported global <paramref name="name"/>, if any.</summary>
    public WasmGlobal? GetExportedGlobal(string name)
    {
        if (!_compiled.Exports.TryGetValue(name, out var export) || export.Kind != ExternalKind.Global) return null;
        _exposed = true;
        return GlobalObject((int)export.Index);
    }

    internal object GetExportObject(Export export)
    {
        ObjectDisposedException.ThrowIf(IsFreed, this);
        _exposed = true;
        switch (export.Kind)
        {
            case ExternalKind.Function:
                return Function((int)export.Index);
            case ExternalKind.Memory:
                return _memory!;
            case ExternalKind.Table:
                _table!.MarkShared();
                return _table;
            default:
                return GlobalObject((int)export.Index);
        }
    }

    private WasmGlobal GlobalObject(int globalIndex)
    {
        if (globalIndex < _importedGlobals.Length) return _importedGlobals[globalIndex]!;
        ObjectDisposedException.ThrowIf(IsFreed, this);
        var type = Module.Globals[globalIndex - _importedGlobals.Length].Type;
        return new WasmGlobal(type.Type, type.Mutable, _context + _layout.DefinedGlobal(globalIndex - _importedGlobals.Length), this);
    }

    private FunctionRef GetExportedFunction(string exportName)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        if (!_compiled.Exports.TryGetValue(exportName, out var export) || export.Kind != ExternalKind.Function)
            throw new ArgumentException($"no exported function named '{exportName}'", nameof(exportName));
        return Function((int)export.Index);
    }

    /// <summary>
    /// The callable reference of function <paramref name="index"/>, made on first use (instantiation
    /// stays cheap). Imports are set at link time: code of this module (a host adapter) running with
    /// this instance's context, whatever the import resolves to.
    /// </summary>
    private FunctionRef Function(int index) =>
        _functions[index] ??= new FunctionRef(_compiled.FunctionTypes[index], _compiled.FunctionTypeIds[index],
            _compiled.DefinedFunctionCode(index - _imports.Length), _context, this, _compiled.FunctionNames[index]);

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

    /// <summary>
    /// Runs <paramref name="function"/> (code of this instance) through the entry trampoline; returns
    /// 0 or an encoded trap. Holds a reference for the call, so the context outlives it even when
    /// the instance is disposed meanwhile.
    /// </summary>
    internal int Run(FunctionRef function, ulong* args, int argCount, ulong* results)
    {
        if (function.Owner != this) throw new InvalidOperationException("a function runs only with its own instance's context");
        if (!TryAcquire()) throw new ObjectDisposedException(nameof(Instance));
        bool clean = false;
        try
        {
            var chain = CallChain.Current;
            int code = chain is null ? RunOutermost(function, args, argCount, results) : RunNested(chain, function, args, argCount, results);
            clean = code == 0;
            return code;
        }
        finally
        {
            // A call cut short (trap, stop, limit) may have left anything half-written: never reuse the instance.
            if (!clean) _faulted = true;
            Release();
        }
    }

    private int RunOutermost(FunctionRef function, ulong* args, int argCount, ulong* results)
    {
        nint context = _context;
        var chain = _chain ??= new CallChain(this);
        chain.BeginOutermost(); // refuses a second thread before anything is written
        try
        {
            ContextFuel.Set(context, Limits.Fuel);
            *(long*)(context + VmContextLayout.MaxStackBytes) = Limits.MaxStackBytes;
            *(nint*)(context + VmContextLayout.StackFloor) = ThreadStack.Floor;
            if (Limits.Timeout is { } timeout) ArmDeadline(timeout);
            return Enter(function, args, argCount, results);
        }
        finally
        {
            Limits.Fuel = ContextFuel.Remaining(context);
            chain.EndOutermost();
            if (_deadlineTimer is not null) DisarmDeadline();
        }
    }

    /// <summary>
    /// A call made while another call runs on this thread: it spends the calling context's fuel,
    /// gets what is left of its stack budget, and is stopped with the whole chain.
    /// </summary>
    private int RunNested(CallChain chain, FunctionRef function, ulong* args, int argCount, ulong* results)
    {
        nint context = _context;
        nint callerContext = chain.Innermost.ContextForChain;
        chain.Enter(this); // refuses an instance running on another thread before anything is written
        try
        {
            ContextFuel.Set(context, ContextFuel.Remaining(callerContext));
            nint stackHere = (nint)(&context);
            long budget = (long)(stackHere - *(nint*)(callerContext + VmContextLayout.StackLimit)) - NestedCallStackReserve;
            *(long*)(context + VmContextLayout.MaxStackBytes) = Math.Max(budget, 0);
            *(nint*)(context + VmContextLayout.StackFloor) = ThreadStack.Floor;
            return Enter(function, args, argCount, results);
        }
        finally
        {
            chain.Leave(this);
            ContextFuel.Set(callerContext, ContextFuel.Remaining(context));
        }
    }

    /// <summary>Stack a nested call leaves for the host frames between its caller and its entry trampoline.</summary>
    private const long NestedCallStackReserve = 8 * 1024;

    private int Enter(FunctionRef function, ulong* args, int argCount, ulong* results)
    {
        var entry = (delegate* unmanaged<nint, ulong*, ulong*, nint, long, int>)_compiled.EntryStub;
        return entry(function.Context, args, results, function.Code, argCount);
    }

    internal WasmTrapException MakeTrap(int code)
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
}
