using System.Reflection;
using System.Runtime.InteropServices;

namespace TenantDb.Bench;

/// <summary>
/// Wasmtime engines configured through the C API on the config's native handle, for what the .NET package
/// does not expose: Winch, Wasmtime's single-pass baseline compiler (the package's <c>CompilerStrategy</c>
/// enum only names Auto and Cranelift, but its native library is built with Winch:
/// <c>wasmtime_config_strategy_set</c>, WASMTIME_STRATEGY_WINCH = 2), and compiling on one thread
/// (<c>wasmtime_config_parallel_compilation_set</c>; by default Wasmtime compiles functions on every processor).
/// </summary>
internal static partial class WasmtimeWinch
{
    private const byte WinchStrategy = 2;

    [LibraryImport("wasmtime")]
    private static partial void wasmtime_config_strategy_set(IntPtr config, byte strategy);

    [LibraryImport("wasmtime")]
    private static partial void wasmtime_config_parallel_compilation_set(IntPtr config, [MarshalAs(UnmanagedType.U1)] bool enable);

    /// <summary>Winch with Wasmtime's other defaults (parallel compilation on).</summary>
    public static Wasmtime.Engine CreateEngine() => Create(winch: true, parallel: true);

    /// <summary>An engine with Wasmtime's defaults but the compiler (<paramref name="winch"/> or Cranelift) and whether functions compile in parallel.</summary>
    public static Wasmtime.Engine Create(bool winch, bool parallel)
    {
        var config = new Wasmtime.Config();
        var handleProperty = typeof(Wasmtime.Config).GetProperty("NativeHandle", BindingFlags.NonPublic | BindingFlags.Instance)
            ?? throw new InvalidOperationException("Wasmtime.Config has no NativeHandle: the package changed, update WasmtimeWinch");
        var handle = (SafeHandle)(handleProperty.GetValue(config) ?? throw new InvalidOperationException("Wasmtime.Config without a native handle"));
        if (winch) wasmtime_config_strategy_set(handle.DangerousGetHandle(), WinchStrategy);
        if (!parallel) wasmtime_config_parallel_compilation_set(handle.DangerousGetHandle(), false);
        return new Wasmtime.Engine(config);
    }
}
