using System.Globalization;
using System.Numerics;

namespace TenantDb.ProcSandbox.Text;

/// <summary>
/// Numeric literals of the text format: integers (decimal or hex, optional sign, <c>_</c>
/// separators) and floats (decimal, hex, <c>inf</c>, <c>nan</c>, <c>nan:0x...</c>), rounded
/// to nearest-even exactly as the spec requires. All methods return false for text that is not
/// a literal of the requested kind or that is out of range.
/// </summary>
internal static class WatNumber
{
    /// <summary>Parses an unsigned integer literal (no sign) that fits in <paramref name="bits"/> bits.</summary>
    public static bool TryParseUnsigned(string text, int bits, out ulong value)
    {
        value = 0;
        if (text.Length == 0 || text[0] is '+' or '-') return false;
        return TryParseMagnitude(text, out value, out bool overflow) && !overflow && FitsUnsigned(value, bits);
    }

    /// <summary>
    /// Parses an integer literal of an <c>iN</c> instruction immediate: any value in
    /// [-2^(N-1), 2^N - 1], returned as its N-bit two's complement pattern (zero-extended).
    /// </summary>
    public static bool TryParseInt(string text, int bits, out ulong value)
    {
        value = 0;
        if (text.Length == 0) return false;
        bool negative = text[0] == '-';
        string digits = text[0] is '+' or '-' ? text[1..] : text;
        if (!TryParseMagnitude(digits, out ulong magnitude, out bool overflow) || overflow) return false;
        if (negative)
        {
            ulong limit = 1UL << (bits - 1);
            if (magnitude > limit) return false;
            value = (0UL - magnitude) & Mask(bits);
            return true;
        }
        if (!FitsUnsigned(magnitude, bits)) return false;
        value = magnitude;
        return true;
    }

    /// <summary>True when the text is an integer literal by syntax (whatever its magnitude).</summary>
    public static bool IsIntegerSyntax(string text)
    {
        string digits = text.Length > 0 && text[0] is '+' or '-' ? text[1..] : text;
        return TryParseMagnitude(digits, out _, out _);
    }

    /// <summary>True when the text is a float literal by syntax (whatever its magnitude).</summary>
    public static bool IsFloatSyntax(string text)
    {
        string body = text.Length > 0 && text[0] is '+' or '-' ? text[1..] : text;
        if (body is "inf" or "nan") return true;
        if (body.StartsWith("nan:0x", StringComparison.Ordinal)) return IsDigitRun(body, 6, body.Length, hex: true);
        if (!body.StartsWith("0x", StringComparison.Ordinal)) return IsDecimalFloat(body);
        int end = body.Length;
        int p = body.IndexOfAny(['p', 'P']);
        if (p >= 0)
        {
            int expStart = p + 1;
            if (expStart < end && body[expStart] is '+' or '-') expStart++;
            if (!IsDigitRun(body, expStart, end, hex: false)) return false;
            end = p;
        }
        int dot = body.IndexOf('.', 2, end - 2);
        int intEnd = dot < 0 ? end : dot;
        return IsDigitRun(body, 2, intEnd, hex: true) && (dot < 0 || dot + 1 == end || IsDigitRun(body, dot + 1, end, hex: true));
    }

    /// <summary>True when the text looks like an integer or float literal (starts like one).</summary>
    public static bool LooksNumeric(string text)
    {
        int i = text.Length > 0 && text[0] is '+' or '-' ? 1 : 0;
        if (i >= text.Length) return false;
        return char.IsAsciiDigit(text[i]) || text.AsSpan(i).StartsWith("inf") || text.AsSpan(i).StartsWith("nan");
    }

    private static ulong Mask(int bits) => bits == 64 ? ulong.MaxValue : (1UL << bits) - 1;

    private static bool FitsUnsigned(ulong value, int bits) => bits == 64 || value <= Mask(bits);

