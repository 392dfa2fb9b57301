using Orleans;
using TenantDb.Engine.Procedures;

namespace TenantDb.Cluster.MapReduce;

/// <summary>A tenant's reduce procedure as Orleans carries it from the tenant's owner to the coordinator.</summary>
[GenerateSerializer, Immutable, Alias("TenantDb.Cluster.ReduceModule")]
public sealed record ReduceModule(
    [property: Id(0)] string Tenant,
    [property: Id(1)] string Name,
    [property: Id(2)] string[] ParameterNames,
    [property: Id(3)] int[] ParameterTypes,
    [property: Id(4)] string[] ColumnNames,
    [property: Id(5)] int[] ColumnTypes,
    [property: Id(6)] byte[] Module)
{
    public static ReduceModule From(ProcedureModule module) => new(module.Tenant, module.Name,
        [.. module.Parameters.Select(p => p.Name)], [.. module.Parameters.Select(p => (int)p.Type)],
        [.. module.Columns.Select(c => c.Name)], [.. module.Columns.Select(c => (int)c.Type)], module.Module);

    public ProcedureModule ToProcedureModule() => new(Tenant, Name,
        [.. ParameterNames.Zip(ParameterTypes, (n, t) => new ProcedureColumn(n, (ProcedureType)t))],
        [.. ColumnNames.Zip(ColumnTypes, (n, t) => new ProcedureColumn(n, (ProcedureType)t))], Module);
}
