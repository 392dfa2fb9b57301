using TenantDb.Wire.Protocol;

namespace TenantDb.Wire.Sql;

/// <summary>
/// The <c>USING expression</c> of <c>ALTER TABLE t ALTER COLUMN c TYPE type USING expression</c>, as the
/// query the engine runs to compute the column's new values: <c>SELECT rowid, (expression) FROM t</c>, in
/// SQLite's words by the same rewrite as any tenant statement. It is tenant SQL: the engine runs it as
/// one, under the tenant's authorizer, and only reads its rows back.
/// </summary>
internal static class AlterColumnUsing
{
    /// <summary>Reads the expression (the rest of the statement, after USING) and returns the query.</summary>
    public static string Select(DdlTokens tokens, string table)
    {
        var statement = tokens.Statement;
        int start = tokens.Position;
        int end = statement.Tokens.Length;
        // Balanced parentheses: the expression stays inside the parentheses it is put in.
        int depth = 0;
        for (int i = start; i < end && depth >= 0; i++)
        {
            if (statement.IsPunctuation(i, '(')) depth++;
            else if (statement.IsPunctuation(i, ')')) depth--;
        }

        if (start >= end || depth != 0) throw tokens.SyntaxError();
        string expression = tokens.TextBetween(start, end);
        tokens.Position = end;
        string quoted = "\"" + table.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        var query = ClientStatement.ReadFirst($"SELECT rowid, ({expression}) FROM {quoted}");
        var rewritten = StatementRewriter.Rewrite(query, parameterize: false);
        if (rewritten.Values.Length > 0) throw new PgStatementException(SqlState.FeatureNotSupported, "ALTER COLUMN ... USING with parameters is not supported by TenantDb");
        return rewritten.Sql;
    }
}
