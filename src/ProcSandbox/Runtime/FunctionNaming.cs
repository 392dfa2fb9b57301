using System.Globalization;
using TenantDb.ProcSandbox.Module;

namespace TenantDb.ProcSandbox.Runtime;

/// <summary>Names functions for trap messages: the export name when there is one, else <c>func[index]</c>.</summary>
internal static class FunctionNaming
{
    public static string[] Build(WasmModule module)
    {
        int count = module.ImportedFunctionCount + module.Functions.Count;
        var names = new string[count];
        int importIndex = 0;
        foreach (var import in module.Imports)
        {
            if (import.Kind != ExternalKind.Function) continue;
            names[importIndex++] = import.Module + "." + import.Name;
        }
        foreach (var export in module.Exports)
        {
            if (export.Kind == ExternalKind.Function && export.Index < count && names[export.Index] is null)
                names[export.Index] = export.Name;
        }
        for (int i = 0; i < count; i++) names[i] ??= "func[" + i.ToString(CultureInfo.InvariantCulture) + "]";
        return names;
    }
}
