namespace TenantDb.Wire.Protocol;

/// <summary>One ErrorResponse/NoticeResponse: severity, SQLSTATE, message and optional details.</summary>
/// <param name="SqlState">Five-character SQLSTATE code.</param>
/// <param name="Message">Primary human-readable message.</param>
/// <param name="Severity">ERROR, FATAL, WARNING, NOTICE...</param>
/// <param name="Detail">Optional secondary message.</param>
/// <param name="Position">1-based character position in the query string, when known.</param>
/// <param name="Where">Optional CONTEXT line (e.g. <c>COPY t, line 3</c>).</param>
internal sealed record PgError(string SqlState, string Message, string Severity = "ERROR", string? Detail = null, int? Position = null, string? Where = null)
{
    /// <summary>A FATAL error (the connection closes after it).</summary>
    public static PgError Fatal(string sqlState, string message) => new(sqlState, message, "FATAL");
}
