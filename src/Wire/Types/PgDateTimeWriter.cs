using TenantDb.Engine;
using TenantDb.Engine.Values;
using TenantDb.Wire.Protocol;

namespace TenantDb.Wire.Types;

/// <summary>
/// Writes date, time, timestamp, timestamptz and interval fields from their stored text: text format
/// in PostgreSQL's output form (timestamptz in UTC with <c>+00</c>), binary as PostgreSQL's
/// microseconds and days since 2000-01-01. A stored text that is not a date/time is sent as it is in
/// text format and is 22007 in binary.
/// </summary>
internal static class PgDateTimeWriter
{
    /// <summary>Writes <paramref name="v"/> as a field of type <paramref name="oid"/>.</summary>
    public static void Write(PgMessageWriter w, SqlValue v, uint oid, bool binary)
    {
        var text = v.Type == SqlType.Text ? v.AsText : v.ToString();
        switch (oid)
        {
            case PgTypeOid.Date when PgDateTime.TryParseTimestamp(text, out var date, out _):
                if (binary)
                {
                    w.WriteInt32(4);
                    w.WriteInt32((int)((date.Date - PgDateTime.Epoch).Ticks / TimeSpan.TicksPerDay));
                }
                else PgValueWriter.WriteString(w, PgDateTime.FormatDate(date));
                return;
            case PgTypeOid.Timestamp when PgDateTime.TryParseTimestamp(text, out var timestamp, out var offset):
                // A timestamp written with an offset is shown in UTC (the session's time zone).
                if (offset is { } o) timestamp -= o;
                if (binary)
                {
                    w.WriteInt32(8);
                    w.WriteInt64(PgDateTime.ToPgMicroseconds(timestamp));
                }
                else PgValueWriter.WriteString(w, PgDateTime.FormatTimestamp(timestamp));
                return;
            case PgTypeOid.TimestampTz when PgDateTime.TryParseInstant(text, out var instant):
                if (binary)
                {
                    w.WriteInt32(8);
                    w.WriteInt64(PgDateTime.ToPgMicroseconds(instant));
                }
                else PgValueWriter.WriteString(w, PgDateTime.FormatInstant(instant));
                return;
            case PgTypeOid.Time when PgDateTime.TryParseTime(text, out var time) || (PgDateTime.TryParseTimestamp(text, out var at, out _) && (time = at.TimeOfDay) == at.TimeOfDay):
                if (binary)
                {
                    w.WriteInt32(8);
                    w.WriteInt64(time.Ticks / 10);
                }
                else PgValueWriter.WriteString(w, PgDateTime.FormatTime(time));
                return;
            case PgTypeOid.Interval when PgInterval.TryParse(text, out var interval):
                if (binary)
                {
                    w.WriteInt32(16);
                    w.WriteInt64(interval.Microseconds);
                    w.WriteInt32(interval.Days);
                    w.WriteInt32(interval.Months);
                }
                else PgValueWriter.WriteString(w, interval.ToString());
                return;
        }
        if (binary && oid is PgTypeOid.Date or PgTypeOid.Timestamp or PgTypeOid.TimestampTz && Infinity(text) is int sign and not 0)
        {
            // PostgreSQL's infinities are the extreme values of the binary form (Npgsql reads them as
            // DateTime.MaxValue / MinValue); the text form is the stored word itself.
            if (oid == PgTypeOid.Date)
            {
                w.WriteInt32(4);
                w.WriteInt32(sign > 0 ? int.MaxValue : int.MinValue);
            }
            else
            {
                w.WriteInt32(8);
                w.WriteInt64(sign > 0 ? long.MaxValue : long.MinValue);
            }
            return;
        }
        if (binary) throw new PgStatementException("22007", $"invalid input syntax for type {PgTypeName(oid)}: \"{(text.Length > 60 ? text[..60] + "..." : text)}\"");
        PgValueWriter.WriteString(w, text);
    }

    // 1 for 'infinity', -1 for '-infinity' (as the parameter decoder stores them), 0 otherwise.
    private static int Infinity(string text) =>
        text.Equals("infinity", StringComparison.OrdinalIgnoreCase) ? 1 : text.Equals("-infinity", StringComparison.OrdinalIgnoreCase) ? -1 : 0;

    private static string PgTypeName(uint oid) => oid switch
    {
        PgTypeOid.Date => "date",
        PgTypeOid.Time => "time without time zone",
        PgTypeOid.Timestamp => "timestamp without time zone",
        PgTypeOid.TimestampTz => "timestamp with time zone",
        _ => "interval",
    };
}
