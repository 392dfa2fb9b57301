namespace TenantDb.Engine.Operations;

/// <summary>What a backup, restore or fork did.</summary>
/// <param name="Tenant">The tenant backed up, restored or created by the fork.</param>
/// <param name="Bytes">Size of the database copied, in bytes.</param>
/// <param name="ProceduresVerified">Stored procedures re-verified and compiled (restore only).</param>
/// <param name="Elapsed">Time the operation took.</param>
public sealed record TenantOperationResult(string Tenant, long Bytes, int ProceduresVerified, TimeSpan Elapsed);
