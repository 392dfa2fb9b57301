using TenantDb.Engine;

namespace TenantDb.Wire.Server;

/// <summary>The engine session of a connection as an <see cref="ITransactionControl"/> (the session exists only once authenticated).</summary>
internal sealed class SessionTransactionControl(Func<TenantSession> session) : ITransactionControl
{
    public bool InTransaction => session().InTransaction;

    public bool ReadOnly { set => session().ReadOnly = value; }

    public void Begin() => session().Begin();

    public void Commit() => session().Commit();

    public void Rollback() => session().Rollback();
}