    private static bool TryParseMagnitude(string text, out ulong value, out bool overflow)
    {
        value = 0;
        overflow = false;
        bool hex = text.StartsWith("0x", StringComparison.Ordinal);
        int start = hex ? 2 : 0;
        if (!IsDigitRun(text, start, text.Length, hex)) return false;
        ulong radix = hex ? 16UL : 10UL;
        for (int i = start; i < text.Length; i++)
        {
            if (text[i] == '_') continue;
            ulong digit = (ulong)WatLexer.HexValue(text[i]);
            if (value > (ulong.MaxValue - digit) / radix) overflow = true;
            value = unchecked(value * radix + digit);
        }
        return true;
    }

    /// <summary>A non-empty run of digits with single underscores between digits.</summary>
    private static bool IsDigitRun(string text, int start, int end, bool hex)
    {
        if (start >= end) return false;
        bool previousDigit = false;
        for (int i = start; i < end; i++)
        {
            char c = text[i];
            if (c == '_')
            {
                if (!previousDigit) return false;
                previousDigit = false;
                continue;
            }
            if (!(hex ? WatLexer.HexValue(c) >= 0 : char.IsAsciiDigit(c))) return false;
            previousDigit = true;
        }
        return previousDigit;
    }

    /// <summary>Parses an <c>f32</c> literal into its bit pattern.</summary>
    public static bool TryParseF32(string text, out uint bits)
    {
        bool ok = TryParseFloat(text, FloatFormat.Single, out ulong raw);
        bits = (uint)raw;
        return ok;
    }

    /// <summary>Parses an <c>f64</c> literal into its bit pattern.</summary>
    public static bool TryParseF64(string text, out ulong bits) => TryParseFloat(text, FloatFormat.Double, out bits);

    private static bool TryParseFloat(string text, FloatFormat format, out ulong bits)
    {
        bits = 0;
        if (text.Length == 0) return false;
        bool negative = text[0] == '-';
        string body = text[0] is '+' or '-' ? text[1..] : text;
        ulong sign = negative ? 1UL << (format.TotalBits - 1) : 0;
        ulong exponentMask = ((1UL << format.ExponentBits) - 1) << format.FractionBits;
        if (body == "inf")
        {
            bits = sign | exponentMask;
            return true;
        }
        if (body == "nan")
        {
            bits = sign | exponentMask | (1UL << (format.FractionBits - 1));
            return true;
        }
        if (body.StartsWith("nan:0x", StringComparison.Ordinal))
        {
            if (!TryParseMagnitude(body[4..], out ulong payload, out bool overflow) || overflow) return false;
            if (payload == 0 || payload >= 1UL << format.FractionBits) return false;
            bits = sign | exponentMask | payload;
            return true;
        }
        if (body.StartsWith("0x", StringComparison.Ordinal))
        {
            if (!TryParseHexFloat(body, format, out ulong magnitude)) return false;
            bits = sign | magnitude;
            return true;
        }
        if (!IsDecimalFloat(body)) return false;
        string clean = body.Replace("_", "", StringComparison.Ordinal);
        if (format.TotalBits == 32)
        {
            float f = float.Parse(clean, NumberStyles.Float, CultureInfo.InvariantCulture);
            if (float.IsInfinity(f)) return false;
            bits = sign | (BitConverter.SingleToUInt32Bits(f) & 0x7FFF_FFFFu);
        }
        else
        {
            double d = double.Parse(clean, NumberStyles.Float, CultureInfo.InvariantCulture);
            if (double.IsInfinity(d)) return false;
            bits = sign | (BitConverter.DoubleToUInt64Bits(d) & 0x7FFF_FFFF_FFFF_FFFFUL);
        }
        return true;
    }

    /// <summary>num ('.' num?)? ([eE] sign? num)?</summary>
    private static bool IsDecimalFloat(string body)
    {
        int end = body.Length;
        int e = body.IndexOfAny(['e', 'E']);
        if (e >= 0)
        {
            int expStart = e + 1;
            if (expStart < end && body[expStart] is '+' or '-') expStart++;
            if (!IsDigitRun(body, expStart, end, hex: false)) return false;
            end = e;
        }
        int dot = body.IndexOf('.', 0, end);
        if (dot < 0) return IsDigitRun(body, 0, end, hex: false);
        return IsDigitRun(body, 0, dot, hex: false) && (dot + 1 == end || IsDigitRun(body, dot + 1, end, hex: false));
    }

