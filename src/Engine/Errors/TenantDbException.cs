using TenantDb.Engine.Errors;

namespace TenantDb.Engine.Errors;

/// <summary>The one exception type the engine throws for tenant, SQL and limit errors.</summary>
public sealed class TenantDbException : Exception
{
    /// <summary>Creates an error that did not come from SQLite.</summary>
    public TenantDbException(TenantDbErrorKind kind, string message)
        : base(message)
    {
        Kind = kind;
        SqlState = SqlStateMapping.Of(kind, 0, message);
    }

    /// <summary>Creates an error with a SQLSTATE more precise than its kind's (for example 2BP01 for a dependent object).</summary>
    public TenantDbException(TenantDbErrorKind kind, string sqlState, string message)
        : base(message)
    {
        Kind = kind;
        SqlState = sqlState;
    }

    /// <summary>Creates an error carrying SQLite's result codes and, when known, the error offset.</summary>
    public TenantDbException(TenantDbErrorKind kind, string message, int sqliteErrorCode, int sqliteExtendedErrorCode, int? errorOffset)
        : base(message)
    {
        Kind = kind;
        SqliteErrorCode = sqliteErrorCode;
        SqliteExtendedErrorCode = sqliteExtendedErrorCode;
        ErrorOffset = errorOffset;
        SqlState = SqlStateMapping.Of(kind, sqliteExtendedErrorCode, message);
    }

    /// <summary>Creates a generic error (kind <see cref="TenantDbErrorKind.Sql"/>).</summary>
    public TenantDbException()
        : this(TenantDbErrorKind.Sql, "TenantDb error.")
    {
    }

    /// <summary>Creates a generic error (kind <see cref="TenantDbErrorKind.Sql"/>).</summary>
    public TenantDbException(string message)
        : this(TenantDbErrorKind.Sql, message)
    {
    }

    /// <summary>Creates a generic error (kind <see cref="TenantDbErrorKind.Sql"/>) wrapping another.</summary>
    public TenantDbException(string message, Exception innerException)
        : base(message, innerException)
    {
        Kind = TenantDbErrorKind.Sql;
        SqlState = SqlStateMapping.Of(Kind, 0, message);
    }

    /// <summary>The category of the error.</summary>
    public TenantDbErrorKind Kind { get; }

    /// <summary>
    /// The SQLSTATE of the error (PostgreSQL's codes: 23505 for a unique violation, 42P01 for an
    /// undefined table, 57014 for a cancel or timeout, ...), chosen by the engine from the kind and, for
    /// errors SQLite raised, its result code and message.
    /// </summary>
    public string SqlState { get; }

    /// <summary>SQLite's primary result code, or 0 when the error did not come from SQLite.</summary>
    public int SqliteErrorCode { get; }

    /// <summary>SQLite's extended result code, or 0 when the error did not come from SQLite.</summary>
    public int SqliteExtendedErrorCode { get; }

    /// <summary>
    /// Zero-based character (UTF-16 code unit) offset into the SQL text given to Prepare where the error
    /// was located, if it was (the wire adds one for PostgreSQL's 1-based error position).
    /// </summary>
    public int? ErrorOffset { get; }
}
