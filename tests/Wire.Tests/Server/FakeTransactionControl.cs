using TenantDb.Engine;
using TenantDb.Engine.Errors;
using TenantDb.Wire.Server;

namespace TenantDb.Wire.Tests.Server;

/// <summary>An engine transaction in memory: counts what was asked of it and can be told to fail.</summary>
internal sealed class FakeTransactionControl : ITransactionControl
{
    public bool InTransaction { get; set; }
    public bool ReadOnly { get; set; }
    public int Begins { get; private set; }
    public int Commits { get; private set; }
    public int Rollbacks { get; private set; }
    public bool FailNextCommit { get; set; }
    public bool FailRollbacks { get; set; }

    public void Begin()
    {
        if (InTransaction) throw new InvalidOperationException("nested BEGIN reached the engine");
        Begins++;
        InTransaction = true;
    }

    public void Commit()
    {
        if (!InTransaction) throw new InvalidOperationException("COMMIT without a transaction reached the engine");
        if (FailNextCommit)
        {
            FailNextCommit = false;
            throw new TenantDbException(TenantDbErrorKind.Constraint, "deferred constraint failed");
        }
        Commits++;
        InTransaction = false;
    }

    public void Rollback()
    {
        if (FailRollbacks) throw new TenantDbException(TenantDbErrorKind.Internal, "session unusable");
        Rollbacks++;
        InTransaction = false;
    }
}
