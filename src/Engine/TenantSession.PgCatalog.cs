using TenantDb.Engine.PgCatalog;

namespace TenantDb.Engine;

public sealed partial class TenantSession
{
    /// <summary>
    /// Makes PostgreSQL's catalog readable on this session: <c>pg_class</c>, <c>pg_attribute</c>,
    /// <c>pg_type</c>, <c>pg_index</c>, <c>pg_constraint</c> and the other <c>pg_catalog</c> relations,
    /// <c>"information_schema.tables"</c> and the other <c>information_schema</c> views, and functions such
    /// as <c>format_type</c>, <c>pg_get_indexdef</c> and <c>current_user()</c>, all describing this tenant
    /// only. The relations are rebuilt from the tenant's schema when it changed since the last call, so
    /// call this before each statement that reads them; when nothing changed the call costs a few
    /// microseconds.
    /// </summary>
    /// <param name="session">The session's identity and parameters, shown by the catalog.</param>
    public void EnsurePgCatalog(PgSessionInfo session)
    {
        ArgumentNullException.ThrowIfNull(session);
        ThrowIfUnusable();
        // The catalog is TEMP tables: refreshing it takes no tenant lock, so catalog reads never wait for writers.
        WithTempWritesOnly(() => PgSessionCatalog.Ensure(this, _connection, session, _engine.TenantUserNames(Tenant)));
    }
}
