using Orleans;
using TenantDb.Engine.Errors;
using TenantDb.Engine.Procedures;
using TenantDb.Engine.Procedures.Wasi;

namespace TenantDb.Cluster.MapReduce;

/// <summary>
/// A tenant's reduce procedure as Orleans carries it from the tenant's owner to the coordinator:
/// signature, module and, for a WASI command, its channel manifest as the JSON it is stored as. The
/// coordinator parses and validates the manifest again (it is another node's input to this process).
/// </summary>
[GenerateSerializer, Immutable, Alias("TenantDb.Cluster.ReduceModule")]
public sealed record ReduceModule(
    [property: Id(0)] string Tenant,
    [property: Id(1)] string Name,
    [property: Id(2)] string[] ParameterNames,
    [property: Id(3)] int[] ParameterTypes,
    [property: Id(4)] string[] ColumnNames,
    [property: Id(5)] int[] ColumnTypes,
    [property: Id(6)] byte[] Module,
    [property: Id(7)] string? WasiManifest = null)
{
    public static ReduceModule From(ProcedureModule module) => new(module.Tenant, module.Name,
        [.. module.Parameters.Select(p => p.Name)], [.. module.Parameters.Select(p => (int)p.Type)],
        [.. module.Columns.Select(c => c.Name)], [.. module.Columns.Select(c => (int)c.Type)], module.Module, module.Wasi?.ToJson());

    /// <exception cref="TenantDbException">Corrupt: the manifest does not parse or is not valid for the procedure's columns.</exception>
    public ProcedureModule ToProcedureModule()
    {
        ProcedureColumn[] columns = [.. ColumnNames.Zip(ColumnTypes, (n, t) => new ProcedureColumn(n, (ProcedureType)t))];
        var wasi = WasiManifest is null ? null
            : Engine.Procedures.Wasi.WasiManifest.FromJson(WasiManifest, columns)
                ?? throw new TenantDbException(TenantDbErrorKind.Corrupt, $"the channel manifest of procedure {Name} of tenant {Tenant} is malformed");
        return new(Tenant, Name, [.. ParameterNames.Zip(ParameterTypes, (n, t) => new ProcedureColumn(n, (ProcedureType)t))], columns, Module, wasi);
    }
}
