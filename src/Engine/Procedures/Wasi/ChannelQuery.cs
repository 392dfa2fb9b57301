using System.Globalization;
using System.Text;
using TenantDb.Engine.Errors;
using TenantDb.Engine.SqlText;

namespace TenantDb.Engine.Procedures.Wasi;

/// <summary>
/// A channel's query as SQLite runs it: PostgreSQL's <c>$n</c> become SQLite's <c>?n</c> (same
/// index), so the CALL's arguments bind by position. Lexed with the engine's SQL lexer, so a
/// <c>$1</c> inside a string or comment stays text.
/// </summary>
internal static class ChannelQuery
{
    /// <summary>The rewritten query and the highest parameter it uses (0 for none).</summary>
    public static (string Sql, int Parameters) Rewrite(string query)
    {
        var sql = new StringBuilder(query.Length);
        var lexer = new SqlLexer(query);
        int copied = 0, highest = 0;
        while (!lexer.AtEnd)
        {
            var token = lexer.Next();
            if (token.Kind != SqlTokenKind.Parameter) continue;
            var digits = query.AsSpan(token.Start + 1, token.Length - 1);
            if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int index) || index is < 1 or > 65535)
            {
                throw new TenantDbException(TenantDbErrorKind.Syntax, $"invalid parameter ${digits} in a channel query");
            }
            highest = Math.Max(highest, index);
            sql.Append(query, copied, token.Start - copied).Append('?').Append(index.ToString(CultureInfo.InvariantCulture));
            copied = token.End;
        }
        sql.Append(query, copied, query.Length - copied);
        return (sql.ToString(), highest);
    }
}
