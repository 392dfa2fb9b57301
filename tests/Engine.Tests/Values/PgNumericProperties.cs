using System.Globalization;
using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TenantDb.Engine.Values;

namespace TenantDb.Engine.Tests.Values;

/// <summary>
/// Exact numeric text against obviously-correct references: ordering and equality agree with the
/// value as a scaled <see cref="BigInteger"/> whatever the spelling (leading and trailing zeros, exponent),
/// and rounding to a scale agrees with <see cref="decimal"/>'s away-from-zero rounding.
/// </summary>
public sealed class PgNumericProperties
{
    // A value: its digits, how many of them are the fraction, its sign.
    private static Gen<(string Digits, int Scale, bool Negative)> Values =>
        Gen.Choose(0, 40).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 9), n))
            .Zip(Gen.Choose(0, 12))
            .Zip(Gen.Elements(true, false))
            .Select(t => (string.Concat(t.Item1.Item1), Math.Min(t.Item1.Item2, t.Item1.Item1.Length), t.Item2));

    // One of several equivalent spellings: plain, padded with zeros and blanks, with a negative or positive exponent.
    private static string Spell((string Digits, int Scale, bool Negative) v, int style)
    {
        string integer = v.Digits.Length == v.Scale ? "0" : v.Digits[..^v.Scale];
        string fraction = v.Scale == 0 ? "" : v.Digits[^v.Scale..];
        string sign = v.Negative ? "-" : "";
        return style switch
        {
            0 => sign + integer + (fraction.Length > 0 ? "." + fraction : ""),
            1 => " " + sign + "00" + integer + "." + fraction + "000 ",
            2 => sign + integer + fraction + "e-" + v.Scale.ToString(CultureInfo.InvariantCulture),
            _ => sign + "0." + integer + fraction + "E" + integer.Length.ToString(CultureInfo.InvariantCulture),
        };
    }

    private static BigInteger Scaled((string Digits, int Scale, bool Negative) v, int scale)
    {
        var unscaled = v.Digits.Length == 0 ? BigInteger.Zero : BigInteger.Parse(v.Digits, CultureInfo.InvariantCulture);
        return (v.Negative ? -unscaled : unscaled) * BigInteger.Pow(10, scale - v.Scale);
    }

    [Property(MaxTest = 500)]
    public Property Compare_orders_by_exact_value_whatever_the_spelling() =>
        Prop.ForAll(Values.ToArbitrary(), Values.ToArbitrary(), Gen.Choose(0, 3).Zip(Gen.Choose(0, 3)).ToArbitrary(), (a, b, styles) =>
        {
            var (styleA, styleB) = styles;
            int scale = Math.Max(a.Scale, b.Scale);
            return Math.Sign(PgNumeric.Compare(Spell(a, styleA), Spell(b, styleB))) == Math.Sign(Scaled(a, scale).CompareTo(Scaled(b, scale)))
                && PgNumeric.Compare(Spell(a, styleA), Spell(a, styleB)) == 0;
        });

    [Property(MaxTest = 500)]
    public Property Rounding_to_a_scale_matches_decimal() =>
        Prop.ForAll(Gen.Choose(int.MinValue, int.MaxValue).Zip(Gen.Choose(0, 9)).Zip(Gen.Choose(0, 9)).ToArbitrary(), t =>
        {
            var value = new decimal(t.Item1.Item1 == int.MinValue ? int.MaxValue : Math.Abs(t.Item1.Item1), 0, 0, t.Item1.Item1 < 0, (byte)t.Item1.Item2);
            int scale = t.Item2;
            var expected = Math.Round(value, scale, MidpointRounding.AwayFromZero).ToString("F" + scale.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            if (expected.StartsWith("-", StringComparison.Ordinal) && expected.TrimStart('-').All(c => c is '0' or '.')) expected = expected[1..];
            return PgNumeric.TryParse(value.ToString(CultureInfo.InvariantCulture), out var parsed) && parsed.ToString(scale) == expected;
        });

    [Theory]
    [InlineData("NaN", "1e300", 1)]
    [InlineData("abc", "NaN", 1)]
    [InlineData("-0", "0.000", 0)]
    [InlineData("123456789012345678.123456", "123456789012345678.123457", -1)]
    [InlineData("9", "10", -1)]
    [InlineData("-9", "-10", 1)]
    public void Compares_numbers_then_nan_then_other_text(string a, string b, int expected)
    {
        Assert.Equal(expected, Math.Sign(PgNumeric.Compare(a, b)));
        Assert.Equal(-expected, Math.Sign(PgNumeric.Compare(b, a)));
    }

    [Fact]
    public void Refuses_what_is_not_a_bounded_number()
    {
        Assert.False(PgNumeric.TryParse("1e100000", out _));
        Assert.False(PgNumeric.TryParse("1.5x", out _));
        Assert.False(PgNumeric.TryParse(".", out _));
        Assert.True(PgNumeric.TryParse(" +.5 ", out var half));
        Assert.Equal("0.5", half.ToString());
        Assert.Equal("1", half.ToString(0));
    }
}
