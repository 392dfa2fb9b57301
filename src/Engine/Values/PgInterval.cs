using System.Globalization;
using System.Text;

namespace TenantDb.Engine.Values;

/// <summary>
/// A PostgreSQL interval: months, days and microseconds kept apart (a month is not a fixed number of
/// days). Stored as its text, PostgreSQL's output form <c>1 year 2 mons 3 days 04:05:06.5</c>.
/// </summary>
public readonly record struct PgInterval(int Months, int Days, long Microseconds)
{
    private const long MicrosPerSecond = 1_000_000;
    private const long MicrosPerMinute = 60 * MicrosPerSecond;
    private const long MicrosPerHour = 60 * MicrosPerMinute;

    /// <summary>Parses PostgreSQL's interval input: <c>1 day</c>, <c>2 hours 30 minutes</c>, <c>-1 mons</c>, <c>1 day 02:00:00</c>, <c>@ 3 days ago</c>.</summary>
    public static bool TryParse(ReadOnlySpan<char> s, out PgInterval value)
    {
        value = default;
        s = s.Trim();
        if (s.StartsWith("@")) s = s[1..].Trim();
        bool ago = false;
        if (s.EndsWith("ago", StringComparison.OrdinalIgnoreCase))
        {
            ago = true;
            s = s[..^3].Trim();
        }
        if (s.IsEmpty) return false;
        long months = 0, days = 0;
        decimal micros = 0;
        while (!s.IsEmpty)
        {
            int end = s.IndexOf(' ');
            var part = end < 0 ? s : s[..end];
            s = end < 0 ? [] : s[(end + 1)..].TrimStart();
            if (part.Contains(':'))
            {
                bool negative = part[0] == '-';
                var clock = part.TrimStart("+-");
                var pieces = clock.ToString().Split(':');
                if (pieces.Length is < 2 or > 3
                    || !long.TryParse(pieces[0], NumberStyles.None, CultureInfo.InvariantCulture, out long h)
                    || !long.TryParse(pieces[1], NumberStyles.None, CultureInfo.InvariantCulture, out long m))
                    return false;
                decimal sec = 0;
                if (pieces.Length == 3 && !decimal.TryParse(pieces[2], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out sec)) return false;
                decimal total = h * MicrosPerHour + m * MicrosPerMinute + sec * MicrosPerSecond;
                micros += negative ? -total : total;
                continue;
            }
            if (!decimal.TryParse(part, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal number)) return false;
            ReadOnlySpan<char> unit;
            if (s.IsEmpty)
            {
                unit = "second";
            }
            else
            {
                end = s.IndexOf(' ');
                unit = end < 0 ? s : s[..end];
                s = end < 0 ? [] : s[(end + 1)..].TrimStart();
            }
            switch (Unit(unit))
            {
                case 'y': months += (long)(number * 12); break;
                case 'M': months += (long)number; days += (long)((number - decimal.Truncate(number)) * 30); break;
                case 'w': days += (long)(number * 7); break;
                case 'd': days += (long)number; micros += (number - decimal.Truncate(number)) * 24 * MicrosPerHour; break;
                case 'h': micros += number * MicrosPerHour; break;
                case 'm': micros += number * MicrosPerMinute; break;
                case 's': micros += number * MicrosPerSecond; break;
                case 'l': micros += number * 1000; break;
                case 'u': micros += number; break;
                default: return false;
            }
        }
        if (ago)
        {
            months = -months;
            days = -days;
            micros = -micros;
        }
        if (months is < int.MinValue or > int.MaxValue || days is < int.MinValue or > int.MaxValue || micros < long.MinValue || micros > long.MaxValue) return false;
        value = new PgInterval((int)months, (int)days, (long)decimal.Round(micros));
        return true;
    }

    private static char Unit(ReadOnlySpan<char> unit)
    {
        var u = unit.ToString().ToLowerInvariant().TrimEnd(',');
        return u switch
        {
            "y" or "yr" or "yrs" or "year" or "years" => 'y',
            "mon" or "mons" or "month" or "months" => 'M',
            "w" or "week" or "weeks" => 'w',
            "d" or "day" or "days" => 'd',
            "h" or "hr" or "hrs" or "hour" or "hours" => 'h',
            "m" or "min" or "mins" or "minute" or "minutes" => 'm',
            "s" or "sec" or "secs" or "second" or "seconds" => 's',
            "ms" or "msec" or "msecs" or "millisecond" or "milliseconds" => 'l',
            "us" or "usec" or "usecs" or "microsecond" or "microseconds" => 'u',
            _ => '?',
        };
    }

    /// <summary>PostgreSQL's output (IntervalStyle postgres): <c>1 year 2 mons 3 days 04:05:06.5</c>, <c>00:00:00</c> for zero.</summary>
    public override string ToString()
    {
        var b = new StringBuilder();
        int years = Months / 12, months = Months % 12;
        Part(b, years, "year", "years");
        Part(b, months, "mon", "mons");
        Part(b, Days, "day", "days");
        if (Microseconds != 0 || b.Length == 0)
        {
            if (b.Length > 0) b.Append(' ');
            long m = Microseconds;
            if (m < 0)
            {
                b.Append('-');
                m = -m;
            }
            b.Append(CultureInfo.InvariantCulture, $"{m / MicrosPerHour:00}:{m / MicrosPerMinute % 60:00}:{m / MicrosPerSecond % 60:00}");
            long fraction = m % MicrosPerSecond;
            if (fraction != 0) b.Append('.').Append(fraction.ToString("000000", CultureInfo.InvariantCulture).TrimEnd('0'));
        }
        return b.ToString();
    }

    /// <summary><paramref name="value"/> plus this interval: months first, then days, then the time, as PostgreSQL adds.</summary>
    public DateTime AddTo(DateTime value, int sign = 1) =>
        value.AddMonths(sign * Months).AddDays(sign * Days).AddTicks(sign * Microseconds * 10);

    private static void Part(StringBuilder b, int n, string one, string many)
    {
        if (n == 0) return;
        if (b.Length > 0) b.Append(' ');
        b.Append(n.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(n == 1 ? one : many);
    }
}
