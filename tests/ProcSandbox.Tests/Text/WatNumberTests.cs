using TenantDb.ProcSandbox.Text;

namespace TenantDb.ProcSandbox.Tests.Text;

/// <summary>Literal parsing: ranges, separators and exact float rounding.</summary>
public sealed class WatNumberTests
{
    [Theory]
    [InlineData("0", 32, 0UL)]
    [InlineData("-1", 32, 0xFFFF_FFFFUL)]
    [InlineData("0xffff_ffff", 32, 0xFFFF_FFFFUL)]
    [InlineData("-0x8000_0000", 32, 0x8000_0000UL)]
    [InlineData("+42", 32, 42UL)]
    [InlineData("-9223372036854775808", 64, 0x8000_0000_0000_0000UL)]
    [InlineData("18446744073709551615", 64, ulong.MaxValue)]
    public void Integers_parse(string text, int bits, ulong expected)
    {
        Assert.True(WatNumber.TryParseInt(text, bits, out ulong value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("4294967296", 32)]
    [InlineData("-2147483649", 32)]
    [InlineData("18446744073709551616", 64)]
    [InlineData("1__0", 32)]
    [InlineData("_1", 32)]
    [InlineData("1_", 32)]
    [InlineData("0x", 32)]
    [InlineData("", 32)]
    [InlineData("1.0", 32)]
    public void Integers_reject(string text, int bits) => Assert.False(WatNumber.TryParseInt(text, bits, out _));

    [Theory]
    [InlineData("0x1p-149", 0x0000_0001u)] // smallest subnormal
    [InlineData("0x1p-150", 0x0000_0000u)] // exactly half: ties to even (zero)
    [InlineData("0x1.8p-149", 0x0000_0002u)] // 1.5 ulp: ties to even (2)
    [InlineData("0x1.000001p0", 0x3F80_0000u)] // halfway between 1 and next: even (down)
    [InlineData("0x1.000003p0", 0x3F80_0002u)] // halfway, odd below: up
    [InlineData("0x1.00000100000000001p0", 0x3F80_0001u)] // just above halfway: up (sticky bits)
    [InlineData("0x1.fffffefffffffffffp127", 0x7F7F_FFFFu)] // just below overflow threshold
    [InlineData("-0x0p0", 0x8000_0000u)]
    [InlineData("1e-45", 0x0000_0001u)]
    [InlineData("+1.5", 0x3FC0_0000u)]
    [InlineData("nan:0x1", 0x7F80_0001u)]
    [InlineData("-nan", 0xFFC0_0000u)]
    [InlineData("inf", 0x7F80_0000u)]
    [InlineData("1.00000005960464477539062500000000000000001", 0x3F80_0001u)] // decimal just above halfway
    public void F32_rounds_exactly(string text, uint expected)
    {
        Assert.True(WatNumber.TryParseF32(text, out uint bits));
        Assert.Equal(expected, bits);
    }

    [Theory]
    [InlineData("0x1p128")]
    [InlineData("0x1.ffffffp127")]
    [InlineData("1e39")]
    [InlineData("nan:0x800000")]
    [InlineData("nan:0x0")]
    [InlineData("0x.8p1")]
    [InlineData("1.e")]
    [InlineData(".5")]
    public void F32_rejects(string text) => Assert.False(WatNumber.TryParseF32(text, out _));

    [Theory]
    [InlineData("0x1p-1074", 0x0000_0000_0000_0001UL)]
    [InlineData("0x1.fffffffffffff8p1023", 0x0UL)] // rounds to infinity: rejected (checked below)
    [InlineData("0.1", 0x3FB9_9999_9999_999AUL)]
    [InlineData("nan:0xf_ffff_ffff_ffff", 0x7FFF_FFFF_FFFF_FFFFUL)]
    public void F64_parse(string text, ulong expected)
    {
        bool ok = WatNumber.TryParseF64(text, out ulong bits);
        if (expected == 0) Assert.False(ok);
        else Assert.Equal(expected, bits);
    }
}
