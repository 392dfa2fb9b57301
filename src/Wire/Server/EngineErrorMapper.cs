using TenantDb.Engine;
using TenantDb.Engine.Errors;
using TenantDb.Wire.Protocol;

namespace TenantDb.Wire.Server;

/// <summary>
/// Turns an engine error into ErrorResponse fields. The engine chooses the SQLSTATE (it alone knows
/// SQLite's result codes and messages); this adds PostgreSQL's wording for cancels and timeouts.
/// </summary>
internal static class EngineErrorMapper
{
    /// <summary>Builds the error for <paramref name="ex"/> (the caller adds the Position, which needs the client's text).</summary>
    public static PgError ToPgError(TenantDbException ex)
    {
        var message = ex.Kind switch
        {
            TenantDbErrorKind.Canceled => "canceling statement due to user request",
            TenantDbErrorKind.Timeout => "canceling statement due to statement timeout",
            _ => ex.Message,
        };
        return new PgError(ex.SqlState, message, Detail: ex.Kind is TenantDbErrorKind.Canceled or TenantDbErrorKind.Timeout ? ex.Message : null);
    }
}
