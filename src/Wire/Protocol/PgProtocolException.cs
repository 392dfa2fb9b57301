namespace TenantDb.Wire.Protocol;

/// <summary>
/// The client broke the protocol (malformed or oversized message, wrong message in this state).
/// The connection that raised it gets an ErrorResponse and is closed; nothing else is affected.
/// </summary>
internal sealed class PgProtocolException : Exception
{
    /// <summary>Creates the exception with SQLSTATE 08P01 (protocol_violation) unless told otherwise.</summary>
    public PgProtocolException(string message, string sqlState = Protocol.SqlState.ProtocolViolation) : base(message)
        => SqlState = sqlState;

    /// <summary>The SQLSTATE reported to the client.</summary>
    public string SqlState { get; }
}
