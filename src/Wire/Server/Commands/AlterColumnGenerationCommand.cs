using TenantDb.Engine;
using TenantDb.Engine.SqlText;
using TenantDb.Wire.Protocol;
using TenantDb.Wire.Sql;

namespace TenantDb.Wire.Server.Commands;

/// <summary>
/// ALTER TABLE t ALTER [COLUMN] c followed by SET DEFAULT expr, DROP DEFAULT, ADD GENERATED {ALWAYS|BY DEFAULT}
/// AS IDENTITY, SET GENERATED {ALWAYS|BY DEFAULT}, DROP IDENTITY [IF EXISTS] or RESTART [[WITH] n]: what
/// ORM migrations send when a column's default or identity changes.
/// </summary>
internal static class AlterColumnGenerationCommand
{
    /// <summary>True when tokens <paramref name="action"/>... start one of the forms this command runs.</summary>
    public static bool IsGenerationAction(ClientStatement s, int action) =>
        (s.IsWord(action, "SET") && (s.IsWord(action + 1, "DEFAULT") || s.IsWord(action + 1, "GENERATED")))
        || (s.IsWord(action, "DROP") && (s.IsWord(action + 1, "DEFAULT") || s.IsWord(action + 1, "IDENTITY")))
        || (s.IsWord(action, "ADD") && s.IsWord(action + 1, "GENERATED"))
        || s.IsWord(action, "RESTART");

    /// <summary>Runs the action at the tokens' position on <paramref name="table"/>.<paramref name="column"/>; null when it is none of these forms.</summary>
    public static string? TryRun(DdlTokens tokens, string table, string column, TenantSession session, PgMessageWriter writer)
    {
        if (!IsGenerationAction(tokens.Statement, tokens.Position)) return null;
        if (tokens.Accept("SET", "DEFAULT"))
        {
            session.AlterColumnDefault(table, column, DefaultExpression(tokens));
        }
        else if (tokens.Accept("DROP", "DEFAULT"))
        {
            tokens.ExpectEnd();
            session.AlterColumnDefault(table, column, null);
        }
        else if (tokens.Accept("ADD", "GENERATED"))
        {
            char identity = Generation(tokens);
            tokens.Expect("AS");
            tokens.Expect("IDENTITY");
            tokens.ExpectEnd();
            session.AddIdentity(table, column, identity);
        }
        else if (tokens.Accept("SET", "GENERATED"))
        {
            char identity = Generation(tokens);
            tokens.ExpectEnd();
            session.SetIdentityGeneration(table, column, identity);
        }
        else if (tokens.Accept("DROP", "IDENTITY"))
        {
            bool ifExists = tokens.Accept("IF", "EXISTS");
            tokens.ExpectEnd();
            if (!session.DropIdentity(table, column, ifExists))
            {
                var notice = $"column \"{column}\" of relation \"{table}\" is not an identity column, skipping";
                writer.WriteErrorResponse(new PgError("00000", notice, "NOTICE"), notice: true);
            }
        }
        else
        {
            tokens.Expect("RESTART");
            bool with = tokens.Accept("WITH");
            long? value = with || SequenceCommands.IsNumberNext(tokens) ? SequenceCommands.Number(tokens) : null;
            tokens.ExpectEnd();
            session.RestartIdentity(table, column, value);
        }
        return "ALTER TABLE";
    }

    // ALWAYS | BY DEFAULT
    private static char Generation(DdlTokens tokens)
    {
        if (tokens.Accept("ALWAYS")) return 'a';
        tokens.Expect("BY");
        tokens.Expect("DEFAULT");
        return 'd';
    }

    // The rest of the statement, in SQLite's syntax: casts and string constants rewritten as in any
    // statement, and now() and its aliases as the clock text SQLite can evaluate in a schema.
    private static string DefaultExpression(DdlTokens tokens)
    {
        if (tokens.AtEnd) throw tokens.SyntaxError();
        var s = tokens.Statement;
        string text = s.Text[s.Tokens[tokens.Position].Start..s.Tokens[^1].End];
        if (IsClockCall(text)) return "strftime('%Y-%m-%d %H:%M:%f+00', 'now')";
        var select = ClientStatement.ReadFirst("SELECT " + text);
        var edits = new SqlEdits(select);
        CastRewriter.AddEdits(select, edits);
        StringConstantRewriter.AddEdits(select, edits);
        return edits.Build()["SELECT ".Length..];
    }

    private static bool IsClockCall(string text)
    {
        string compact = string.Concat(text.Where(c => !char.IsWhiteSpace(c))).ToLowerInvariant();
        return compact is "now()" or "current_timestamp" or "transaction_timestamp()" or "statement_timestamp()" or "clock_timestamp()";
    }
}
