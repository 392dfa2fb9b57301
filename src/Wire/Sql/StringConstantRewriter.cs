using TenantDb.Engine.SqlText;

namespace TenantDb.Wire.Sql;

/// <summary>
/// Rewrites the string constants SQLite does not know into its plain <c>'…'</c> form:
/// <c>E'it\'s'</c> (backslash escapes), <c>$$it's$$</c> and <c>$tag$…$tag$</c> (dollar quotes) and
/// <c>N'…'</c> all become <c>'it''s'</c>. A constant PostgreSQL would reject (a bad escape, a NUL) is
/// left as written for SQLite to refuse.
/// </summary>
internal static class StringConstantRewriter
{
    /// <summary>Records the edits for <paramref name="statement"/>'s string constants not already replaced by another pass.</summary>
    public static void AddEdits(ClientStatement statement, SqlEdits edits)
    {
        var tokens = statement.Tokens;
        for (var i = 0; i < tokens.Length; i++)
        {
            var token = tokens[i];
            var foreign = token.Kind is SqlTokenKind.EscapeString or SqlTokenKind.DollarString
                || (token.Kind == SqlTokenKind.String && statement.Text[token.Start] is 'N' or 'n');
            if (!foreign || edits.IsReplaced(i)) continue;
            if (!SqlStringConstant.TryGetValue(statement.Text, token, out var value, out _) || value.Contains('\0', StringComparison.Ordinal)) continue;
            edits.Replace(i, i + 1, string.Concat("'", value.Replace("'", "''", StringComparison.Ordinal), "'"));
        }
    }
}
