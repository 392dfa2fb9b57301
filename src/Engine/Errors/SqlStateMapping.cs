namespace TenantDb.Engine.Errors;

/// <summary>
/// Chooses the SQLSTATE (PostgreSQL's errcodes.txt) of an engine error from its kind and, for errors
/// SQLite raised, its extended result code and message. SQLite reports many different problems as plain
/// SQLITE_ERROR with only the message telling them apart, so that text is read here, next to the code
/// that knows SQLite, and nowhere else.
/// </summary>
internal static class SqlStateMapping
{
    // SQLite extended result codes for SQLITE_CONSTRAINT (19), from sqlite3.h.
    private const int ConstraintCheck = 275, ConstraintForeignKey = 787, ConstraintNotNull = 1299,
        ConstraintPrimaryKey = 1555, ConstraintUnique = 2067;

    /// <summary>The SQLSTATE for an error of <paramref name="kind"/>.</summary>
    /// <param name="kind">The error's kind.</param>
    /// <param name="sqliteExtendedCode">SQLite's extended result code, 0 when SQLite did not raise it.</param>
    /// <param name="message">The error message (SQLite's own text for SQLite errors).</param>
    public static string Of(TenantDbErrorKind kind, int sqliteExtendedCode, string message) => kind switch
    {
        TenantDbErrorKind.UnknownTenant or TenantDbErrorKind.InvalidTenantName => "3D000", // invalid_catalog_name
        TenantDbErrorKind.TenantExists => "42P04", // duplicate_database
        TenantDbErrorKind.Syntax => "42601", // syntax_error
        TenantDbErrorKind.Constraint => sqliteExtendedCode switch
        {
            ConstraintUnique or ConstraintPrimaryKey => "23505", // unique_violation
            ConstraintForeignKey => "23503", // foreign_key_violation
            ConstraintNotNull => "23502", // not_null_violation
            ConstraintCheck => "23514", // check_violation
            _ => "23000", // integrity_constraint_violation
        },
        TenantDbErrorKind.UndefinedObject => UndefinedObject(message),
        TenantDbErrorKind.Denied => "42501", // insufficient_privilege
        TenantDbErrorKind.QuotaExceeded => "53100", // disk_full
        TenantDbErrorKind.Timeout or TenantDbErrorKind.Canceled => "57014", // query_canceled
        TenantDbErrorKind.Busy => "55P03", // lock_not_available
        TenantDbErrorKind.SerializationFailure => "40001", // serialization_failure
        TenantDbErrorKind.WriteQueueFull => "53300", // too_many_connections (class 53: insufficient resources)
        TenantDbErrorKind.ReadOnly => "25006", // read_only_sql_transaction
        TenantDbErrorKind.TooBig or TenantDbErrorKind.ProcedureLimit => "54000", // program_limit_exceeded
        TenantDbErrorKind.Misuse or TenantDbErrorKind.Internal => "XX000", // internal_error
        TenantDbErrorKind.UndefinedProcedure => "42883", // undefined_function
        TenantDbErrorKind.DuplicateProcedure => "42723", // duplicate_function
        TenantDbErrorKind.InvalidProcedure => "42P13", // invalid_function_definition
        TenantDbErrorKind.ProcedureTrap => "38000", // external_routine_exception
        TenantDbErrorKind.ProcedureFailed => "P0001", // raise_exception
        TenantDbErrorKind.ProcedureMisuse => "39000", // external_routine_invocation_exception
        TenantDbErrorKind.InvalidText => "22P02", // invalid_text_representation
        TenantDbErrorKind.Corrupt => "XX001", // data_corrupted
        TenantDbErrorKind.TenantInUse => "55006", // object_in_use
        TenantDbErrorKind.NotSupported => "0A000", // feature_not_supported
        _ => OtherSqliteError(message),
    };

    // "no such column: x", "no such function: f", "no such table: t" (SQLite's wording).
    private static string UndefinedObject(string message)
    {
        if (message.Contains("no such column", StringComparison.OrdinalIgnoreCase)) return "42703"; // undefined_column
        if (message.Contains("no such function", StringComparison.OrdinalIgnoreCase)) return "42883"; // undefined_function
        if (message.Contains("no such table", StringComparison.OrdinalIgnoreCase)) return "42P01"; // undefined_table
        return "42704"; // undefined_object
    }

