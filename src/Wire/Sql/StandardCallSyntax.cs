using TenantDb.Engine.SqlText;

namespace TenantDb.Wire.Sql;

/// <summary>
/// SQL-standard call forms SQLite does not parse, which ORMs write (SQLAlchemy renders <c>func.substring</c>
/// this way): <c>substring(e FROM a [FOR b])</c> and <c>substring(e FOR b)</c> become <c>substr(e, a[, b])</c>,
/// and <c>position(a IN b)</c> becomes <c>tenantdb_position(a, b)</c> (strpos with its arguments the other way round).
/// </summary>
internal static class StandardCallSyntax
{
    /// <summary>Records the edits for <paramref name="statement"/>.</summary>
    public static void AddEdits(ClientStatement statement, SqlEdits edits)
    {
        var tokens = statement.Tokens;
        for (int i = 0; i + 1 < tokens.Length; i++)
        {
            bool substring = statement.IsWord(i, "substring"), position = statement.IsWord(i, "position");
            if (!(substring || position) || !statement.IsPunctuation(i + 1, '(') || !statement.Touches(i + 1) || edits.IsReplaced(i)
                || (i > 0 && statement.IsPunctuation(i - 1, '.'))) continue;
            int close = statement.Closing(i + 1);
            if (close < 0) continue;
            int from = -1, @for = -1, @in = -1;
            for (int k = i + 2, depth = 0; k < close; k++)
            {
                if (statement.IsPunctuation(k, '(') || statement.IsPunctuation(k, '[')) depth++;
                else if (statement.IsPunctuation(k, ')') || statement.IsPunctuation(k, ']')) depth--;
                else if (depth > 0) continue;
                else if (statement.IsWord(k, "FROM") && from < 0 && !statement.IsWord(k - 1, "DISTINCT")) from = k;
                else if (statement.IsWord(k, "FOR") && @for < 0) @for = k;
                else if (statement.IsWord(k, "IN") && @in < 0) @in = k;
            }
            if (substring && (from > i + 2 || @for > i + 2) && (from < 0 || @for < 0 || from < @for))
            {
                edits.Replace(i, i + 2, "substr(");
                if (from > 0) edits.Replace(from, from + 1, ",");
                if (@for > 0) edits.Replace(@for, @for + 1, from > 0 ? "," : ", 1,");
            }
            else if (position && @in > i + 2 && @in < close - 1)
            {
                edits.Replace(i, i + 2, "tenantdb_position(");
                edits.Replace(@in, @in + 1, ",");
            }
        }
    }
}
