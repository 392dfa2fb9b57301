namespace TenantDb.ProcSandbox.Runtime;

/// <summary>
/// A function written in C# that WebAssembly code imports. It reads <paramref name="args"/> and
/// must fill every element of <paramref name="results"/>. Throwing ends the WebAssembly call with
/// a <see cref="TrapKind.HostError"/> trap (or with the kind of a thrown <see cref="WasmTrapException"/>).
/// </summary>
public delegate void HostFunction(HostCall call, ReadOnlySpan<WasmValue> args, Span<WasmValue> results);

/// <summary>What a host function may see of the instance that called it.</summary>
public readonly ref struct HostCall
{
    private readonly Instance _instance;

    internal HostCall(Instance instance) => _instance = instance;

    /// <summary>The calling instance's linear memory (empty if it has none). Valid only during the call.</summary>
    public Span<byte> Memory => _instance.Memory;

    /// <summary>The state object given to <see cref="Instance.Instantiate"/>.</summary>
    public object? State => _instance.State;

    /// <summary>The calling instance.</summary>
    public Instance Instance => _instance;

    /// <summary>Fuel the running call has consumed so far (of <see cref="InstanceLimits.Fuel"/> given at its start).</summary>
    public long FuelConsumed => _instance.Limits.Fuel - _instance.RemainingFuel;

    /// <summary>Ends the WebAssembly call with a <see cref="TrapKind.HostError"/> trap carrying <paramref name="reason"/>.</summary>
    public static WasmTrapException Trap(string reason) => new(TrapKind.HostError, reason, null);
}