    /// <summary>
    /// Hex float "0x" hexnum ('.' hexnum?)? ([pP] sign? num)?, rounded to nearest-even,
    /// subnormals included. Fails if the value rounds to infinity.
    /// </summary>
    private static bool TryParseHexFloat(string body, FloatFormat format, out ulong bits)
    {
        bits = 0;
        int end = body.Length;
        long exponent = 0;
        int p = body.IndexOfAny(['p', 'P']);
        if (p >= 0)
        {
            int expStart = p + 1;
            bool expNegative = false;
            if (expStart < end && body[expStart] is '+' or '-')
            {
                expNegative = body[expStart] == '-';
                expStart++;
            }
            if (!IsDigitRun(body, expStart, end, hex: false)) return false;
            for (int i = expStart; i < end; i++)
            {
                if (body[i] == '_') continue;
                exponent = Math.Min(exponent * 10 + (body[i] - '0'), 1_000_000_000);
            }
            if (expNegative) exponent = -exponent;
            end = p;
        }
        int dot = body.IndexOf('.', 2, end - 2);
        int intEnd = dot < 0 ? end : dot;
        if (!IsDigitRun(body, 2, intEnd, hex: true)) return false;
        if (dot >= 0 && dot + 1 < end && !IsDigitRun(body, dot + 1, end, hex: true)) return false;

        // value = mantissa * 2^exponent, keeping at most 60 significant bits plus a sticky bit.
        ulong mantissa = 0;
        bool sticky = false;
        for (int i = 2; i < end; i++)
        {
            char c = body[i];
            if (c is '_' or '.') continue;
            bool fraction = dot >= 0 && i > dot;
            ulong digit = (ulong)WatLexer.HexValue(c);
            if (mantissa < 1UL << 59)
            {
                mantissa = mantissa * 16 + digit;
                if (fraction) exponent -= 4;
            }
            else
            {
                sticky |= digit != 0;
                if (!fraction) exponent += 4;
            }
        }
        if (mantissa == 0) return true;
        return TryRound(mantissa, sticky, exponent, format, out bits);
    }

    private static bool TryRound(ulong mantissa, bool sticky, long exponent, FloatFormat format, out ulong bits)
    {
        bits = 0;
        int precision = format.FractionBits + 1;
        int bias = (1 << (format.ExponentBits - 1)) - 1;
        long minUnitExponent = 1 - bias - (precision - 1);
        int msb = 63 - BitOperations.LeadingZeroCount(mantissa);
        long shift = Math.Max(msb - (precision - 1), minUnitExponent - exponent);
        ulong q;
        if (shift > 0)
        {
            if (shift >= 64)
            {
                // Only shift == 64 can reach half an ulp (bit 63 is the halfway bit); q is 0, so an
                // exact tie rounds to even (down) and anything above it rounds up.
                bool roundUp = shift == 64 && (mantissa >> 63) != 0 && ((mantissa << 1) != 0 || sticky);
                q = roundUp ? 1UL : 0UL;
            }
            else
            {
                q = mantissa >> (int)shift;
                ulong half = 1UL << (int)(shift - 1);
                ulong rest = mantissa & ((1UL << (int)shift) - 1);
                // Round to nearest, ties to even; the sticky bit breaks ties upwards.
                if (rest > half || (rest == half && (sticky || (q & 1) != 0))) q++;
            }
            exponent += shift;
        }
        else
        {
            q = mantissa << (int)-shift;
            exponent += shift;
        }
        if (q >> precision != 0)
        {
            q >>= 1;
            exponent++;
        }
        if (q == 0) return true;
        if (q >> (precision - 1) != 0)
        {
            long biased = exponent + (precision - 1) + bias;
            if (biased >= (1L << format.ExponentBits) - 1) return false;
            bits = ((ulong)biased << format.FractionBits) | (q & ((1UL << format.FractionBits) - 1));
        }
        else
        {
            bits = q;
        }
        return true;
    }

    private readonly record struct FloatFormat(int ExponentBits, int FractionBits)
    {
        public static FloatFormat Single => new(8, 23);
        public static FloatFormat Double => new(11, 52);
        public int TotalBits => 1 + ExponentBits + FractionBits;
    }
}
