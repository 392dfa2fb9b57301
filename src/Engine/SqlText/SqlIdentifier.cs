namespace TenantDb.Engine.SqlText;

/// <summary>The name a <see cref="SqlTokenKind.QuotedIdentifier"/> token stands for.</summary>
public static class SqlIdentifier
{
    /// <summary>The characters between the double quotes, <c>""</c> standing for one (a <c>U&amp;</c> prefix is dropped, its escapes kept as written).</summary>
    public static string Unquote(ReadOnlySpan<char> text, SqlToken token)
    {
        ReadOnlySpan<char> quoted = token.TextIn(text);
        quoted = quoted[quoted.IndexOf('"')..];
        return quoted[1..^1].ToString().Replace("\"\"", "\"", StringComparison.Ordinal);
    }
}
