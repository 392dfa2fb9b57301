using TenantDb.ProcSandbox.Module;

namespace TenantDb.ProcSandbox.Runtime;

/// <summary>
/// The set of objects imports resolve against, by (module, name): host functions written in C#
/// and the exported functions, memories, tables and globals of other instances.
/// </summary>
public sealed class Linker
{
    private readonly Dictionary<(string Module, string Name), object> _definitions = [];

    /// <summary>Defines a host function.</summary>
    public Linker DefineFunction(string module, string name, FuncType type, HostFunction function)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(function);
        _definitions[(module, name)] = new HostFunctionDefinition(type, function, name);
        return this;
    }

    /// <summary>Defines a memory.</summary>
    public Linker DefineMemory(string module, string name, WasmMemory memory)
    {
        _definitions[(module, name)] = memory;
        return this;
    }

    /// <summary>Defines a table.</summary>
    public Linker DefineTable(string module, string name, WasmTable table)
    {
        _definitions[(module, name)] = table;
        return this;
    }

    /// <summary>Defines a global.</summary>
    public Linker DefineGlobal(string module, string name, WasmGlobal global)
    {
        _definitions[(module, name)] = global;
        return this;
    }

    /// <summary>Defines every export of <paramref name="instance"/> under module name <paramref name="moduleName"/> (WAST <c>register</c>).</summary>
    public Linker DefineInstance(string moduleName, Instance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        foreach (var export in instance.Module.Exports)
        {
            _definitions[(moduleName, export.Name)] = instance.GetExportObject(export);
        }
        return this;
    }

    internal bool TryResolve(string module, string name, out object? definition) =>
        _definitions.TryGetValue((module, name), out definition);
}

/// <summary>A host function with its signature, as held by a <see cref="Linker"/>.</summary>
internal sealed record HostFunctionDefinition(FuncType Type, HostFunction Function, string Name);
