using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TenantDb.ProcSandbox.Text;

namespace TenantDb.ProcSandbox.Tests.Text;

/// <summary>
/// Hex float rounding checked against the hardware: any double written exactly as a hex literal
/// parses to itself as f64, and to (float)d — IEEE round-to-nearest-even — as f32.
/// </summary>
public sealed class HexFloatProperties
{
    [Property(MaxTest = 2000)]
    public Property Exact_hex_of_a_double_rounds_like_the_hardware()
    {
        var bits = Gen.Choose(0, int.MaxValue).Zip(Gen.Choose(0, int.MaxValue)).Select(p => ((ulong)(uint)p.Item1 << 33) ^ ((ulong)(uint)p.Item2 << 2) ^ (ulong)p.Item1);
        var interesting = Gen.OneOf(bits, bits.Select(b => b & 0x800F_FFFF_FFFF_FFFFUL | 0x3800_0000_0000_0000UL), bits.Select(b => b & 0x800F_FFFF_FFFF_FFFFUL | 0x3690_0000_0000_0000UL));
        return Prop.ForAll(interesting.ToArbitrary(), raw =>
        {
            double d = BitConverter.UInt64BitsToDouble(raw);
            if (!double.IsFinite(d)) return true;
            string hex = Hex(raw);
            bool f64Ok = WatNumber.TryParseF64(hex, out ulong f64) && f64 == raw;
            float expected = (float)d;
            bool f32Ok = float.IsInfinity(expected)
                ? !WatNumber.TryParseF32(hex, out _)
                : WatNumber.TryParseF32(hex, out uint f32) && f32 == BitConverter.SingleToUInt32Bits(expected);
            return f64Ok && f32Ok;
        });
    }

    private static string Hex(ulong bits)
    {
        string sign = (bits >> 63) != 0 ? "-" : "";
        int exponent = (int)((bits >> 52) & 0x7FF);
        ulong fraction = bits & 0xF_FFFF_FFFF_FFFFUL;
        string digits = fraction.ToString("x13", CultureInfo.InvariantCulture);
        return exponent == 0
            ? $"{sign}0x0.{digits}p-1022"
            : $"{sign}0x1.{digits}p{exponent - 1023}";
    }
}
