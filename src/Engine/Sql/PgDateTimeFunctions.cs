using System.Globalization;
using Microsoft.Data.Sqlite;
using TenantDb.Engine.Errors;
using TenantDb.Engine.Values;

namespace TenantDb.Engine.Sql;

/// <summary>
/// PostgreSQL's date/time functions as SQLite functions on every tenant connection, over the text
/// forms dates and times are stored in (<see cref="PgDateTime"/>, <see cref="PgInterval"/>):
/// <c>now()</c> and its aliases, <c>date_trunc</c>, <c>date_part</c> (which <c>extract</c> is rewritten
/// to), and <c>tenantdb_datetime_add</c>, which the wire layer puts where PostgreSQL would add or
/// subtract a date, timestamp or interval (SQLite's <c>+</c> would read <c>'2024-01-01'</c> as 2024).
/// Pure functions of their arguments and the clock: they read no table.
/// </summary>
internal static class PgDateTimeFunctions
{
    /// <summary>Registers the functions on <paramref name="connection"/>.</summary>
    public static void Register(SqliteConnection connection)
    {
        connection.CreateFunction("now", Now);
        connection.CreateFunction("transaction_timestamp", Now);
        connection.CreateFunction("statement_timestamp", Now);
        connection.CreateFunction("clock_timestamp", Now);
        connection.CreateFunction("date_trunc", (string? field, object? value) => DateTrunc(field, value), isDeterministic: true);
        connection.CreateFunction("date_trunc", (string? field, object? value, string? zone) => DateTruncInZone(field, value, zone), isDeterministic: true);
        connection.CreateFunction("date_part", (string? field, object? value) => DatePart(field, value), isDeterministic: true);
        connection.CreateFunction("to_timestamp", (double? seconds) => ToTimestamp(seconds), isDeterministic: true);
        connection.CreateFunction("tenantdb_at_time_zone", (object? value, string? zone) => AtTimeZone(value, zone), isDeterministic: true);
        connection.CreateFunction("tenantdb_datetime_add", (object? left, object? right, long sign) => Add(left, right, sign), isDeterministic: true);
        connection.CreateFunction("age", (object? later, object? earlier) => Age(later, earlier), isDeterministic: true);
        connection.CreateFunction("age", (object? earlier) => Age(PgDateTime.FormatTimestamp(DateTime.UtcNow.Date), earlier));
    }

    /// <summary>
    /// age(a, b): a - b in years, months and days, field by field as PostgreSQL counts (borrowing a day from the hours, a
    /// month's days from the earlier operand's month), so <c>age('2024-03-05', '2023-01-01')</c> is <c>1 year 2 mons 4 days</c>.
    /// </summary>
    private static string? Age(object? later, object? earlier)
    {
        if (later is not string a || earlier is not string b) return null;
        var t1 = Instant(a);
        var t2 = Instant(b);
        long usec = (t1.Ticks % TimeSpan.TicksPerSecond - t2.Ticks % TimeSpan.TicksPerSecond) / 10;
        long sec = t1.Second - t2.Second, min = t1.Minute - t2.Minute, hour = t1.Hour - t2.Hour;
        long mday = t1.Day - t2.Day, mon = t1.Month - t2.Month, year = t1.Year - t2.Year;
        bool before = t1 < t2;
        int sign = before ? -1 : 1;
        usec *= sign; sec *= sign; min *= sign; hour *= sign; mday *= sign; mon *= sign; year *= sign;
        while (usec < 0) { usec += 1_000_000; sec--; }
        while (sec < 0) { sec += 60; min--; }
        while (min < 0) { min += 60; hour--; }
        while (hour < 0) { hour += 24; mday--; }
        var monthOf = before ? t1 : t2;
        while (mday < 0) { mday += DateTime.DaysInMonth(monthOf.Year, monthOf.Month); mon--; }
        while (mon < 0) { mon += 12; year--; }
        long months = sign * (year * 12 + mon);
        long micros = sign * (((hour * 60 + min) * 60 + sec) * 1_000_000 + usec);
        return new PgInterval((int)months, (int)(sign * mday), micros).ToString();
    }

