using System.Collections.Frozen;
using System.Diagnostics.Metrics;
using TenantDb.Engine;
using TenantDb.Engine.Usage;
using TenantDb.Wire.Protocol;

namespace TenantDb.Wire.Server;

/// <summary>
/// The wire server's instruments on the TenantDb meter: connections and the errors sent to clients.
/// Every tag value comes from a fixed set in this code (refusal causes, PostgreSQL's SQLSTATE classes),
/// never from client text, so no client can add series.
/// </summary>
internal static class WireMetrics
{
    public static readonly UpDownCounter<long> ConnectionsOpen = TenantDbMeter.Meter.CreateUpDownCounter<long>("tenantdb.connections.open", "{connection}", "Client connections open now (authenticated or not)");
    public static readonly Counter<long> Connections = TenantDbMeter.Meter.CreateCounter<long>("tenantdb.connections", "{connection}", "Client connections accepted");
    public static readonly Counter<long> Refused = TenantDbMeter.Meter.CreateCounter<long>("tenantdb.connections.refused", "{connection}", "Connections closed before a session started, by cause");
    public static readonly Counter<long> Errors = TenantDbMeter.Meter.CreateCounter<long>("tenantdb.wire.errors", "{error}", "Error responses sent to clients, by SQLSTATE class");

    // PostgreSQL's SQLSTATE classes; anything else is counted as "other".
    private static readonly FrozenSet<string> Classes = FrozenSet.ToFrozenSet(
    [
        "00", "01", "02", "03", "08", "09", "0A", "0B", "0F", "0L", "0P", "0Z", "20", "21", "22", "23", "24", "25",
        "26", "27", "28", "2B", "2D", "2F", "34", "38", "39", "3B", "3D", "3F", "40", "42", "44", "53", "54", "55",
        "57", "58", "72", "F0", "HV", "P0", "XX",
    ], StringComparer.Ordinal);

    /// <summary>Why a connection ended before its session started (the values of the <c>cause</c> tag).</summary>
    public static class Cause
    {
        public const string TooManyConnections = "too_many_connections";
        public const string TenantConnectionLimit = "tenant_connection_limit";
        public const string StartupPoolFull = "startup_pool_full";
        public const string AuthenticationTimeout = "authentication_timeout";
        public const string UnknownDatabase = "unknown_database";
        public const string AuthenticationFailed = "authentication_failed";
        public const string Protocol = "protocol";
        public const string SessionFailed = "session_failed";
    }

    public static void Opened()
    {
        ConnectionsOpen.Add(1);
        Connections.Add(1);
    }

    public static void Closed() => ConnectionsOpen.Add(-1);

    public static void Refuse(string cause) => Refused.Add(1, new KeyValuePair<string, object?>("cause", cause));

    public static void ErrorSent(PgError error)
    {
        if (!Errors.Enabled)
        {
            return;
        }

        string sqlState = error.SqlState;
        string errorClass = sqlState.Length == 5 && Classes.TryGetValue(sqlState[..2], out var known) ? known : "other";
        Errors.Add(1, new KeyValuePair<string, object?>("class", errorClass));
    }
}
