using Microsoft.Extensions.Logging;
using TenantDb.Wire.Protocol;

namespace TenantDb.Wire.Server;

/// <summary>
/// What the server logs about a connection. Every line is written inside the connection's scope
/// (connection id and client address), so an operator can follow one client from accept to close.
/// Client mistakes (syntax, constraint violations) are Debug: a tenant must not be able to flood the
/// operator's log at its statement rate.
/// </summary>
internal static partial class ConnectionLog
{
    /// <summary>The scope every line about one connection carries.</summary>
    public static IDisposable? BeginScope(ILogger log, int connectionId, string client) =>
        log.BeginScope("conn={ConnectionId} client={Client}", connectionId, client);

    [LoggerMessage(Level = LogLevel.Information, Message = "connection opened")]
    public static partial void Opened(ILogger log);

    [LoggerMessage(Level = LogLevel.Information, Message = "connection closed after {Seconds:0.###} s (tenant {Tenant})")]
    public static partial void Closed(ILogger log, double seconds, string tenant);

    [LoggerMessage(Level = LogLevel.Information, Message = "authenticated user {User} on tenant {Tenant}")]
    public static partial void Authenticated(ILogger log, string user, string tenant);

    [LoggerMessage(Level = LogLevel.Warning, Message = "authentication failed for user {User} on tenant {Tenant}")]
    public static partial void AuthenticationFailed(ILogger log, string user, string tenant);

    [LoggerMessage(Message = "{Severity} {SqlState}: {Text}")]
    private static partial void Error(ILogger log, LogLevel level, string severity, string sqlState, string text);

    /// <summary>Logs an error or FATAL sent to the client at a level chosen by its SQLSTATE class.</summary>
    public static void Sent(ILogger log, PgError error)
    {
        LogLevel level = LevelOf(error.SqlState);
        if (error.Severity == "FATAL" && level < LogLevel.Information) level = LogLevel.Information;
        if (log.IsEnabled(level)) Error(log, level, error.Severity, error.SqlState, error.Message);
    }

    /// <summary>The log level for an error of <paramref name="sqlState"/>.</summary>
    public static LogLevel LevelOf(string sqlState) => sqlState.Length < 2 ? LogLevel.Warning : sqlState[..2] switch
    {
        "57" => LogLevel.Information,           // canceled, statement timeout, shutdown
        "08" or "28" or "53" or "54" or "55" => LogLevel.Warning, // protocol, auth, resources, limits, locks
        "58" or "XX" => LogLevel.Error,          // system and internal errors
        _ => LogLevel.Debug,                     // the client's own mistakes
    };
}
