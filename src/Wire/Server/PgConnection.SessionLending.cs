using TenantDb.Engine;
using TenantDb.Engine.Ddl;

namespace TenantDb.Wire.Server;

// Transaction pooling inside the server. A connection holds an engine session (one SQLite connection
// of its tenant) only while it needs one: from the first statement of a transaction until the batch in
// which that transaction ended. Then, unless it is one of the tenant's KeptSessionsPerTenant connections,
// it disposes the session, which hands the SQLite connection back to the tenant's pool, and borrows a
// session again for its next statement. So ten thousand mostly idle clients cost ten thousand sockets,
// not ten thousand SQLite connections with their file descriptors and caches.
//
// SECURITY: a SQLite connection serves many clients of the tenant in turn, so nothing of one client may
// stay on it. What lives on the connection is either carried by the client (currval/lastval, the
// read-only default, its prepared statements, which are prepared again on the next session from their
// SQL) or forgotten by the engine when the session is disposed (the PostgreSQL catalog's rows about the
// session); a client whose SQL left state on the connection (TEMP objects, a write to a TEMP table,
// a PRAGMA setting) keeps that connection for the rest of its life instead (TenantSession.CanLendConnection),
// and so does one with a transaction, a portal, a cursor, a COPY or a write-lock wait open.
internal sealed partial class PgConnection
{
    // The engine this connection authenticated with (the server may load a newer one for later logins).
    private TenantDbEngine? _engine;
    // currval/lastval of this client, carried from one borrowed session to the next.
    private SessionSequenceValues? _sequenceValues;
    // True when this connection holds one of its tenant's kept places: it keeps its session while idle.
    private bool _keepsSession;
    private Func<PreparedStatement, TenantStatement>? _prepareAgain;

    /// <summary>True while the connection holds an engine session (a diagnostic for tests and metrics).</summary>
    internal bool HoldsSession => _session is not null;

    private TenantSession Session => _session ?? BorrowSession();

    /// <summary>Opens a session for the next statement (on a worker: it may open a SQLite connection).</summary>
    private TenantSession BorrowSession()
    {
        if (SessionTenant is not { } tenant || _engine is not { } engine) throw new InvalidOperationException("not authenticated");
        var session = engine.OpenSession(tenant, _sequenceValues);
        // The read-only default belongs to the client, not to the session it happens to hold.
        session.ReadOnly = _transactions.ReadOnly;
        _session = session;
        return session;
    }

    /// <summary>At the end of a batch (on its worker): gives the session back if nothing of the client lives on it.</summary>
    private void LendSessionIfIdle()
    {
        if (_session is not { } session || _keepsSession || _lane is not { } lane) return;
        if (_transactions.InBlock || _portals.Count > 0 || _cursors.Count > 0 || _copyIn is not null
            || _writeLockWait is not null || _batchYielded || !session.CanLendConnection) return;
        if (lane.TryKeepSession(_server.Settings.KeptSessionsPerTenant))
        {
            _keepsSession = true;
            return;
        }
        _prepareAgain ??= PrepareAgain;
        _statements.ReleaseEngines(_prepareAgain);
        foreach (var statement in _templateCache.Values) statement.ReleaseEngine(_prepareAgain);
        _sequenceValues = session.SequenceValues;
        _session = null;
        session.Dispose();
    }

    /// <summary>Gives back the tenant's kept place, if this connection holds one (at close).</summary>
    private void ReturnKeptPlace(Engine.Scheduling.TenantLane lane)
    {
        if (!_keepsSession) return;
        _keepsSession = false;
        lane.ReturnKeptSession();
    }

    // Prepares a statement given up at a lend on the session held now, with the catalog it reads brought up to date first.
    private TenantStatement PrepareAgain(PreparedStatement statement)
    {
        if (statement.UsesCatalog) EnsureCatalog();
        return Session.Prepare(statement.Sql);
    }
}
