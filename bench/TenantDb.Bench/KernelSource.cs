namespace TenantDb.Bench;

/// <summary>Loads the benchmark kernels shipped next to the benchmark binary.</summary>
internal static class KernelSource
{
    public static string Wat(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Kernels", name + ".wat"));
}
