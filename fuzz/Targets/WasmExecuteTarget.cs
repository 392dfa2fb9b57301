using TenantDb.ProcSandbox;
using TenantDb.ProcSandbox.Binary;
using TenantDb.ProcSandbox.Errors;
using TenantDb.ProcSandbox.Module;
using TenantDb.ProcSandbox.Runtime;
using TenantDb.ProcSandbox.Validation;

namespace TenantDb.Fuzz.Targets;

/// <summary>
/// Compiler and runtime: what decodes and validates is compiled, instantiated against stub imports
/// and every exported function is called with zero arguments, under tight fuel, time, memory and
/// stack limits. Contract: only <see cref="WasmException"/> subtypes (malformed, invalid, not
/// supported, link errors, traps) may end a step; a hang, a crash or any other exception is a finding.
/// </summary>
internal sealed class WasmExecuteTarget : IFuzzTarget
{
    /// <summary>Fuel per call: enough to run real loops, small enough that a runaway one ends in milliseconds.</summary>
    private const long FuelPerCall = 20_000;
    private const int MaxPages = 16;
    private const int MaxStubTableSize = 1024;

    public string Name => "wasm-execute";

    public void Run(ReadOnlySpan<byte> input)
    {
        WasmModule module;
        try
        {
            module = WasmDecoder.Decode(input);
            WasmValidator.Validate(module);
        }
        catch (Exception ex) when (ex is WasmMalformedException or WasmInvalidException or WasmLimitException)
        {
            return;
        }

        var owned = new List<IDisposable>();
        try
        {
            var linker = StubImports(module, owned);
            if (linker is null) return;
            CompiledModule compiled;
            try
            {
                compiled = CompiledModule.Compile(module);
            }
            catch (WasmNotSupportedException)
            {
                return;
            }
            owned.Add(compiled);
            var limits = new InstanceLimits
            {
                Fuel = FuelPerCall,
                Timeout = TimeSpan.FromSeconds(1),
                MaxMemoryPages = MaxPages,
                MaxStackBytes = 64 * 1024,
            };
            Instance instance;
            try
            {
                instance = Instance.Instantiate(compiled, linker, limits);
            }
            catch (Exception ex) when (ex is WasmLinkException or WasmTrapException)
            {
                return;
            }
            owned.Add(instance);
            InvokeExports(module, instance);
        }
        finally
        {
            // Instances before the code they run.
            for (int i = owned.Count - 1; i >= 0; i--) owned[i].Dispose();
        }
    }

    private static void InvokeExports(WasmModule module, Instance instance)
    {
        foreach (var export in module.Exports)
        {
            if (export.Kind != ExternalKind.Function) continue;
            var type = instance.GetFunctionType(export.Name)!;
            var args = new WasmValue[type.Parameters.Length];
            for (int i = 0; i < args.Length; i++) args[i] = WasmValue.Zero(type.Parameters[i]);
            instance.Limits.Fuel = FuelPerCall;
            try
            {
                instance.Invoke(export.Name, args);
            }
            catch (WasmTrapException)
            {
                // A trap is a normal outcome; the next export still runs on the same instance.
            }
        }
    }

    /// <summary>A linker that satisfies every import with a stub, or null when an import asks for more than the limits allow.</summary>
    private static Linker? StubImports(WasmModule module, List<IDisposable> owned)
    {
        var linker = new Linker();
        foreach (var import in module.Imports)
        {
            switch (import.Kind)
            {
                case ExternalKind.Function:
                    var type = module.Types[(int)import.FunctionTypeIndex];
                    linker.DefineFunction(import.Module, import.Name, type, ZeroResults);
                    break;
                case ExternalKind.Memory:
                    var memoryLimits = import.Memory.Limits;
                    if (memoryLimits.Min > MaxPages) return null;
                    var memory = new WasmMemory(memoryLimits.Min, memoryLimits.Max);
                    owned.Add(memory);
                    linker.DefineMemory(import.Module, import.Name, memory);
                    break;
                case ExternalKind.Table:
                    var tableLimits = import.Table.Limits;
                    if (tableLimits.Min > MaxStubTableSize) return null;
                    var table = new WasmTable(tableLimits.Min, tableLimits.Max);
                    owned.Add(table);
                    linker.DefineTable(import.Module, import.Name, table);
                    break;
                default:
                    var global = import.Global;
                    linker.DefineGlobal(import.Module, import.Name, new WasmGlobal(global.Type, global.Mutable, WasmValue.Zero(global.Type)));
                    break;
            }
        }
        return linker;
    }

    /// <summary>Host stub: the runtime hands it results already zeroed with their types, so it leaves them.</summary>
    private static void ZeroResults(HostCall call, ReadOnlySpan<WasmValue> args, Span<WasmValue> results)
    {
    }
}
