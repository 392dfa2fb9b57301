namespace TenantDb.Engine.PgCatalog;

/// <summary>The run-time parameters <c>pg_settings</c> and <c>current_setting</c> know, with the values a session starts with.</summary>
internal static class PgSettingDefaults
{
    public static readonly IReadOnlyList<(string Name, string Value)> All =
    [
        ("application_name", string.Empty),
        ("client_encoding", "UTF8"),
        ("DateStyle", "ISO, MDY"),
        ("default_transaction_isolation", "serializable"),
        ("default_transaction_read_only", "off"),
        ("extra_float_digits", "1"),
        ("integer_datetimes", "on"),
        ("IntervalStyle", "postgres"),
        ("lc_collate", "C"),
        ("lc_ctype", "C"),
        ("max_identifier_length", "63"),
        ("max_index_keys", "32"),
        ("search_path", "\"$user\", public"),
        ("server_encoding", "UTF8"),
        ("server_version", "15.0"),
        ("server_version_num", "150000"),
        ("standard_conforming_strings", "on"),
        ("statement_timeout", "0"),
        ("TimeZone", "UTC"),
        ("transaction_isolation", "serializable"),
        ("transaction_read_only", "off"),
    ];

    /// <summary>The value a session starts with, or null for an unknown parameter.</summary>
    public static string? Find(string name)
    {
        foreach (var (n, v) in All)
        {
            if (string.Equals(n, name, StringComparison.OrdinalIgnoreCase)) return v;
        }

        return null;
    }
}
