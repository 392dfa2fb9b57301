namespace TenantDb.Wire.Server;

/// <summary>
/// The engine session's transaction, as <see cref="TransactionState"/> drives it. An interface so
/// the state machine can be tested without an engine or a socket.
/// </summary>
internal interface ITransactionControl
{
    /// <summary>True while the engine has a transaction open (BEGIN, or a SAVEPOINT that SQLite opened one for).</summary>
    bool InTransaction { get; }

    /// <summary>While true the engine refuses statements that write (25006): a READ ONLY transaction.</summary>
    bool ReadOnly { set; }

    /// <summary>Opens a transaction.</summary>
    void Begin();

    /// <summary>Commits the open transaction.</summary>
    void Commit();

    /// <summary>Rolls the open transaction back.</summary>
    void Rollback();
}
