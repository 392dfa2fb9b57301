using TenantDb.Engine.Procedures;

namespace TenantDb.Engine.Tests.Procedures;

/// <summary>A row sink for calls whose result rows do not matter.</summary>
internal sealed class NoRows : IProcedureRowSink
{
    public static NoRows Instance { get; } = new();

    public void OnRow(ProcedureRow row)
    {
    }
}
