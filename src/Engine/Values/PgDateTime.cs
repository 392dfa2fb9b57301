using System.Globalization;

namespace TenantDb.Engine.Values;

/// <summary>
/// PostgreSQL's text forms of dates and times, which is how TenantDb stores them: <c>2024-01-31</c>,
/// <c>10:30:00.5</c>, <c>2024-01-31 10:30:00.123456</c> and, for timestamptz, the same in UTC with
/// <c>+00</c>. Parsing accepts what clients send (a <c>T</c> separator, <c>Z</c> or a numeric offset,
/// fewer fraction digits); formatting gives PostgreSQL's output with the session time zone UTC.
/// </summary>
public static class PgDateTime
{
    /// <summary>PostgreSQL's epoch for binary dates and timestamps.</summary>
    public static readonly DateTime Epoch = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);

    /// <summary>
    /// Parses a date or timestamp, with an optional time and offset. <paramref name="value"/> is the
    /// local time as written; <paramref name="offset"/> the offset written, if any.
    /// </summary>
    public static bool TryParseTimestamp(ReadOnlySpan<char> s, out DateTime value, out TimeSpan? offset)
    {
        value = default;
        offset = null;
        s = s.Trim();
        if (s.Length < 10 || !TryDigits(s[..4], out int year) || s[4] != '-' || !TryDigits(s[5..7], out int month) || s[7] != '-' || !TryDigits(s[8..10], out int day)) return false;
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Max(1, year), month) || year < 1) return false;
        var date = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Unspecified);
        var rest = s[10..];
        if (rest.IsEmpty)
        {
            value = date;
            return true;
        }
        if (rest[0] is not (' ' or 'T' or 't')) return false;
        rest = rest[1..].TrimStart();
        // The offset: Z, +hh, +hh:mm, +hhmm (possibly after a space).
        int sign = rest.LastIndexOfAny('+', '-');
        if (rest.Length > 0 && rest[^1] is 'Z' or 'z')
        {
            offset = TimeSpan.Zero;
            rest = rest[..^1].TrimEnd();
        }
        else if (sign > 0)
        {
            if (!TryParseOffset(rest[sign..], out var parsed)) return false;
            offset = parsed;
            rest = rest[..sign].TrimEnd();
        }
        if (!TryParseTime(rest, out var time)) return false;
        value = date + time;
        return true;
    }

    /// <summary>Parses a time of day <c>hh:mm[:ss[.ffffff]]</c> (24:00:00 allowed, as PostgreSQL does).</summary>
    public static bool TryParseTime(ReadOnlySpan<char> s, out TimeSpan value)
    {
        value = default;
        s = s.Trim();
        if (s.Length < 5 || !TryDigits(s[..2], out int hour) || s[2] != ':' || !TryDigits(s[3..5], out int minute)) return false;
        long ticks = 0;
        int second = 0;
        if (s.Length > 5)
        {
            if (s[5] != ':' || s.Length < 8 || !TryDigits(s[6..8], out second)) return false;
            if (s.Length > 8)
            {
                if (s[8] != '.' || s.Length == 9) return false;
                var fraction = s[9..];
                if (fraction.Length > 9 || !TryDigits(fraction, out int digits)) return false;
                // Ticks are 100 ns: scale the fraction to seven digits, rounding what is finer.
                double scaled = digits * Math.Pow(10, 7 - fraction.Length);
                ticks = (long)Math.Round(scaled / 10, MidpointRounding.ToEven) * 10;
            }
        }
        if (hour > 24 || minute > 59 || second > 60 || (hour == 24 && (minute != 0 || second != 0 || ticks != 0))) return false;
        value = new TimeSpan(hour, minute, second) + TimeSpan.FromTicks(ticks);
        return true;
    }

    /// <summary>The UTC instant of a timestamptz text (a timestamp without offset is taken as UTC, the session's zone).</summary>
    public static bool TryParseInstant(ReadOnlySpan<char> s, out DateTime utc)
    {
        if (!TryParseTimestamp(s, out var local, out var offset))
        {
            utc = default;
            return false;
        }
        utc = DateTime.SpecifyKind(offset is { } o ? local - o : local, DateTimeKind.Utc);
        return true;
    }

    /// <summary>A date as PostgreSQL prints it: <c>2024-01-31</c>.</summary>
    public static string FormatDate(DateTime value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A timestamp as PostgreSQL prints it: <c>2024-01-31 10:30:00</c>, fraction digits only as needed.</summary>
    public static string FormatTimestamp(DateTime value) =>
        value.ToString(value.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-dd HH:mm:ss" : "yyyy-MM-dd HH:mm:ss.FFFFFF", CultureInfo.InvariantCulture);

    /// <summary>A timestamptz in UTC as PostgreSQL prints it with TimeZone UTC: <c>2024-01-31 10:30:00+00</c>.</summary>
    public static string FormatInstant(DateTime utc) => FormatTimestamp(utc) + "+00";

    /// <summary>A time of day: <c>10:30:00</c>, <c>10:30:00.5</c>.</summary>
    public static string FormatTime(TimeSpan value)
    {
        var text = new DateTime(1, 1, 1).Add(TimeSpan.FromTicks(value.Ticks % TimeSpan.TicksPerDay)).ToString(value.Ticks % TimeSpan.TicksPerSecond == 0 ? "HH:mm:ss" : "HH:mm:ss.FFFFFF", CultureInfo.InvariantCulture);
        return value.Ticks == TimeSpan.TicksPerDay ? "24:00:00" : text;
    }

    /// <summary>Microseconds since <see cref="Epoch"/> (PostgreSQL's binary timestamp).</summary>
    public static long ToPgMicroseconds(DateTime value) => (value.Ticks - Epoch.Ticks) / 10;

    /// <summary>The timestamp <paramref name="micros"/> microseconds after <see cref="Epoch"/>.</summary>
    public static DateTime FromPgMicroseconds(long micros) => new(Epoch.Ticks + micros * 10, DateTimeKind.Unspecified);

    private static bool TryParseOffset(ReadOnlySpan<char> s, out TimeSpan offset)
    {
        offset = default;
        int sign = s[0] == '-' ? -1 : 1;
        s = s[1..].Trim();
        int hours, minutes = 0;
        if (s.Length == 2 && TryDigits(s, out hours)) { }
        else if (s.Length == 5 && s[2] == ':' && TryDigits(s[..2], out hours) && TryDigits(s[3..], out minutes)) { }
        else if (s.Length == 4 && TryDigits(s[..2], out hours) && TryDigits(s[2..], out minutes)) { }
        else if (s.Length == 1 && TryDigits(s, out hours)) { }
        else return false;
        if (hours > 15 || minutes > 59) return false;
        offset = sign * new TimeSpan(hours, minutes, 0);
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<char> s, out int value)
    {
        value = 0;
        if (s.IsEmpty) return false;
        foreach (char c in s)
        {
            if (!char.IsAsciiDigit(c)) return false;
            value = value * 10 + (c - '0');
        }
        return true;
    }
}
