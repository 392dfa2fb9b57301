namespace TenantDb.Engine.Procedures;

/// <summary>Thrown inside a host call when the procedure exceeds one of its <see cref="ProcedureLimits"/>.</summary>
internal sealed class ProcedureLimitException(string limit) : Exception($"procedure exceeded its {limit} limit")
{
    public string Limit { get; } = limit;
}
