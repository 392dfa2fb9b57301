using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace TenantDb.Wire.Types;

/// <summary>
/// PostgreSQL's binary numeric format: int16 ndigits, int16 weight, int16 sign, int16 dscale, then
/// ndigits base-10000 digits, the first worth 10000^weight. Converted through the decimal string so
/// both directions share one obviously-correct path.
/// </summary>
internal static class NumericBinary
{
    private const ushort Positive = 0x0000, Negative = 0x4000, NaN = 0xC000;

    /// <summary>Encodes a plain decimal string ("-12.3400", no exponent).</summary>
    public static byte[] Encode(string text)
    {
        var negative = text.StartsWith('-');
        var body = text.TrimStart('-', '+');
        var dot = body.IndexOf('.', StringComparison.Ordinal);
        var intPart = (dot < 0 ? body : body[..dot]).TrimStart('0');
        var fracPart = dot < 0 ? "" : body[(dot + 1)..];
        var dscale = fracPart.Length;
        // Pad so both parts split into whole groups of four digits around the decimal point.
        var intPadded = new string('0', (4 - intPart.Length % 4) % 4) + intPart;
        var fracPadded = fracPart + new string('0', (4 - fracPart.Length % 4) % 4);
        var groups = new List<short>();
        for (var i = 0; i < intPadded.Length; i += 4) groups.Add(short.Parse(intPadded.AsSpan(i, 4), CultureInfo.InvariantCulture));
        var weight = groups.Count - 1;
        for (var i = 0; i < fracPadded.Length; i += 4) groups.Add(short.Parse(fracPadded.AsSpan(i, 4), CultureInfo.InvariantCulture));
        // Strip leading zero groups (adjusting weight) and trailing zero groups.
        var first = 0;
        while (first < groups.Count && groups[first] == 0) { first++; weight--; }
        var last = groups.Count;
        while (last > first && groups[last - 1] == 0) last--;
        var digits = last - first;
        if (digits == 0) weight = 0;
        var result = new byte[8 + 2 * digits];
        BinaryPrimitives.WriteInt16BigEndian(result, (short)digits);
        BinaryPrimitives.WriteInt16BigEndian(result.AsSpan(2), (short)weight);
        BinaryPrimitives.WriteUInt16BigEndian(result.AsSpan(4), negative && digits > 0 ? Negative : Positive);
        BinaryPrimitives.WriteInt16BigEndian(result.AsSpan(6), (short)dscale);
        for (var i = 0; i < digits; i++) BinaryPrimitives.WriteInt16BigEndian(result.AsSpan(8 + 2 * i), groups[first + i]);
        return result;
    }

    /// <summary>Decodes to a plain decimal string, or null when the bytes are not a valid numeric.</summary>
    public static string? Decode(ReadOnlySpan<byte> data)
    {
        if (data.Length < 8) return null;
        int digits = BinaryPrimitives.ReadInt16BigEndian(data);
        int weight = BinaryPrimitives.ReadInt16BigEndian(data[2..]);
        var sign = BinaryPrimitives.ReadUInt16BigEndian(data[4..]);
        int dscale = BinaryPrimitives.ReadInt16BigEndian(data[6..]);
        if (sign == NaN) return "NaN";
        if (digits < 0 || dscale < 0 || dscale > 1000 || data.Length != 8 + 2 * digits || sign is not (Positive or Negative)) return null;
        if (weight > 1000 || weight < -1000) return null;
        var sb = new StringBuilder();
        if (sign == Negative) sb.Append('-');
        // Integer part: groups with exponent >= 0.
        if (weight < 0) sb.Append('0');
        for (var e = weight; e >= 0; e--)
        {
            var idx = weight - e;
            var g = idx < digits ? BinaryPrimitives.ReadInt16BigEndian(data[(8 + 2 * idx)..]) : (short)0;
            if (g is < 0 or > 9999) return null;
            sb.Append(e == weight ? g.ToString(CultureInfo.InvariantCulture) : g.ToString("D4", CultureInfo.InvariantCulture));
        }
        if (dscale > 0)
        {
            var frac = new StringBuilder();
            for (var e = -1; frac.Length < dscale; e--)
            {
                var idx = weight - e;
                var g = idx >= 0 && idx < digits ? BinaryPrimitives.ReadInt16BigEndian(data[(8 + 2 * idx)..]) : (short)0;
                if (g is < 0 or > 9999) return null;
                frac.Append(g.ToString("D4", CultureInfo.InvariantCulture));
            }
            sb.Append('.').Append(frac.ToString(0, dscale));
        }
        return sb.ToString();
    }
}
