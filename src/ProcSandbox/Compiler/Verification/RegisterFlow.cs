namespace TenantDb.ProcSandbox.Compiler.Verification;

/// <summary>Placeholder for the register-flow pass (next step).</summary>
internal static class RegisterFlow
{
    public static void Check(CodeMap map) => _ = map;
}
