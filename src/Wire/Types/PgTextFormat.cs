using System.Globalization;

namespace TenantDb.Wire.Types;

/// <summary>PostgreSQL's text spellings of numbers and bytes.</summary>
internal static class PgTextFormat
{
    /// <summary>float8 text output: shortest round-trip digits, Infinity/-Infinity/NaN.</summary>
    public static string Float8(double value)
    {
        if (double.IsPositiveInfinity(value)) return "Infinity";
        if (double.IsNegativeInfinity(value)) return "-Infinity";
        if (double.IsNaN(value)) return "NaN";
        return value.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>float4 text output: shortest round-trip digits of the single.</summary>
    public static string Float4(float value)
    {
        if (float.IsPositiveInfinity(value)) return "Infinity";
        if (float.IsNegativeInfinity(value)) return "-Infinity";
        if (float.IsNaN(value)) return "NaN";
        return value.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>A double as a plain decimal (no exponent), as numeric text output needs.</summary>
    public static string PlainDecimal(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value)) return "NaN";
        if (Math.Abs(value) < 7.9e28)
        {
            try
            {
                return ((decimal)value).ToString(CultureInfo.InvariantCulture);
            }
            catch (OverflowException)
            {
            }
        }
        return value.ToString("F0", CultureInfo.InvariantCulture);
    }

    /// <summary>Parses float8 text input including Infinity/NaN spellings.</summary>
    public static bool TryParseFloat8(ReadOnlySpan<char> s, out double value)
    {
        s = s.Trim();
        if (s.Equals("Infinity", StringComparison.OrdinalIgnoreCase) || s.Equals("inf", StringComparison.OrdinalIgnoreCase)) { value = double.PositiveInfinity; return true; }
        if (s.Equals("-Infinity", StringComparison.OrdinalIgnoreCase) || s.Equals("-inf", StringComparison.OrdinalIgnoreCase)) { value = double.NegativeInfinity; return true; }
        if (s.Equals("NaN", StringComparison.OrdinalIgnoreCase)) { value = double.NaN; return true; }
        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Parses bool text input (t/true/yes/on/1 and f/false/no/off/0).</summary>
    public static bool TryParseBool(ReadOnlySpan<char> s, out bool value)
    {
        s = s.Trim();
        if (s.Equals("t", StringComparison.OrdinalIgnoreCase) || s.Equals("true", StringComparison.OrdinalIgnoreCase) || s.Equals("yes", StringComparison.OrdinalIgnoreCase) || s.Equals("on", StringComparison.OrdinalIgnoreCase) || s.Equals("1", StringComparison.Ordinal) || s.Equals("y", StringComparison.OrdinalIgnoreCase))
        {
            value = true;
            return true;
        }
        value = false;
        return s.Equals("f", StringComparison.OrdinalIgnoreCase) || s.Equals("false", StringComparison.OrdinalIgnoreCase) || s.Equals("no", StringComparison.OrdinalIgnoreCase) || s.Equals("off", StringComparison.OrdinalIgnoreCase) || s.Equals("0", StringComparison.Ordinal) || s.Equals("n", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Parses bytea text input: hex format (\x...) or, failing that, the raw bytes.</summary>
    public static byte[] ParseBytea(ReadOnlySpan<byte> text)
    {
        if (text.Length >= 2 && text[0] == '\\' && text[1] == 'x')
        {
            var hex = System.Text.Encoding.ASCII.GetString(text[2..]);
            try
            {
                return Convert.FromHexString(hex);
            }
            catch (FormatException)
            {
                throw new Protocol.PgStatementException(Protocol.SqlState.InvalidTextRepresentation, "invalid hexadecimal data in bytea");
            }
        }
        return text.ToArray();
    }
}
