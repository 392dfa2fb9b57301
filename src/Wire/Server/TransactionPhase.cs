namespace TenantDb.Wire.Server;

/// <summary>Where a connection stands with respect to transactions (see <see cref="TransactionState"/>).</summary>
internal enum TransactionPhase
{
    /// <summary>No transaction the wire layer opened (the engine may still hold one a SAVEPOINT opened).</summary>
    Idle,
    /// <summary>An implicit transaction the wire layer opened for a multi-statement Query or an extended batch.</summary>
    Implicit,
    /// <summary>A transaction block the client opened with BEGIN.</summary>
    Block,
    /// <summary>An error happened inside an open transaction: everything but COMMIT and ROLLBACK is refused.</summary>
    Failed,
}
