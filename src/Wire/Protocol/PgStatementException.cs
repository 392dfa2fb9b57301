namespace TenantDb.Wire.Protocol;

/// <summary>
/// A statement-level error the wire layer detects itself (bad parameter value, unknown prepared
/// statement, unsupported feature). It becomes an ErrorResponse; the connection stays open.
/// </summary>
internal sealed class PgStatementException : Exception
{
    /// <summary>Creates the error with its SQLSTATE.</summary>
    public PgStatementException(string sqlState, string message) : base(message) => SqlState = sqlState;

    /// <summary>The SQLSTATE reported to the client.</summary>
    public string SqlState { get; }
}
