using System.Buffers.Text;

namespace TenantDb.Wire.Types;

/// <summary>
/// A fast path for the text form of the doubles most columns hold: whole numbers and numbers with one
/// decimal below 10^14, written with integer formatting. The result is the shortest text that reads
/// back as the same double, exactly what <c>double.ToString("R")</c> writes, which stays the path for
/// every other value (.NET's general shortest-round-trip formatting costs several times more).
/// </summary>
internal static class Float8Text
{
    // Below 10^14 every double is within 1/64 of its neighbours, so at most one one-decimal number reads
    // back as it, and "R" writes such values without an exponent.
    private const double Limit = 1e14;

    /// <summary>Writes <paramref name="value"/> when it is whole or has one decimal; false (nothing written) otherwise.</summary>
    public static bool TryFormatShort(double value, Span<byte> destination, out int written)
    {
        written = 0;
        // NaN and infinities fail the range test; -0 is written "-0" by "R", so it is left to it.
        if (!(Math.Abs(value) < Limit) || (value == 0 && double.IsNegative(value))) return false;
        if (value == Math.Floor(value))
            return Utf8Formatter.TryFormat((long)value, destination, out written);
        // One decimal: value is the double nearest to n/10 (division is correctly rounded, as is parsing),
        // and no whole number reads back as a value that is not whole.
        var tenths = value * 10;
        if (tenths != Math.Floor(tenths) || tenths / 10 != value) return false;
        var n = (long)tenths;
        var negative = n < 0;
        var magnitude = negative ? -n : n;
        var at = 0;
        if (negative) destination[at++] = (byte)'-';
        if (!Utf8Formatter.TryFormat(magnitude / 10, destination[at..], out var whole)) return false;
        at += whole;
        destination[at++] = (byte)'.';
        destination[at++] = (byte)('0' + (int)(magnitude % 10));
        written = at;
        return true;
    }
}