    /// <summary>A timestamp's or date's text as a point in UTC (timestamptz values carry their offset).</summary>
    private static DateTime Instant(string text)
    {
        if (!PgDateTime.TryParseTimestamp(text, out var t, out var offset)) throw Invalid(text);
        return offset is { } o ? t - o : t;
    }

    private static string Now()
    {
        var now = DateTime.UtcNow;
        return PgDateTime.FormatInstant(new DateTime(now.Ticks - now.Ticks % 10, DateTimeKind.Utc));
    }

    // to_timestamp(seconds since 1970): the instant, to the microsecond; out of range is 22008 as in PostgreSQL.
    private static string? ToTimestamp(double? seconds)
    {
        if (seconds is not { } s) return null;
        if (double.IsPositiveInfinity(s)) return "infinity";
        if (double.IsNegativeInfinity(s)) return "-infinity";
        double micros = Math.Round(s * 1_000_000);
        var unixEpoch = new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);
        if (double.IsNaN(micros) || micros < (DateTime.MinValue.Ticks - unixEpoch.Ticks) / 10.0 || micros > (DateTime.MaxValue.Ticks - unixEpoch.Ticks) / 10.0)
            throw new TenantDbException(TenantDbErrorKind.Sql, "22008", "timestamp out of range");
        return PgDateTime.FormatInstant(unixEpoch.AddTicks((long)micros * 10));
    }

    private static string? DateTrunc(string? field, object? value)
    {
        if (field is null || value is not string text) return null;
        if (!PgDateTime.TryParseTimestamp(text, out var t, out var offset)) throw Invalid(text);
        if (offset is { } o) t -= o;
        t = field.ToLowerInvariant() switch
        {
            "microseconds" => t,
            "milliseconds" => new DateTime(t.Ticks - t.Ticks % TimeSpan.TicksPerMillisecond),
            "second" => new DateTime(t.Ticks - t.Ticks % TimeSpan.TicksPerSecond),
            "minute" => new DateTime(t.Ticks - t.Ticks % TimeSpan.TicksPerMinute),
            "hour" => new DateTime(t.Ticks - t.Ticks % TimeSpan.TicksPerHour),
            "day" => t.Date,
            "week" => t.Date.AddDays(-(((int)t.DayOfWeek + 6) % 7)),
            "month" => new DateTime(t.Year, t.Month, 1),
            "quarter" => new DateTime(t.Year, (t.Month - 1) / 3 * 3 + 1, 1),
            "year" => new DateTime(t.Year, 1, 1),
            "decade" => new DateTime(t.Year - t.Year % 10, 1, 1),
            "century" => new DateTime((t.Year - 1) / 100 * 100 + 1, 1, 1),
            _ => throw new TenantDbException(TenantDbErrorKind.Sql, $"unit \"{field}\" not recognized for type timestamp"),
        };
        return offset is null ? PgDateTime.FormatTimestamp(t) : PgDateTime.FormatInstant(t);
    }

    // date_trunc(field, timestamptz, zone): truncated as a clock in that zone shows the instant, then
    // turned back into an instant (EF Core sends it for DateTime.Date with zone 'UTC').
    private static string? DateTruncInZone(string? field, object? value, string? zone)
    {
        if (field is null || value is not string text || zone is null) return null;
        var tz = TimeZone(zone);
        if (!PgDateTime.TryParseTimestamp(text, out var t, out var offset)) throw Invalid(text);
        if (offset is { } o) t -= o;
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(t, DateTimeKind.Utc), tz);
        var truncated = DateTrunc(field, PgDateTime.FormatTimestamp(local))!;
        PgDateTime.TryParseTimestamp(truncated, out var start, out _);
        return PgDateTime.FormatInstant(ToUtc(start, tz));
    }

    // x AT TIME ZONE zone: a timestamptz becomes the wall-clock timestamp of the zone; a timestamp is read
    // as a wall-clock time of the zone and becomes a timestamptz.
    private static string? AtTimeZone(object? value, string? zone)
    {
        if (value is not string text || zone is null) return null;
        var tz = TimeZone(zone);
        if (!PgDateTime.TryParseTimestamp(text, out var t, out var offset)) throw Invalid(text);
        if (offset is { } o)
            return PgDateTime.FormatTimestamp(DateTime.SpecifyKind(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(t - o, DateTimeKind.Utc), tz), DateTimeKind.Unspecified));
        return PgDateTime.FormatInstant(ToUtc(t, tz));
    }

    // A wall-clock time of tz as an instant; a time skipped by a daylight-saving change is read with the
    // offset before the change, as PostgreSQL does.
    private static DateTime ToUtc(DateTime wallClock, TimeZoneInfo tz)
    {
        var unspecified = DateTime.SpecifyKind(wallClock, DateTimeKind.Unspecified);
        var utcOffset = tz.IsInvalidTime(unspecified) ? tz.GetUtcOffset(unspecified.AddHours(-1)) : tz.GetUtcOffset(unspecified);
        return DateTime.SpecifyKind(unspecified - utcOffset, DateTimeKind.Unspecified);
    }

    private static TimeZoneInfo TimeZone(string zone)
    {
        var name = zone.Trim();
        if (name.Length == 0 || name.Length > 64) throw UnknownZone(zone);
        if (name.Equals("UTC", StringComparison.OrdinalIgnoreCase) || name.Equals("Etc/UTC", StringComparison.OrdinalIgnoreCase)
            || name.Equals("GMT", StringComparison.OrdinalIgnoreCase) || name.Equals("Z", StringComparison.OrdinalIgnoreCase)
            || name.Equals("Zulu", StringComparison.OrdinalIgnoreCase) || name.Equals("UCT", StringComparison.OrdinalIgnoreCase)
            || name is "+00" or "+00:00" or "00:00")
            return TimeZoneInfo.Utc;
        // Only IANA-style names: no path characters reach the time zone lookup.
        foreach (char c in name)
            if (!char.IsAsciiLetterOrDigit(c) && c is not '/' and not '_' and not '-' and not '+') throw UnknownZone(zone);
        if (name.Contains("..", StringComparison.Ordinal) || name.StartsWith('/')) throw UnknownZone(zone);
        return TimeZoneInfo.TryFindSystemTimeZoneById(name, out var tz) ? tz : throw UnknownZone(zone);
    }

    private static TenantDbException UnknownZone(string zone) =>
        new(TenantDbErrorKind.Sql, "22023", $"time zone \"{(zone.Length > 60 ? zone[..60] : zone)}\" not recognized");

    private static double? DatePart(string? field, object? value)
    {
        if (field is null || value is null) return null;
        var text = Convert.ToString(value, CultureInfo.InvariantCulture)!;
        var f = field.ToLowerInvariant();
        if (!PgDateTime.TryParseTimestamp(text, out var t, out var offset))
        {
            if (PgInterval.TryParse(text, out var interval)) return IntervalPart(f, interval);
            if (PgDateTime.TryParseTime(text, out var time)) t = new DateTime(1, 1, 1) + time;
            else throw Invalid(text);
        }
        if (offset is { } o) t -= o;
        return f switch
        {
            "year" => t.Year,
            "month" => t.Month,
            "day" => t.Day,
            "hour" => t.Hour,
            "minute" => t.Minute,
            "second" => t.Second + t.Ticks % TimeSpan.TicksPerSecond / 1e7,
            "milliseconds" => (t.Second * 1e7 + t.Ticks % TimeSpan.TicksPerSecond) / 1e4,
            "microseconds" => (t.Second * 1e7 + t.Ticks % TimeSpan.TicksPerSecond) / 10,
            "dow" => (int)t.DayOfWeek,
            "isodow" => t.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)t.DayOfWeek,
            "doy" => t.DayOfYear,
            "week" => ISOWeek.GetWeekOfYear(t),
            "isoyear" => ISOWeek.GetYear(t),
            "quarter" => (t.Month - 1) / 3 + 1,
            "decade" => t.Year / 10,
            "century" => (t.Year - 1) / 100 + 1,
            "millennium" => (t.Year - 1) / 1000 + 1,
            "epoch" => (t - DateTime.UnixEpoch).Ticks / 1e7,
            "timezone" or "timezone_hour" or "timezone_minute" => 0,
            _ => throw new TenantDbException(TenantDbErrorKind.Sql, $"unit \"{field}\" not recognized for type timestamp"),
        };
    }

    private static double IntervalPart(string field, PgInterval interval) => field switch
    {
        "year" => interval.Months / 12,
        "month" => interval.Months % 12,
        "day" => interval.Days,
        "hour" => interval.Microseconds / 3_600_000_000L,
        "minute" => interval.Microseconds / 60_000_000L % 60,
        "second" => interval.Microseconds % 60_000_000L / 1e6,
        "epoch" => interval.Months * 30.0 * 86400 + interval.Days * 86400.0 + interval.Microseconds / 1e6,
        _ => throw new TenantDbException(TenantDbErrorKind.Sql, $"unit \"{field}\" not recognized for type interval"),
    };

    // left ± right for dates, timestamps and intervals; plain numbers add as numbers.
    private static object? Add(object? left, object? right, long sign)
    {
        if (left is null || right is null) return null;
        if (left is string l)
        {
            bool isDate = l.Trim().Length == 10;
            if (PgDateTime.TryParseTimestamp(l, out var t, out var offset))
            {
                if (offset is { } o) t -= o;
                if (right is long days || (right is string ds && long.TryParse(ds, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out days)))
                {
                    var shifted = t.AddDays(sign * days);
                    return isDate ? PgDateTime.FormatDate(shifted) : Format(shifted, offset);
                }
                if (right is string r)
                {
                    if (PgInterval.TryParse(r, out var interval)) return Format(interval.AddTo(t, (int)sign), offset);
                    if (sign < 0 && PgDateTime.TryParseTimestamp(r, out var other, out var otherOffset))
                    {
                        if (otherOffset is { } oo) other -= oo;
                        var difference = t - other;
                        if (isDate && r.Trim().Length == 10) return (long)difference.TotalDays;
                        return new PgInterval(0, difference.Days, (difference.Ticks - difference.Days * TimeSpan.TicksPerDay) / 10).ToString();
                    }
                }
                throw Invalid(Convert.ToString(right, CultureInfo.InvariantCulture)!);
            }
            if (PgInterval.TryParse(l, out var leftInterval))
            {
                if (right is string rs && PgInterval.TryParse(rs, out var rightInterval))
                    return new PgInterval(leftInterval.Months + (int)sign * rightInterval.Months, leftInterval.Days + (int)sign * rightInterval.Days, leftInterval.Microseconds + sign * rightInterval.Microseconds).ToString();
                if (sign > 0 && right is string rt && PgDateTime.TryParseTimestamp(rt, out var t2, out var offset2))
                {
                    if (offset2 is { } o2) t2 -= o2;
                    return Format(leftInterval.AddTo(t2), offset2);
                }
            }
        }
        else if (sign > 0 && right is string rd && PgDateTime.TryParseTimestamp(rd, out var date, out _) && left is long n && rd.Trim().Length == 10)
        {
            return PgDateTime.FormatDate(date.AddDays(n));
        }
        // Numbers (the wire layer could not tell from the text that these were not dates).
        return (left, right) switch
        {
            (long a, long b) => a + sign * b,
            (long or double, long or double) => Convert.ToDouble(left, CultureInfo.InvariantCulture) + sign * Convert.ToDouble(right, CultureInfo.InvariantCulture),
            _ => throw Invalid(Convert.ToString(left, CultureInfo.InvariantCulture)!),
        };
    }

    private static string Format(DateTime value, TimeSpan? offset) => offset is null ? PgDateTime.FormatTimestamp(value) : PgDateTime.FormatInstant(value);

    private static TenantDbException Invalid(string text) =>
        new(TenantDbErrorKind.Sql, $"invalid input syntax for type timestamp: \"{(text.Length > 60 ? text[..60] : text)}\"");
}
