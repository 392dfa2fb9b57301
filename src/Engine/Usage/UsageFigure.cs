namespace TenantDb.Engine.Usage;

/// <summary>The figures of a tenant's usage, in the order they are stored and shown.</summary>
public enum UsageFigure
{
    /// <summary>SQL statements executed (a procedure's own statements included).</summary>
    Statements,

    /// <summary>Stored-procedure calls.</summary>
    Calls,

    /// <summary>Fuel used by procedure calls (the same units as the fuel limit).</summary>
    Fuel,

    /// <summary>CPU time spent running the tenant's statements and calls, in microseconds.</summary>
    CpuMicroseconds,

    /// <summary>Rows returned by the tenant's statements (and read by its procedures' queries).</summary>
    RowsRead,

    /// <summary>Rows inserted, updated or deleted.</summary>
    RowsWritten,

    /// <summary>Bytes received from the tenant's clients (wire protocol).</summary>
    BytesIn,

    /// <summary>Bytes sent to the tenant's clients (wire protocol).</summary>
    BytesOut,

    /// <summary>Statements and calls that failed.</summary>
    Errors,
}
