using TenantDb.Engine.SqlText;

namespace TenantDb.Wire.Sql;

/// <summary>
/// PostgreSQL accepts any keyword as a column label after AS (SQLAlchemy's column reflection says
/// <c>... AS DEFAULT</c>); SQLite rejects its reserved words there. This pass quotes such a label, in
/// lower case because PostgreSQL folds the unquoted name. Only words that can never follow AS as
/// anything but a label are listed, so CAST(x AS type), CREATE TABLE ... AS SELECT and WITH ... AS
/// NOT MATERIALIZED are untouched.
/// </summary>
internal static class KeywordAliases
{
    private static readonly string[] Reserved =
    [
        "DEFAULT", "CHECK", "ORDER", "GROUP", "LIMIT", "WHERE", "FROM", "PRIMARY", "REFERENCES", "UNIQUE",
        "FOREIGN", "CONSTRAINT", "COLLATE", "HAVING", "INDEX", "TO", "USING", "ESCAPE", "INTO", "JOIN",
        "UNION", "EXCEPT", "INTERSECT",
    ];

    /// <summary>Records the edits for <paramref name="statement"/>.</summary>
    public static void AddEdits(ClientStatement statement, SqlEdits edits)
    {
        var tokens = statement.Tokens;
        for (int i = 1; i < tokens.Length; i++)
        {
            if (tokens[i].Kind != SqlTokenKind.Word || !statement.IsWord(i - 1, "AS") || edits.IsReplaced(i)) continue;
            foreach (var word in Reserved)
            {
                if (!statement.IsWord(i, word)) continue;
                edits.Replace(i, i + 1, "\"" + word.ToLowerInvariant() + "\"");
                break;
            }
        }
    }
}
