using TenantDb.Engine;
using TenantDb.Wire.Protocol;

namespace TenantDb.Wire.Server;

/// <summary>Maps engine errors to ErrorResponse fields: SQLSTATE by error kind (and SQLite's extended code), message, position.</summary>
internal static class EngineErrorMapper
{
    // SQLite extended result codes for SQLITE_CONSTRAINT (19).
    private const int ConstraintCheck = 275, ConstraintForeignKey = 787, ConstraintNotNull = 1299,
        ConstraintPrimaryKey = 1555, ConstraintUnique = 2067;

    /// <summary>Builds the error for <paramref name="ex"/> (the caller adds the Position, which needs the client's text).</summary>
    public static PgError ToPgError(TenantDbException ex)
    {
        var state = ex.Kind switch
        {
            TenantDbErrorKind.UnknownTenant => SqlState.InvalidCatalogName,
            TenantDbErrorKind.InvalidTenantName => SqlState.InvalidCatalogName,
            TenantDbErrorKind.TenantExists => "42P04",
            TenantDbErrorKind.Syntax => SqlState.SyntaxError,
            TenantDbErrorKind.Constraint => ex.SqliteExtendedErrorCode switch
            {
                ConstraintUnique or ConstraintPrimaryKey => SqlState.UniqueViolation,
                ConstraintForeignKey => SqlState.ForeignKeyViolation,
                ConstraintNotNull => SqlState.NotNullViolation,
                ConstraintCheck => SqlState.CheckViolation,
                _ => SqlState.IntegrityConstraintViolation,
            },
            TenantDbErrorKind.UndefinedObject => UndefinedObjectState(ex.Message),
            TenantDbErrorKind.Denied => SqlState.InsufficientPrivilege,
            TenantDbErrorKind.QuotaExceeded => SqlState.DiskFull,
            TenantDbErrorKind.Timeout or TenantDbErrorKind.Canceled => SqlState.QueryCanceled,
            TenantDbErrorKind.Busy => SqlState.LockNotAvailable,
            TenantDbErrorKind.ReadOnly => SqlState.ReadOnlySqlTransaction,
            TenantDbErrorKind.TooBig => SqlState.ProgramLimitExceeded,
            TenantDbErrorKind.Misuse => SqlState.InternalError,
            TenantDbErrorKind.UndefinedProcedure => "42883",
            TenantDbErrorKind.DuplicateProcedure => "42723",
            TenantDbErrorKind.InvalidProcedure => "42P13",
            TenantDbErrorKind.ProcedureTrap => "38000",
            TenantDbErrorKind.ProcedureLimit => SqlState.ProgramLimitExceeded,
            TenantDbErrorKind.ProcedureFailed => "P0001",
            TenantDbErrorKind.ProcedureMisuse => "39000",
            TenantDbErrorKind.Corrupt => "XX001",
            TenantDbErrorKind.TenantInUse => "55006",
            TenantDbErrorKind.NotSupported => SqlState.FeatureNotSupported,
            TenantDbErrorKind.Internal => SqlState.InternalError,
            _ => SqlStateForGenericError(ex.Message),
        };
        var message = ex.Kind switch
        {
            TenantDbErrorKind.Canceled => "canceling statement due to user request",
            TenantDbErrorKind.Timeout => "canceling statement due to statement timeout",
            _ => ex.Message,
        };
        return new PgError(state, message, Detail: ex.Kind is TenantDbErrorKind.Canceled or TenantDbErrorKind.Timeout ? ex.Message : null);
    }

    private static string UndefinedObjectState(string message)
    {
        if (message.Contains("no such column", StringComparison.OrdinalIgnoreCase)) return SqlState.UndefinedColumn;
        if (message.Contains("no such function", StringComparison.OrdinalIgnoreCase)) return "42883";
        if (message.Contains("no such table", StringComparison.OrdinalIgnoreCase)) return SqlState.UndefinedTable;
        return SqlState.UndefinedObject;
    }

    private static string SqlStateForGenericError(string message)
    {
        if (message.Contains("already exists", StringComparison.OrdinalIgnoreCase)) return SqlState.DuplicateTable;
        if (message.Contains("datatype mismatch", StringComparison.OrdinalIgnoreCase)) return "42804";
        if (message.Contains("syntax error", StringComparison.OrdinalIgnoreCase)) return SqlState.SyntaxError;
        if (message.Contains("cannot start a transaction within a transaction", StringComparison.OrdinalIgnoreCase)) return SqlState.ActiveSqlTransaction;
        if (message.Contains("no transaction is active", StringComparison.OrdinalIgnoreCase)) return SqlState.NoActiveSqlTransaction;
        return "42000";
    }
}
