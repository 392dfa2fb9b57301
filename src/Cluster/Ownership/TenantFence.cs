using TenantDb.Engine.Errors;

// SAFETY-CRITICAL: one writer per tenant file across the cluster rests on this lock.
using TenantDb.Engine;

namespace TenantDb.Cluster.Ownership;

/// <summary>
/// This node's hold on one tenant's SQLite file. The node's engine opens tenant files with
/// <see cref="EngineOptions.ExclusiveTenantFiles"/> (SQLite's unix-excl VFS): the first connection of
/// the process to the file takes an exclusive POSIX lock that lasts until the process's last connection
/// to it closes. The fence is such a connection, kept open for as long as the node owns the tenant, so
/// another node cannot read or write the file meanwhile, whatever it believes about ownership: its
/// statements fail with Busy. Orleans' single activation is not a lock (two activations can briefly
/// coexist during a membership change); this is.
/// </summary>
internal sealed class TenantFence : IDisposable
{
    private readonly TenantSession _session;

    private TenantFence(TenantSession session) => _session = session;

    /// <summary>
    /// Takes the tenant's file lock for this process, waiting up to the engine's busy timeout for a
    /// previous owner to let go.
    /// </summary>
    /// <exception cref="TenantDbException">Busy: another process holds the file; UnknownTenant.</exception>
    public static TenantFence Acquire(TenantDbEngine engine, string tenant)
    {
        var session = engine.OpenSession(tenant);
        try
        {
            // Reading the database header takes SQLite's first lock on the file, which under unix-excl
            // is the process-wide exclusive lock.
            using var statement = session.Prepare("PRAGMA schema_version");
            using var reader = statement.ExecuteReader();
            reader.Read();
            return new TenantFence(session);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Closes the fence connection; the lock is released once the node's other connections to the file close too.</summary>
    public void Dispose() => _session.Dispose();
}
