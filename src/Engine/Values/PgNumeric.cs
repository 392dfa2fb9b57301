using System.Text;

namespace TenantDb.Engine.Values;

/// <summary>
/// An exact decimal number kept as its text: the form numeric columns wider than a double (precision
/// above 15, or none) are stored in, so no digit is lost on the way through. A value is an unscaled
/// digit string and a scale (<c>12.3400</c> is 123400 with scale 4). Parsing accepts PostgreSQL's
/// numeric input (<c>-1.5</c>, <c>.5</c>, <c>1e3</c>, surrounding blanks); values are bounded to
/// <see cref="MaxDigits"/> digits so an exponent cannot make a huge string. <see cref="Compare"/> is the
/// total order of the column's collation: numbers by value, then NaN, then any other text by ordinal.
/// </summary>
public readonly struct PgNumeric
{
    /// <summary>The SQLite collation that orders exact numeric text by value (registered on every tenant connection).</summary>
    public const string CollationName = "tenantdb_numeric";

    /// <summary>Most digits (before and after the point together) a value may have once written out plainly.</summary>
    public const int MaxDigits = 1000;

    private PgNumeric(bool negative, string digits, int scale)
    {
        Negative = negative;
        Digits = digits;
        Scale = scale;
    }

    /// <summary>True below zero (never for zero).</summary>
    public bool Negative { get; }

    /// <summary>The unscaled digits, without leading zeros ("" for zero).</summary>
    public string Digits { get; }

    /// <summary>How many of <see cref="Digits"/>' trailing positions are fraction digits (never negative).</summary>
    public int Scale { get; }

    /// <summary>Parses numeric input text; false for NaN, infinities and anything not a number.</summary>
    public static bool TryParse(ReadOnlySpan<char> s, out PgNumeric value)
    {
        value = default;
        s = s.Trim();
        bool negative = false;
        if (!s.IsEmpty && s[0] is '+' or '-')
        {
            negative = s[0] == '-';
            s = s[1..];
        }
        var digits = new StringBuilder(s.Length);
        int scale = 0, i = 0;
        bool point = false, any = false;
        for (; i < s.Length; i++)
        {
            char c = s[i];
            if (char.IsAsciiDigit(c))
            {
                any = true;
                if (digits.Length > 0 || c != '0') digits.Append(c);
                if (point) scale++;
            }
            else if (c == '.' && !point) point = true;
            else break;
        }
        if (!any) return false;
        if (i < s.Length)
        {
            if (s[i] is not ('e' or 'E') || !int.TryParse(s[(i + 1)..], System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out int exponent)
                || Math.Abs(exponent) > MaxDigits)
            {
                return false;
            }
            scale -= exponent;
        }
        if (scale < 0)
        {
            if (digits.Length > 0) digits.Append('0', -scale);
            scale = 0;
        }
        if (Math.Max(digits.Length, scale) > MaxDigits) return false;
        value = new PgNumeric(negative && digits.Length > 0, digits.ToString(), scale);
        return true;
    }

    /// <summary>The value written plainly with exactly <paramref name="scale"/> fraction digits, rounded half away from zero; its own scale when negative.</summary>
    public string ToString(int scale)
    {
        if (scale < 0) scale = Scale;
        string digits = Digits;
        if (scale < Scale)
        {
            int drop = Scale - scale;
            bool up = drop <= digits.Length && digits[^drop] >= '5';
            digits = drop >= digits.Length ? "" : digits[..^drop];
            if (up) digits = Increment(digits);
        }
        else if (scale > Scale && digits.Length > 0)
        {
            digits += new string('0', scale - Scale);
        }
        if (digits.Length <= scale) digits = new string('0', scale - digits.Length + 1) + digits;
        var sb = new StringBuilder(digits.Length + 2);
        if (Negative && digits.AsSpan().ContainsAnyExcept('0')) sb.Append('-');
        sb.Append(digits, 0, digits.Length - scale);
        if (scale > 0) sb.Append('.').Append(digits, digits.Length - scale, scale);
        return sb.ToString();
    }

    /// <summary>The plain text of the value with its own scale.</summary>
    public override string ToString() => ToString(-1);

    /// <summary>Significant digits: what a double (15) can or cannot carry exactly.</summary>
    public int SignificantDigits => Digits.TrimEnd('0').Length;

    private static string Increment(string digits)
    {
        var chars = digits.ToCharArray();
        for (int k = chars.Length - 1; k >= 0; k--)
        {
            if (chars[k] != '9')
            {
                chars[k]++;
                return new string(chars);
            }
            chars[k] = '0';
        }
        return "1" + new string(chars);
    }

    /// <summary>
    /// Orders two stored texts: numbers by exact value (<c>1.0</c> equals <c>1.00</c>), then NaN, then other
    /// text by ordinal. A total order, as an index needs.
    /// </summary>
    public static int Compare(string? a, string? b)
    {
        int rankA = Rank(a, out var x), rankB = Rank(b, out var y);
        if (rankA != rankB) return rankA.CompareTo(rankB);
        return rankA switch
        {
            0 => CompareValues(x, y),
            1 => 0,
            _ => string.CompareOrdinal(a, b),
        };
    }

    private static int Rank(string? s, out PgNumeric value)
    {
        if (TryParse(s, out value)) return 0;
        return s is not null && s.AsSpan().Trim().Equals("NaN", StringComparison.OrdinalIgnoreCase) ? 1 : 2;
    }

    private static int CompareValues(PgNumeric x, PgNumeric y)
    {
        int signX = x.Digits.Length == 0 ? 0 : x.Negative ? -1 : 1;
        int signY = y.Digits.Length == 0 ? 0 : y.Negative ? -1 : 1;
        if (signX != signY) return signX.CompareTo(signY);
        if (signX == 0) return 0;
        int magnitude = CompareMagnitudes(x, y);
        return signX < 0 ? -magnitude : magnitude;
    }

    private static int CompareMagnitudes(PgNumeric x, PgNumeric y)
    {
        int integerX = x.Digits.Length - x.Scale, integerY = y.Digits.Length - y.Scale;
        if (integerX != integerY) return integerX.CompareTo(integerY);
        int length = Math.Max(x.Digits.Length, y.Digits.Length);
        for (int k = 0; k < length; k++)
        {
            char cx = k < x.Digits.Length ? x.Digits[k] : '0';
            char cy = k < y.Digits.Length ? y.Digits[k] : '0';
            if (cx != cy) return cx.CompareTo(cy);
        }
        return 0;
    }
}
