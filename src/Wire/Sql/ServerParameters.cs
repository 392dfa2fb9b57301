namespace TenantDb.Wire.Sql;

/// <summary>The run-time parameters reported at startup (ParameterStatus) and by SHOW.</summary>
internal static class ServerParameters
{
    /// <summary>Reported server version: PostgreSQL 15 semantics as far as clients can tell.</summary>
    public const string ServerVersion = "15.0 (TenantDb)";

    /// <summary>What version() returns.</summary>
    public const string VersionString = TenantDb.Engine.PgCatalog.PgSessionInfo.ServerVersionString;

    /// <summary>Parameters sent as ParameterStatus after authentication, in this order.</summary>
    public static readonly string[] Reported =
    [
        "server_version", "server_encoding", "client_encoding", "DateStyle", "IntervalStyle", "integer_datetimes",
        "standard_conforming_strings", "TimeZone", "application_name", "is_superuser", "session_authorization",
    ];

    /// <summary>Initial parameter values for a new session.</summary>
    public static Dictionary<string, string> Create(string user, string? applicationName)
    {
        return new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["server_version"] = ServerVersion,
            ["server_version_num"] = "150000",
            ["server_encoding"] = "UTF8",
            ["client_encoding"] = "UTF8",
            ["DateStyle"] = "ISO, MDY",
            ["IntervalStyle"] = "postgres",
            ["integer_datetimes"] = "on",
            ["standard_conforming_strings"] = "on",
            ["TimeZone"] = "UTC",
            ["application_name"] = applicationName ?? "",
            ["is_superuser"] = "off",
            ["session_authorization"] = user,
            ["search_path"] = "\"$user\", public",
            ["transaction_isolation"] = "serializable",
            ["default_transaction_isolation"] = "serializable",
            ["transaction_read_only"] = "off",
            ["default_transaction_read_only"] = "off",
            ["statement_timeout"] = "0",
            ["lc_messages"] = "C",
            ["max_identifier_length"] = "63",
            ["extra_float_digits"] = "1",
        };
    }

    /// <summary>Parameters a client may read but not change.</summary>
    public static bool IsReadOnly(string name) => name.ToLowerInvariant() is "server_version" or "server_version_num" or "server_encoding"
        or "integer_datetimes" or "is_superuser" or "session_authorization" or "max_identifier_length" or "lc_messages";
}
