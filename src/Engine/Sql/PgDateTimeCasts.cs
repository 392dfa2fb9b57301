using Microsoft.Data.Sqlite;
using TenantDb.Engine.Errors;
using TenantDb.Engine.Values;

namespace TenantDb.Engine.Sql;

/// <summary>
/// PostgreSQL's casts between dates, times and timestamps, as SQLite functions the wire layer puts where a
/// statement casts a value to <c>date</c>, <c>time</c>, <c>timestamp</c> or <c>timestamptz</c>. SQLite has no
/// such types: it would keep <c>now()::date</c> as the whole timestamp text and read <c>CAST(x AS date)</c>
/// as a number (2024). The session time zone is UTC, so a timestamptz's date and time are its UTC ones.
/// </summary>
internal static class PgDateTimeCasts
{
    /// <summary>Registers the functions on <paramref name="connection"/>.</summary>
    public static void Register(SqliteConnection connection)
    {
        connection.CreateFunction("tenantdb_cast_date", (object? value) => Cast(value, "date"), isDeterministic: true);
        connection.CreateFunction("tenantdb_cast_time", (object? value) => Cast(value, "time without time zone"), isDeterministic: true);
        connection.CreateFunction("tenantdb_cast_timestamp", (object? value) => Cast(value, "timestamp without time zone"), isDeterministic: true);
        connection.CreateFunction("tenantdb_cast_timestamptz", (object? value) => Cast(value, "timestamp with time zone"), isDeterministic: true);
    }

    private static string? Cast(object? value, string type)
    {
        if (value is null) return null;
        if (value is not string text) throw Invalid(type, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "");
        var trimmed = text.AsSpan().Trim();
        // infinity and -infinity are dates and timestamps too (not times).
        if (type != "time without time zone" && (trimmed.Equals("infinity", StringComparison.OrdinalIgnoreCase) || trimmed.Equals("-infinity", StringComparison.OrdinalIgnoreCase)))
            return trimmed.ToString().ToLowerInvariant();
        if (!PgDateTime.TryParseTimestamp(trimmed, out var t, out var offset))
        {
            // A time of day is a time already.
            if (type == "time without time zone" && PgDateTime.TryParseTime(trimmed, out var time)) return PgDateTime.FormatTime(time);
            throw Invalid(type, text);
        }
        if (offset is { } o) t -= o;
        return type switch
        {
            "date" => PgDateTime.FormatDate(t),
            "time without time zone" => PgDateTime.FormatTime(t.TimeOfDay),
            "timestamp without time zone" => PgDateTime.FormatTimestamp(t),
            _ => PgDateTime.FormatInstant(t),
        };
    }

    private static TenantDbException Invalid(string type, string text) =>
        new(TenantDbErrorKind.Sql, "22007", $"invalid input syntax for type {type}: \"{(text.Length > 60 ? text[..60] : text)}\"");
}
