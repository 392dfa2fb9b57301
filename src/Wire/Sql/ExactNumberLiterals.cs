using TenantDb.Engine.SqlText;
using TenantDb.Engine.Values;

namespace TenantDb.Wire.Sql;

/// <summary>
/// Number literals with more significant digits than a double holds (<c>123456789012345678.5</c>) become
/// string literals, which SQLite would otherwise read as a double and round: a numeric column wider than
/// a double stores the string digit for digit, and arithmetic converts it as it converts any number-like text.
/// </summary>
internal static class ExactNumberLiterals
{
    /// <summary>Records the edits for <paramref name="statement"/>, skipping tokens an earlier pass replaced.</summary>
    public static void AddEdits(ClientStatement statement, SqlEdits edits)
    {
        var tokens = statement.Tokens;
        for (int i = 0; i < tokens.Length; i++)
        {
            if (tokens[i].Kind != SqlTokenKind.Number || edits.IsReplaced(i)) continue;
            if (!PgNumeric.TryParse(statement.TextOf(i), out var exact) || exact.SignificantDigits <= 15) continue;
            // A unary minus in a list ("(1, -123...)") joins the string: minus on a string would make it a double.
            bool negated = i >= 2 && tokens[i - 1].Kind == SqlTokenKind.Operator && statement.TextOf(i - 1) is "-"
                && (statement.IsPunctuation(i - 2, '(') || statement.IsPunctuation(i - 2, ',')) && !edits.IsReplaced(i - 1);
            if (negated) edits.Replace(i - 1, i + 1, "'-" + exact.ToString() + "'");
            else edits.Replace(i, i + 1, "'" + exact.ToString() + "'");
        }
    }
}
