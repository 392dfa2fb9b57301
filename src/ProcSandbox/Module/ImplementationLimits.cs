namespace TenantDb.ProcSandbox;

/// <summary>
/// Limits TenantDb puts on modules beyond the spec's own, in one place. Modules come from
/// untrusted tenants: every count that sizes an allocation or a stack frame is bounded here.
/// </summary>
public static class ImplementationLimits
{
    /// <summary>Most locals (parameters plus declared locals) one function may have; as in wasmtime.</summary>
    public const int MaxFunctionLocals = 50_000;

    /// <summary>Largest memory in 64 KiB pages the spec allows in 1.0 (4 GiB).</summary>
    public const uint MaxMemoryPages = 65_536;
}
