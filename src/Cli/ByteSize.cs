using System.Globalization;

namespace TenantDb.Cli;

/// <summary>Sizes on the command line: a byte count with an optional binary suffix (K, M, G; KB/KiB alike).</summary>
internal static class ByteSize
{
    /// <summary>Parses "1048576", "512K", "10MiB", "1G"; false for anything else or an overflow.</summary>
    public static bool TryParse(string text, out long bytes)
    {
        bytes = 0;
        var s = text.Trim();
        var digits = 0;
        while (digits < s.Length && char.IsAsciiDigit(s[digits])) digits++;
        if (digits == 0 || !long.TryParse(s.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return false;
        var shift = s[digits..].ToUpperInvariant() switch
        {
            "" or "B" => 0,
            "K" or "KB" or "KIB" => 10,
            "M" or "MB" or "MIB" => 20,
            "G" or "GB" or "GIB" => 30,
            "T" or "TB" or "TIB" => 40,
            _ => -1,
        };
        if (shift < 0 || n > long.MaxValue >> shift) return false;
        bytes = n << shift;
        return true;
    }

    /// <summary>The size in the largest whole binary unit, e.g. "1 GiB", "1536 KiB", "100 bytes".</summary>
    public static string Format(long bytes)
    {
        foreach (var (shift, unit) in (ReadOnlySpan<(int, string)>)[(40, "TiB"), (30, "GiB"), (20, "MiB"), (10, "KiB")])
            if (bytes >= 1L << shift && (bytes & ((1L << shift) - 1)) == 0) return $"{bytes >> shift} {unit}";
        return $"{bytes} bytes";
    }
}
