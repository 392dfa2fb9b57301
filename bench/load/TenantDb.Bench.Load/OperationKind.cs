namespace TenantDb.Bench.Load;

/// <summary>What a load worker does in one step.</summary>
internal enum OperationKind
{
    /// <summary>SELECT of a 10-row key range.</summary>
    Read,

    /// <summary>Autocommit INSERT of one event row.</summary>
    Write,

    /// <summary>CALL bump(k): a procedure that updates one row and returns it.</summary>
    Call,
}
