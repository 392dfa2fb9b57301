using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TenantDb.Wire.Types;

namespace TenantDb.Wire.Tests.PgTypes;

/// <summary>
/// The fast float8 text path writes exactly what <c>double.ToString("R")</c> writes (the general path
/// and PostgreSQL's shortest round-trip digits) whenever it writes anything: for any double, for whole
/// numbers and for numbers with one or two decimals, near the range limit and around zero.
/// </summary>
public sealed class Float8TextProperties
{
    private static readonly Gen<double> Doubles = Gen.OneOf(
        ArbMap.Default.GeneratorFor<double>(),
        Gen.Choose(-1_000_000, 1_000_000).Select(n => n / 10.0),
        Gen.Choose(-1_000_000, 1_000_000).Select(n => n / 100.0),
        ArbMap.Default.GeneratorFor<long>().Select(n => (n % 1_000_000_000_000_000L) / 10.0),
        ArbMap.Default.GeneratorFor<long>().Select(n => (double)(n % 200_000_000_000_000L)),
        Gen.Choose(-1000, 1000).Select(n => 99_999_999_999_990.0 + n / 10.0),
        Gen.Elements(0.0, -0.0, 0.1, -0.1, 1e14, -1e14, 1e14 - 0.5, 99_999_999_999_999.9, double.Epsilon, double.NaN, double.PositiveInfinity, double.MaxValue));

    [Property(MaxTest = 2000)]
    public Property Writes_what_round_trip_formatting_writes_or_nothing() =>
        Prop.ForAll(Doubles.ToArbitrary(), value =>
        {
            Span<byte> buffer = stackalloc byte[32];
            if (!Float8Text.TryFormatShort(value, buffer, out var written)) return;
            Assert.Equal(value.ToString("R", CultureInfo.InvariantCulture), Encoding.UTF8.GetString(buffer[..written]));
        });

    [Theory]
    [InlineData(12345.5, "12345.5")]
    [InlineData(-0.5, "-0.5")]
    [InlineData(42.0, "42")]
    [InlineData(0.0, "0")]
    public void Takes_whole_and_one_decimal_values(double value, string expected)
    {
        Span<byte> buffer = stackalloc byte[32];
        Assert.True(Float8Text.TryFormatShort(value, buffer, out var written));
        Assert.Equal(expected, Encoding.UTF8.GetString(buffer[..written]));
    }

    [Theory]
    [InlineData(-0.0)]
    [InlineData(0.25)]
    [InlineData(1e15)]
    [InlineData(double.NaN)]
    public void Leaves_other_values_to_the_general_path(double value)
    {
        Span<byte> buffer = stackalloc byte[32];
        Assert.False(Float8Text.TryFormatShort(value, buffer, out _));
    }
}
