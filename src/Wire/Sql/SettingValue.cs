namespace TenantDb.Wire.Sql;

/// <summary>PostgreSQL's spellings of a boolean run-time parameter's value.</summary>
internal static class SettingValue
{
    /// <summary>True for on, true, yes, 1 (and their unambiguous prefixes PostgreSQL accepts: t, y), in any case, quoted or not.</summary>
    public static bool IsOn(ReadOnlySpan<char> value)
    {
        value = value.Trim();
        if (value.Length >= 2 && value[0] == '\'' && value[^1] == '\'') value = value[1..^1];
        return value.Equals("on", StringComparison.OrdinalIgnoreCase) || value.Equals("true", StringComparison.OrdinalIgnoreCase)
            || value.Equals("yes", StringComparison.OrdinalIgnoreCase) || value.Equals("1", StringComparison.Ordinal)
            || value.Equals("t", StringComparison.OrdinalIgnoreCase) || value.Equals("y", StringComparison.OrdinalIgnoreCase);
    }
}
