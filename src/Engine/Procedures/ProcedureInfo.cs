namespace TenantDb.Engine.Procedures;

/// <summary>A stored procedure as the tenant database stores it.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Parameters">Declared parameters, in order.</param>
/// <param name="Columns">Declared result columns, in order.</param>
/// <param name="ModuleBytes">Size of its WebAssembly module.</param>
/// <param name="CreatedAt">When it was created or last replaced (UTC).</param>
public sealed record ProcedureInfo(
    string Name,
    IReadOnlyList<ProcedureColumn> Parameters,
    IReadOnlyList<ProcedureColumn> Columns,
    int ModuleBytes,
    DateTime CreatedAt);
