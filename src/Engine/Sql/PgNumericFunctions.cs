using Microsoft.Data.Sqlite;

namespace TenantDb.Engine.Sql;

/// <summary>
/// <c>trunc(x, n)</c> and <c>round(x, n)</c> as PostgreSQL computes them on numeric: x cut toward zero, or rounded half away
/// from zero, at n decimals (n may be negative: <c>trunc(1234.5, -2)</c> is 1200, <c>round(1.25, -1)</c> 0), in decimal
/// arithmetic so that <c>trunc(2.57, 2)</c> is 2.57 and <c>round(2.675, 2)</c> 2.68, not what binary doubles give.
/// SQLite's own one-argument <c>trunc(x)</c> and <c>round(x)</c> stay.
/// </summary>
internal static class PgNumericFunctions
{
    /// <summary>Registers the functions on <paramref name="connection"/>.</summary>
    public static void Register(SqliteConnection connection)
    {
        connection.CreateFunction("trunc", (object? value, long? places) => Cut(value, places, MidpointRounding.ToZero), isDeterministic: true);
        connection.CreateFunction("round", (object? value, long? places) => Cut(value, places, MidpointRounding.AwayFromZero), isDeterministic: true);
    }

    private static object? Cut(object? value, long? places, MidpointRounding mode)
    {
        if (value is null or DBNull || places is not { } n) return null;
        if (value is long integer)
        {
            if (n >= 0) return integer;
            if (n < -18) return 0L;
            return (long)Math.Round((decimal)integer / (decimal)Math.Pow(10, -n), mode) * (long)Math.Pow(10, -n);
        }
        double d = Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);
        if (!double.IsFinite(d) || Math.Abs(d) >= 7.9e27) return d;
        // The double's shortest decimal form is the value the client wrote; cut that.
        decimal exact = decimal.Parse(d.ToString("R", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture);
        if (n >= 0) return (double)Math.Round(exact, (int)Math.Min(n, 28), mode);
        if (n < -28) return 0.0;
        decimal scale = (decimal)Math.Pow(10, -n);
        return (double)(Math.Round(exact / scale, mode) * scale);
    }
}
