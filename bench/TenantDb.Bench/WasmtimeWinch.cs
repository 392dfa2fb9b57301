using System.Reflection;
using System.Runtime.InteropServices;

namespace TenantDb.Bench;

/// <summary>
/// A Wasmtime engine that compiles with Winch, Wasmtime's single-pass baseline compiler. The .NET
/// package's <c>CompilerStrategy</c> enum only names Auto and Cranelift, but the native library it
/// ships is built with Winch, so the strategy is set through the C API's
/// <c>wasmtime_config_strategy_set</c> (WASMTIME_STRATEGY_WINCH = 2) on the config's native handle.
/// </summary>
internal static partial class WasmtimeWinch
{
    private const byte WinchStrategy = 2;

    [LibraryImport("wasmtime")]
    private static partial void wasmtime_config_strategy_set(IntPtr config, byte strategy);

    public static Wasmtime.Engine CreateEngine()
    {
        var config = new Wasmtime.Config();
        var handleProperty = typeof(Wasmtime.Config).GetProperty("NativeHandle", BindingFlags.NonPublic | BindingFlags.Instance)
            ?? throw new InvalidOperationException("Wasmtime.Config has no NativeHandle: the package changed, update WasmtimeWinch");
        var handle = (SafeHandle)(handleProperty.GetValue(config) ?? throw new InvalidOperationException("Wasmtime.Config without a native handle"));
        wasmtime_config_strategy_set(handle.DangerousGetHandle(), WinchStrategy);
        return new Wasmtime.Engine(config);
    }
}