    private static string OtherSqliteError(string message)
    {
        if (message.Contains("already exists", StringComparison.OrdinalIgnoreCase)) return "42P07"; // duplicate_table
        if (message.Contains("datatype mismatch", StringComparison.OrdinalIgnoreCase)) return "42804"; // datatype_mismatch
        if (message.Contains("syntax error", StringComparison.OrdinalIgnoreCase)) return "42601"; // syntax_error
        if (message.Contains("cannot start a transaction within a transaction", StringComparison.OrdinalIgnoreCase)) return "25001"; // active_sql_transaction
        if (message.Contains("no transaction is active", StringComparison.OrdinalIgnoreCase)) return "25P01"; // no_active_sql_transaction
        // Raised by the sequence functions inside a statement, in PostgreSQL's words.
        if (message.Contains("reached maximum value of sequence", StringComparison.Ordinal)
            || message.Contains("reached minimum value of sequence", StringComparison.Ordinal)) return "2200H"; // sequence_generator_limit_exceeded
        if (message.Contains("is not yet defined in this session", StringComparison.Ordinal)) return "55000"; // object_not_in_prerequisite_state
        if (message.Contains("is out of bounds for sequence", StringComparison.Ordinal)) return "22003"; // numeric_value_out_of_range
        // Raised by ILIKE (the wire layer's tenantdb_ilike) in PostgreSQL's words.
        if (message is "invalid escape string" or "LIKE pattern must not end with escape character") return "22025"; // invalid_escape_sequence
        if (message.StartsWith("ILIKE pattern is longer than", StringComparison.Ordinal)) return "54000"; // program_limit_exceeded
        if (message is "timestamp out of range") return "22008"; // datetime_field_overflow
        // Raised by the string functions (repeat, lpad, chr, split_part) in PostgreSQL's words.
        if (message is "requested length too large" || message.StartsWith("requested character too large", StringComparison.Ordinal)) return "54000"; // program_limit_exceeded
        if (message is "field position must not be zero") return "22023"; // invalid_parameter_value
        // Raised by the containment operators for an operand that is no JSON.
        if (message.StartsWith("invalid input syntax for type json", StringComparison.Ordinal)) return "22P02"; // invalid_text_representation
        // Raised by the date/time casts and functions for a value that is no date or time.
        if (message.StartsWith("invalid input syntax for type date", StringComparison.Ordinal)
            || message.StartsWith("invalid input syntax for type time", StringComparison.Ordinal)) return "22007"; // invalid_datetime_format
        // Raised by the date/time functions (AT TIME ZONE, date_trunc with a zone).
        if (message.StartsWith("time zone \"", StringComparison.Ordinal) && message.EndsWith("\" not recognized", StringComparison.Ordinal)) return "22023"; // invalid_parameter_value
        if (message.StartsWith("relation \"", StringComparison.Ordinal) && message.EndsWith("\" does not exist", StringComparison.Ordinal)) return "42P01"; // undefined_table
        // Raised by the catalog's name lookups ('x'::regtype, pg_get_serial_sequence).
        if (message.StartsWith("type \"", StringComparison.Ordinal) && message.EndsWith("\" does not exist", StringComparison.Ordinal)) return "42704"; // undefined_object
        if (message.StartsWith("column \"", StringComparison.Ordinal) && message.EndsWith("\" does not exist", StringComparison.Ordinal)) return "42703"; // undefined_column
        // Raised by regexp_replace and the ~ operators, by encode/decode and by the JSON constructors, in PostgreSQL's words.
        if (message.StartsWith("invalid regular expression option", StringComparison.Ordinal)) return "22023"; // invalid_parameter_value
        if (message.StartsWith("invalid regular expression", StringComparison.Ordinal)) return "2201B"; // invalid_regular_expression
        if (message.StartsWith("regular expression is longer than", StringComparison.Ordinal)) return "54000"; // program_limit_exceeded
        if (message.StartsWith("invalid hexadecimal", StringComparison.Ordinal) || message.StartsWith("invalid base64", StringComparison.Ordinal)
            || message.StartsWith("unrecognized encoding", StringComparison.Ordinal)) return "22023"; // invalid_parameter_value
        if (message.StartsWith("invalid input syntax for type bytea", StringComparison.Ordinal)) return "22P02"; // invalid_text_representation
        if (message is "argument list must have even number of elements") return "22023"; // invalid_parameter_value
        if (message is "null value not allowed for object key") return "22023"; // invalid_parameter_value (PostgreSQL 15)
        // Raised by current_setting for a name it does not know.
        if (message.StartsWith("unrecognized configuration parameter \"", StringComparison.Ordinal)) return "42704"; // undefined_object
        return "42000"; // syntax_error_or_access_rule_violation
    }
}
