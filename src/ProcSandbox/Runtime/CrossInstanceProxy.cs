using System.Runtime.InteropServices;
using TenantDb.ProcSandbox.Binary;
using TenantDb.ProcSandbox.Runtime.Native;
using TenantDb.ProcSandbox.Text;
using TenantDb.ProcSandbox.Validation;

namespace TenantDb.ProcSandbox.Runtime;

/// <summary>
/// SAFETY-CRITICAL. How a shared table names a function of another instance. <c>call_indirect</c>
/// runs an entry's code with the entry's context and first hands that context the caller's
/// trap-exit rsp and stack limit; handing them to a real instance context would leave them stale
/// there. So such an entry names a proxy context instead: a bare context header, written only by
/// that hand-over and put back by <see cref="HostTrampolines.CallProxy"/>, whose host-call
/// function is <see cref="HostTrampolines.CallProxy"/>; the entry's code is a host adapter of a
/// fixed, verified module. The proxy then enters the target instance through its entry
/// trampoline like any other cross-instance call. One proxy context per distinct function in a table.
/// </summary>
internal sealed unsafe class CrossInstanceProxy
{
    /// <summary>Context bytes: the header, then the index of the target in <see cref="_targets"/>.</summary>
    private const int TargetIndex = VmContextLayout.HeaderSize;

    private static readonly Lazy<CompiledModule> s_adapterModule = new(CompileAdapterModule);

    private readonly List<FunctionRef> _targets = [];
    private readonly List<nint> _contexts = [];
    private readonly Dictionary<FunctionRef, int> _indices = new(ReferenceEqualityComparer.Instance);
    private GCHandle _self;

    /// <summary>Owned by a table, which keeps it reachable and frees it.</summary>
    public CrossInstanceProxy() => _self = GCHandle.Alloc(this, GCHandleType.Weak);

    /// <summary>Code of every proxy entry: a host adapter (import 0) of a module with one import and nothing else.</summary>
    public static nint Code => s_adapterModule.Value.HostAdapterCode(0);

    /// <summary>The proxy context calling <paramref name="function"/>.</summary>
    public nint ContextFor(FunctionRef function)
    {
        if (_indices.TryGetValue(function, out int index)) return _contexts[index];
        nint context = (nint)NativeMemory.AllocZeroed((nuint)(TargetIndex + 8));
        *(nint*)(context + VmContextLayout.HostCallFn) = (nint)(delegate* unmanaged<nint, int, ulong*, ulong*, int>)&HostTrampolines.CallProxy;
        *(nint*)(context + VmContextLayout.InstanceHandle) = GCHandle.ToIntPtr(_self);
        *(long*)(context + TargetIndex) = _targets.Count;
        _indices.Add(function, _targets.Count);
        _targets.Add(function);
        _contexts.Add(context);
        return context;
    }

    /// <summary>The function a proxy context calls.</summary>
    public static FunctionRef TargetOf(nint context)
    {
        var proxy = (CrossInstanceProxy)GCHandle.FromIntPtr(*(nint*)(context + VmContextLayout.InstanceHandle)).Target!;
        return proxy._targets[(int)*(long*)(context + TargetIndex)];
    }

    /// <summary>Frees the proxy contexts (the table's entries are freed with them).</summary>
    public void Free()
    {
        foreach (nint context in _contexts) NativeMemory.Free((void*)context);
        _contexts.Clear();
        if (_self.IsAllocated) _self.Free();
    }

    private static CompiledModule CompileAdapterModule()
    {
        var module = WasmDecoder.Decode(WatParser.ParseModuleBinary("(module (import \"proxy\" \"call\" (func)))"));
        WasmValidator.Validate(module);
        return CompiledModule.Compile(module);
    }
}
