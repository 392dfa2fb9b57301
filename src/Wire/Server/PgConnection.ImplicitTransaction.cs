using Microsoft.Extensions.Logging;
using TenantDb.Engine;

namespace TenantDb.Wire.Server;

// PostgreSQL runs the statements of one multi-statement Query message, and everything an extended-
// protocol client sends up to Sync, as one implicit transaction: all of it commits, or none of it
// does. SQLite's autocommit would commit each statement on its own, so a batch that failed half-way
// would leave its first half behind. The wire layer therefore opens a transaction at the first
// statement that writes (read-only statements keep running in autocommit, so readers never take the
// tenant's write lock) and commits it when the Query or the Sync ends; an error rolls it back.
internal sealed partial class PgConnection
{
    /// <summary>True while the session's open transaction is an implicit one opened by the wire layer.</summary>
    private bool _implicit;

    /// <summary>True while running statements that belong to one implicit transaction (a multi-statement Query, or extended messages before Sync).</summary>
    private bool _implicitScope;

    /// <summary>Opens the implicit transaction before a statement that may write, unless a transaction is already open.</summary>
    private void BeginImplicitBeforeWrite(bool statementWrites)
    {
        if (!_implicitScope || !statementWrites || _inBlock || Session.InTransaction) return;
        Session.Begin();
        _implicit = true;
    }

    /// <summary>Commits the implicit transaction at the end of a Query or at Sync; false (error sent) when the commit fails.</summary>
    private bool CommitImplicit()
    {
        if (!_implicit) return true;
        _implicit = false;
        CloseAllPortals();
        if (!Session.InTransaction) return true;
        if (TryRun(Session.Commit)) return true;
        _failed = false;
        RollbackAfterError();
        return false;
    }

    /// <summary>After an error inside the implicit transaction: undo all of it.</summary>
    private void RollbackImplicit()
    {
        _implicit = false;
        CloseAllPortals();
        RollbackAfterError();
    }

    // Runs on the error path, so it must not throw itself. The rollback can fail when the session has
    // become unusable (its tenant was dropped meanwhile); a transaction still open then leaves the
    // connection in the failed state, where only ROLLBACK is accepted, instead of silently idle.
    private void RollbackAfterError()
    {
        try
        {
            Session.Rollback();
        }
        catch (TenantDbException ex)
        {
            _log.LogWarning("rollback of the implicit transaction on connection {ProcessId} failed: {Message}", ProcessId, ex.Message);
            if (Session.InTransaction) _failed = true;
        }
    }

    /// <summary>BEGIN inside an implicit transaction turns it into the client's explicit block, as PostgreSQL does.</summary>
    private bool AdoptImplicitAsBlock()
    {
        if (!_implicit) return false;
        _implicit = false;
        _inBlock = true;
        return true;
    }
}
