using TenantDb.Engine;
using TenantDb.Engine.Errors;
using TenantDb.Wire.Protocol;
using TenantDb.Wire.Sql;

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
        // The CHECK that enforces varchar(n) and char(n) is PostgreSQL's length error.
        const string lengthCheck = "CHECK constraint failed: " + TableDefinitionRewriter.LengthConstraintPrefix;
        int at = message.IndexOf(lengthCheck, StringComparison.Ordinal);
        if (at >= 0) return new PgError(SqlState.StringDataRightTruncation, $"value too long for type {message[(at + lengthCheck.Length)..].Trim()}");
        return new PgError(ex.SqlState, message, Detail: ex.Kind is TenantDbErrorKind.Canceled or TenantDbErrorKind.Timeout ? ex.Message : null);
    }
}
