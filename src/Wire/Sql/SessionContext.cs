namespace TenantDb.Wire.Sql;

/// <summary>Who is connected where: what catalog functions and SHOW report.</summary>
/// <param name="Tenant">The tenant (PostgreSQL database name).</param>
/// <param name="User">The authenticated user.</param>
/// <param name="ProcessId">The BackendKeyData process id.</param>
/// <param name="Parameters">Run-time parameters (SET/SHOW), case-insensitive names, bounded.</param>
internal sealed record SessionContext(string Tenant, string User, int ProcessId, SessionParameters Parameters);
