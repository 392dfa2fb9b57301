using TenantDb.Engine;

namespace TenantDb.Wire.Server;

/// <summary>
/// The engine session of a connection as an <see cref="ITransactionControl"/>. The connection may hold
/// no session between transactions (it lends it back): then no transaction is open, and only starting
/// one borrows a session.
/// </summary>
/// <param name="held">The session held now, or null.</param>
/// <param name="borrow">The session held now, borrowing one if none is.</param>
internal sealed class SessionTransactionControl(Func<TenantSession?> held, Func<TenantSession> borrow) : ITransactionControl
{
    public bool InTransaction => held() is { InTransaction: true };

    // A session borrowed later takes the connection's read-only default when it is borrowed.
    public bool ReadOnly { set { if (held() is { } session) session.ReadOnly = value; } }

    public void Begin() => borrow().Begin();

    public void Commit() => borrow().Commit();

    public void Rollback() => held()?.Rollback();
}
