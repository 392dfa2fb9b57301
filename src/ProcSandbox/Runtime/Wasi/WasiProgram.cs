using TenantDb.ProcSandbox.Module;

namespace TenantDb.ProcSandbox.Runtime.Wasi;

/// <summary>
/// A WASI preview-1 command module: what makes a module one, and running it to its exit status.
/// </summary>
public static class WasiProgram
{
    /// <summary>The entry point of a command module.</summary>
    public const string EntryPoint = "_start";

    /// <summary>Whether <paramref name="module"/> looks like a WASI command (it imports from <c>wasi_snapshot_preview1</c> or exports <c>_start</c>).</summary>
    public static bool IsCommand(WasmModule module)
    {
        ArgumentNullException.ThrowIfNull(module);
        return module.Imports.Any(i => i.Module == WasiImports.ModuleName) || module.Exports.Any(e => e.Name == EntryPoint);
    }

    /// <summary>
    /// Null when <paramref name="module"/> is an acceptable WASI command, else what is wrong: it
    /// may import only preview-1 functions with their exact signatures, and must export
    /// <c>_start: () -> ()</c> and its memory as <c>memory</c>.
    /// </summary>
    public static string? Check(WasmModule module)
    {
        ArgumentNullException.ThrowIfNull(module);
        foreach (var import in module.Imports)
        {
            string what = $"import \"{import.Module}\".\"{import.Name}\"";
            if (import.Module != WasiImports.ModuleName) return $"{what} is not allowed: WASI programs may import only from module \"{WasiImports.ModuleName}\"";
            if (import.Kind != ExternalKind.Function) return $"{what} is not allowed: WASI programs may import only functions";
            var expected = WasiImports.Find(import.Name);
            if (expected is null) return $"{what} is not a WASI preview-1 function";
            var actual = module.Types[(int)import.FunctionTypeIndex];
            if (!actual.Equals(expected)) return $"{what} has signature {actual}, WASI's is {expected}";
        }
        bool hasStart = false, hasMemory = false;
        foreach (var export in module.Exports)
        {
            if (export.Name == EntryPoint)
            {
                if (export.Kind != ExternalKind.Function) return $"export \"{EntryPoint}\" must be a function";
                var type = module.GetFunctionType(export.Index);
                if (type.Parameters.Length != 0 || type.Results.Length != 0) return $"export \"{EntryPoint}\" has signature {type}, it must be () -> ()";
                hasStart = true;
            }
            else if (export.Name == "memory")
            {
                if (export.Kind != ExternalKind.Memory) return "export \"memory\" must be a memory";
                hasMemory = true;
            }
        }
        if (!hasStart) return $"the module does not export a function \"{EntryPoint}\"";
        if (!hasMemory) return "the module does not export its memory as \"memory\"";
        return null;
    }

    /// <summary>
    /// Runs <paramref name="module"/>'s <c>_start</c> with <paramref name="process"/> as its host
    /// and returns its exit status: 0 when <c>_start</c> returns, else the value given to
    /// <c>proc_exit</c>. A trap (including a limit, or a channel's exception as its inner
    /// exception) is thrown as <see cref="WasmTrapException"/>.
    /// </summary>
    /// <param name="module">The compiled command module (checked with <see cref="Check"/>).</param>
    /// <param name="process">The program's host: channels, arguments, clocks.</param>
    /// <param name="limits">Fuel, time, memory and stack limits of the run.</param>
    /// <param name="started">Called with the instance once it exists, before <c>_start</c> runs (to stop it from another thread).</param>
    public static uint Run(CompiledModule module, WasiProcess process, InstanceLimits limits, Action<Instance?>? started = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(process);
        using var instance = Instance.Instantiate(module, WasiLinker.Linker, limits, process);
        started?.Invoke(instance);
        try
        {
            instance.Invoke(EntryPoint, ReadOnlySpan<WasmValue>.Empty, Span<WasmValue>.Empty);
            return 0;
        }
        catch (WasmTrapException trap) when (trap.InnerException is WasiExit exit)
        {
            return exit.Status;
        }
        finally
        {
            started?.Invoke(null);
        }
    }
}
