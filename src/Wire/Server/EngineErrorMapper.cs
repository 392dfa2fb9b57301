using TenantDb.Engine;
using TenantDb.Wire.Protocol;

namespace TenantDb.Wire.Server;

/// <summary>
/// Turns an engine error into ErrorResponse fields. The engine chooses the SQLSTATE and locates the
/// error (it alone knows SQLite's result codes and messages); this adds PostgreSQL's wording for
/// cancels and timeouts and makes the position 1-based in the client's query string.
/// </summary>
internal static class EngineErrorMapper
{
    /// <summary>
    /// Builds the error for <paramref name="ex"/> raised by the statement that starts at character
    /// <paramref name="statementStart"/> of <paramref name="sql"/> (for the 1-based Position field).
    /// </summary>
    public static PgError ToPgError(TenantDbException ex, string? sql = null, int statementStart = 0)
    {
        var message = ex.Kind switch
        {
            TenantDbErrorKind.Canceled => "canceling statement due to user request",
            TenantDbErrorKind.Timeout => "canceling statement due to statement timeout",
            _ => ex.Message,
        };
        int? position = null;
        // ErrorOffset counts characters of the statement given to Prepare, which starts at statementStart.
        if (sql is not null && ex.ErrorOffset is int offset && offset >= 0 && statementStart + offset <= sql.Length)
            position = statementStart + offset + 1;
        return new PgError(ex.SqlState, message, Position: position, Detail: ex.Kind is TenantDbErrorKind.Canceled or TenantDbErrorKind.Timeout ? ex.Message : null);
    }
}
