using TenantDb.Engine.Procedures.Wasi;

namespace TenantDb.Engine.Procedures;

/// <summary>
/// An operator's copy of one stored procedure: what <see cref="TenantSession.CreateProcedure"/> needs
/// to install the same procedure elsewhere (in-situ map-reduce runs a tenant's reduce procedure this
/// way in a scratch database of its own).
/// </summary>
/// <param name="Tenant">The tenant it was read from.</param>
/// <param name="Name">Its name.</param>
/// <param name="Parameters">Declared parameters, in order.</param>
/// <param name="Columns">Declared result columns, in order.</param>
/// <param name="Module">Its WebAssembly module, as validated when it was stored.</param>
/// <param name="Wasi">
/// The channel manifest of a WASI command module (its stdin query, stdout format, named channels),
/// as stored with it; null for a module that is not a WASI command. Installing the copy with it
/// gives the procedure the same channels, run against the database it is installed in.
/// </param>
public sealed record ProcedureModule(
    string Tenant,
    string Name,
    IReadOnlyList<ProcedureColumn> Parameters,
    IReadOnlyList<ProcedureColumn> Columns,
    byte[] Module,
    WasiManifest? Wasi = null);
