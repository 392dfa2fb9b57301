using SQLitePCL;
using TenantDb.Engine.Hardening;

namespace TenantDb.Engine.Errors;

/// <summary>
/// Turns a failed SQLite call into a <see cref="TenantDbException"/> with the right kind. SQLite reports
/// many different problems as plain SQLITE_ERROR, so the message text is inspected for those.
/// </summary>
internal static class SqliteErrorMapper
{
    /// <summary>Builds the exception for result code <paramref name="rc"/> on connection <paramref name="db"/>.</summary>
    /// <param name="db">The connection the call failed on.</param>
    /// <param name="rc">The result code the call returned.</param>
    /// <param name="guard">The connection's guard, to tell a timeout from a cancel.</param>
    /// <param name="sqlUtf8">The whole UTF-8 SQL text, to translate the error offset to characters.</param>
    /// <param name="preparedFrom">Where in <paramref name="sqlUtf8"/> the failing prepare started.</param>
    public static TenantDbException Create(sqlite3 db, int rc, ConnectionGuard? guard, ReadOnlySpan<byte> sqlUtf8 = default, int preparedFrom = 0)
    {
        int extended = raw.sqlite3_extended_errcode(db);
        string message = raw.sqlite3_errmsg(db).utf8_to_string() ?? raw.sqlite3_errstr(rc).utf8_to_string() ?? "SQLite error";
        int? offset = null;
        if (!sqlUtf8.IsEmpty)
        {
            int byteOffset = NativeErrorOffset.Get(db);
            if (byteOffset >= 0)
            {
                byteOffset += preparedFrom;
            }

            if (byteOffset >= 0 && byteOffset <= sqlUtf8.Length)
            {
                offset = System.Text.Encoding.UTF8.GetCharCount(sqlUtf8[..byteOffset]);
            }
        }

        TenantDbErrorKind kind = extended == SqliteResultCodes.BusySnapshot ? TenantDbErrorKind.SerializationFailure : Classify(rc & 0xff, message, guard);
        if (kind == TenantDbErrorKind.UndefinedObject && SystemColumn.NamedIn(message) is { } systemColumn)
        {
            kind = TenantDbErrorKind.NotSupported;
            message = SystemColumn.NotSupportedMessage(systemColumn);
        }
        else if (kind == TenantDbErrorKind.SerializationFailure)
        {
            // PostgreSQL's wording: another transaction committed after this one took its snapshot.
            message = "could not serialize access due to concurrent update";
        }
        else if (kind == TenantDbErrorKind.Timeout)
        {
            message = "canceling statement due to statement timeout";
        }
        else if (kind == TenantDbErrorKind.Canceled)
        {
            message = "canceling statement due to user request";
        }
        else if (kind == TenantDbErrorKind.Denied && guard?.LastDenial is { } denial
            && (message.StartsWith("not authorized", StringComparison.Ordinal) || message.StartsWith("authorization denied", StringComparison.Ordinal)))
        {
            message = denial;
        }
        else if (kind == TenantDbErrorKind.QuotaExceeded)
        {
            message = guard is { CommitRefusedForQuota: true, QuotaRefusal: { } refusal } ? refusal : "tenant size quota exceeded (" + message + ")";
        }

        return new TenantDbException(kind, message, rc & 0xff, extended, offset);
    }

    /// <summary>Picks the error kind from the primary result code and, for SQLITE_ERROR, the message.</summary>
    public static TenantDbErrorKind Classify(int primary, string message, ConnectionGuard? guard) => primary switch
    {
        // Our commit hook is the only one: a refused commit means the files are over the quota.
        SqliteResultCodes.Constraint when guard is { CommitRefusedForQuota: true } => TenantDbErrorKind.QuotaExceeded,
        SqliteResultCodes.Constraint => TenantDbErrorKind.Constraint,
        SqliteResultCodes.Full => TenantDbErrorKind.QuotaExceeded,
        SqliteResultCodes.Busy or SqliteResultCodes.Locked => TenantDbErrorKind.Busy,
        SqliteResultCodes.ReadOnly => TenantDbErrorKind.ReadOnly,
        SqliteResultCodes.Auth or SqliteResultCodes.Perm => TenantDbErrorKind.Denied,
        // Past EngineOptions.SqliteHeapLimitBytes: the statement needed more memory than the server allows.
        SqliteResultCodes.TooBig or SqliteResultCodes.NoMem => TenantDbErrorKind.TooBig,
        SqliteResultCodes.Misuse or SqliteResultCodes.Range => TenantDbErrorKind.Misuse,
        SqliteResultCodes.Interrupt => guard?.InterruptKind ?? TenantDbErrorKind.Canceled,
        SqliteResultCodes.Error => ClassifyMessage(message),
        _ => TenantDbErrorKind.Sql,
    };

    private static TenantDbErrorKind ClassifyMessage(string message)
    {
        if (message.Contains("syntax error", StringComparison.Ordinal)
            || message.Contains("incomplete input", StringComparison.Ordinal)
            || message.Contains("unrecognized token", StringComparison.Ordinal))
        {
            return TenantDbErrorKind.Syntax;
        }

        if (message.Contains("no such ", StringComparison.Ordinal))
        {
            return TenantDbErrorKind.UndefinedObject;
        }

        if (message.Contains("not authorized", StringComparison.Ordinal)
            || message.Contains("prohibited", StringComparison.Ordinal)
            || message.Contains("may not be modified", StringComparison.Ordinal)
            || message.Contains("may not be dropped", StringComparison.Ordinal)
            || message.Contains("may not be altered", StringComparison.Ordinal)
            || message.Contains("too many attached databases", StringComparison.Ordinal)
            || message.Contains("unsafe use of", StringComparison.Ordinal)
            || message.Contains("reserved for internal use", StringComparison.Ordinal))
        {
            return TenantDbErrorKind.Denied;
        }

        if (message.Contains("too many", StringComparison.Ordinal)
            || message.Contains("too large", StringComparison.Ordinal)
            || message.Contains("too complex", StringComparison.Ordinal)
            || message.Contains("too big", StringComparison.Ordinal)
            || message.Contains("too deep", StringComparison.Ordinal)
            || message.Contains("too long", StringComparison.Ordinal)
            || message.Contains("stack overflow", StringComparison.Ordinal)
            || message.Contains("recursion limit", StringComparison.OrdinalIgnoreCase))
        {
            return TenantDbErrorKind.TooBig;
        }

        return TenantDbErrorKind.Sql;
    }
}
