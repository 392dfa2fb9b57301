using TenantDb.Engine.Procedures;

namespace TenantDb.Engine;

public sealed partial class TenantDbEngine
{
    /// <summary>Compiled stored procedures shared by all sessions of this engine.</summary>
    internal ProcedureCache Procedures { get; } = new();
}
