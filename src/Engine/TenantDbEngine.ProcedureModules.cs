using TenantDb.Engine.Procedures;

namespace TenantDb.Engine;

public sealed partial class TenantDbEngine
{
    /// <summary>
    /// Reads stored procedure <paramref name="procedure"/> of tenant <paramref name="tenant"/>: its
    /// signature and module. An operator's operation (the admin command line and cluster map-reduce
    /// use it): it is a method of the engine, which only the server's host holds, and no SQL, CALL or
    /// session of any tenant reaches it, so a tenant cannot read another tenant's modules through it.
    /// The module is the code the tenant stored, unchanged: whoever runs it elsewhere runs that
    /// tenant's code and must sandbox and limit it as a call in that tenant would be.
    /// </summary>
    /// <exception cref="Errors.TenantDbException">UnknownTenant, or UndefinedProcedure.</exception>
    public ProcedureModule ReadProcedureModule(string tenant, string procedure)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(procedure);
        using var session = OpenSession(tenant);
        return session.ReadProcedureModule(procedure);
    }
}
