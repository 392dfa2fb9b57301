using System.Runtime.InteropServices;

namespace TenantDb.ProcSandbox.Runtime.Native;

/// <summary>
/// SAFETY-CRITICAL. The C# functions generated code calls. They must never let an exception
/// unwind into native frames: every failure is caught, recorded on the instance, and reported as
/// a trap code that makes the generated code take its trap exit.
/// </summary>
internal static unsafe class HostTrampolines
{
    /// <summary>Encoded trap for a failed host call: kind + 1 in the low byte (function unknown).</summary>
    private const int HostErrorCode = (int)TrapKind.HostError + 1;

    [UnmanagedCallersOnly]
    public static int CallHost(nint context, int importIndex, ulong* args, ulong* results)
    {
        Instance? instance = null;
        try
        {
            instance = InstanceOf(context);
            var host = instance.HostImport(importIndex);
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
        catch (Exception exception)
        {
            instance?.SetPendingHostException(exception);
            return exception is WasmTrapException trap ? (int)trap.Kind + 1 : HostErrorCode;
        }
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
