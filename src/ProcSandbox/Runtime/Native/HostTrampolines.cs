using System.Runtime.InteropServices;
using TenantDb.ProcSandbox.Module;

namespace TenantDb.ProcSandbox.Runtime.Native;

/// <summary>
/// SAFETY-CRITICAL. The C# functions generated code calls. They must never let an exception
/// unwind into native frames: every failure is caught, recorded on the calling instance, and
/// reported as a trap code that makes the generated code take its trap exit.
/// </summary>
internal static unsafe class HostTrampolines
{
    /// <summary>Encoded trap for a failed host call: kind + 1 in the low byte (function unknown).</summary>
    private const int HostErrorCode = (int)TrapKind.HostError + 1;

    /// <summary>An import was called: a host function, or a function of another instance.</summary>
    [UnmanagedCallersOnly]
    public static int CallHost(nint context, int importIndex, ulong* args, ulong* results)
    {
        Instance? instance = null;
        try
        {
            instance = InstanceOf(context);
            return instance.ImportTarget(importIndex) switch
            {
                FunctionRef function => CallInstance(instance, function, args, results),
                var host => CallHostFunction(instance, (HostFunctionDefinition)host, args, results),
            };
        }
        catch (Exception exception)
        {
            instance?.SetPendingHostException(exception);
            return exception is WasmTrapException trap ? (int)trap.Kind + 1 : HostErrorCode;
        }
    }

    /// <summary>
    /// A table entry naming another instance's function was called (see <see cref="CrossInstanceProxy"/>).
    /// The calling code handed the proxy context its trap-exit rsp and stack limit; they are put
    /// back on the way out, so a nested use of the same proxy cannot leave a stale frame behind.
    /// </summary>
    [UnmanagedCallersOnly]
    public static int CallProxy(nint proxyContext, int importIndex, ulong* args, ulong* results)
    {
        nint savedRsp = *(nint*)(proxyContext + VmContextLayout.SavedRsp);
        nint stackLimit = *(nint*)(proxyContext + VmContextLayout.StackLimit);
        Instance? caller = null;
        try
        {
            caller = CallChain.Current?.Innermost ?? throw new InvalidOperationException("a table entry was called outside any call");
            var target = CrossInstanceProxy.TargetOf(proxyContext);
            return CallInstance(caller, target, args, results);
        }
        catch (Exception exception)
        {
            caller?.SetPendingHostException(exception);
            return exception is WasmTrapException trap ? (int)trap.Kind + 1 : HostErrorCode;
        }
        finally
        {
            *(nint*)(proxyContext + VmContextLayout.SavedRsp) = savedRsp;
            *(nint*)(proxyContext + VmContextLayout.StackLimit) = stackLimit;
        }
    }

    private static int CallHostFunction(Instance instance, HostFunctionDefinition host, ulong* args, ulong* results)
    {
        var type = host.Type;
        Span<WasmValue> argValues = stackalloc WasmValue[type.Parameters.Length];
        for (int i = 0; i < argValues.Length; i++) argValues[i] = WasmValue.FromBits(type.Parameters[i], args[i]);
        Span<WasmValue> resultValues = stackalloc WasmValue[type.Results.Length];
        for (int i = 0; i < resultValues.Length; i++) resultValues[i] = WasmValue.Zero(type.Results[i]);
        host.Function(new HostCall(instance), argValues, resultValues);
        if (resultValues.Length == 1)
        {
            if (resultValues[0].Type != type.Results[0])
                throw new WasmTrapException(TrapKind.HostError, $"host function {host.Name} returned {resultValues[0].Type}, expected {type.Results[0]}", host.Name);
            results[0] = resultValues[0].Bits;
        }
        return 0;
    }

    /// <summary>
    /// Enters <paramref name="function"/>'s instance through its own entry trampoline (a nested call
    /// of the thread's <see cref="CallChain"/>); a trap there becomes the caller's trap.
    /// </summary>
    private static int CallInstance(Instance caller, FunctionRef function, ulong* args, ulong* results)
    {
        ulong* calleeResults = stackalloc ulong[2];
        var callee = function.Owner;
        int code = callee.Run(function, args, function.Type.Parameters.Length, calleeResults);
        if (code != 0)
        {
            var trap = callee.MakeTrap(code);
            caller.SetPendingHostException(trap);
            return (int)trap.Kind + 1;
        }
        if (function.Type.Results.Length == 1)
        {
            results[0] = function.Type.Results[0] is ValType.F32 or ValType.F64 ? calleeResults[1] : calleeResults[0];
        }
        return 0;
    }

    [UnmanagedCallersOnly]
    public static int GrowMemory(nint context, uint deltaPages)
    {
        try
        {
            return InstanceOf(context).GrowMemory(deltaPages);
        }
        catch (Exception)
        {
            // Failing to commit pages (out of memory) is what memory.grow's -1 is for.
            return -1;
        }
    }

    private static Instance InstanceOf(nint context)
    {
        var handle = GCHandle.FromIntPtr(*(nint*)(context + VmContextLayout.InstanceHandle));
        return (Instance)handle.Target!;
    }
}
