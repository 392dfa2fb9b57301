using System.Text;
using TenantDb.Engine;
using TenantDb.Engine.Procedures;
using TenantDb.Engine.Errors;
using TenantDb.Engine.Procedures.Wasi;

namespace TenantDb.Fuzz.Targets;

/// <summary>
/// The WASI manifest, both ways in: the <c>LANGUAGE wasi</c> clauses of CREATE PROCEDURE (tenant SQL)
/// and the stored JSON form read back from a tenant's database (tenant-writable storage). Contract:
/// the statement parser returns or throws a <see cref="TenantDbException"/> of kind Syntax;
/// <see cref="WasiManifest.FromJson"/> returns a manifest or null and never throws; a manifest the
/// parser accepted survives its stored form unchanged (what CREATE stored is what CALL runs).
/// </summary>
internal sealed class WasiManifestTarget : IFuzzTarget
{
    private static readonly IReadOnlyList<ProcedureColumn> TextColumn = [new("line", ProcedureType.Text)];

    public string Name => "wasi-manifest";

    public void Run(ReadOnlySpan<byte> input)
    {
        string text = Encoding.UTF8.GetString(input);
        _ = WasiManifest.FromJson(text, TextColumn);

        CreateProcedureCommand? create;
        try
        {
            create = ProcedureStatement.TryParse(text, out var statement) ? statement!.Command as CreateProcedureCommand : null;
        }
        catch (TenantDbException e) when (e.Kind == TenantDbErrorKind.Syntax)
        {
            return;
        }

        if (create?.Wasi is not { } manifest || manifest.Problem(create.Columns) is not null) return;
        string stored = manifest.ToJson();
        var loaded = WasiManifest.FromJson(stored, create.Columns)
            ?? throw new InvalidOperationException($"a manifest CREATE accepted does not load from its stored form: {stored}");
        if (loaded.ToJson() != stored) throw new InvalidOperationException($"the stored manifest changed on the way back: {stored} -> {loaded.ToJson()}");
    }
}
