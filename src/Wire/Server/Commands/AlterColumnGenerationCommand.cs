using TenantDb.Engine;
using TenantDb.Engine.Ddl;
using TenantDb.Engine.SqlText;
using TenantDb.Wire.Protocol;
using TenantDb.Wire.Sql;

namespace TenantDb.Wire.Server.Commands;

/// <summary>
/// ALTER TABLE t ALTER [COLUMN] c followed by SET DEFAULT expr, DROP DEFAULT, ADD GENERATED {ALWAYS|BY DEFAULT}
/// AS IDENTITY [( sequence options )], DROP IDENTITY [IF EXISTS], or a list of SET GENERATED {ALWAYS|BY DEFAULT},
/// SET sequence option and RESTART [[WITH] n]: what ORM migrations send when a column's default or identity
/// changes. <c>SET DEFAULT nextval('s')</c> has the sequence generate the column's omitted values.
/// </summary>
internal static class AlterColumnGenerationCommand
{
    /// <summary>True when tokens <paramref name="action"/>... start one of the forms this command runs.</summary>
    public static bool IsGenerationAction(ClientStatement s, int action) =>
        (s.IsWord(action, "SET") && (s.IsWord(action + 1, "DEFAULT") || s.IsWord(action + 1, "GENERATED") || IsSequenceOption(s, action + 1)))
        || (s.IsWord(action, "DROP") && (s.IsWord(action + 1, "DEFAULT") || s.IsWord(action + 1, "IDENTITY")))
        || (s.IsWord(action, "ADD") && s.IsWord(action + 1, "GENERATED"))
        || s.IsWord(action, "RESTART");

    /// <summary>Runs the action at the tokens' position on <paramref name="table"/>.<paramref name="column"/>; null when it is none of these forms.</summary>
    public static string? TryRun(DdlTokens tokens, string table, string column, TenantSession session, PgMessageWriter writer)
    {
        if (!IsGenerationAction(tokens.Statement, tokens.Position)) return null;
        if (tokens.Accept("SET", "DEFAULT"))
        {
            if (NextValueArgument(tokens) is { } sequence) session.SetDefaultSequence(table, column, sequence);
            else session.AlterColumnDefault(table, column, DefaultExpression(tokens));
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
            SequenceOptions? options = null;
            string? sequenceName = null;
            if (tokens.Statement.IsPunctuation(tokens.Position, '('))
            {
                int close = tokens.Statement.Closing(tokens.Position);
                if (close < 0) throw tokens.SyntaxError();
                tokens.Position++;
                options = SequenceOptionReader.Read(tokens, alter: false, close, identity: true, out sequenceName);
                tokens.ExpectPunctuation(')');
            }
            tokens.ExpectEnd();
            session.AddIdentity(table, column, identity, options, sequenceName);
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
            AlterIdentity(tokens, table, column, session);
        }
        return "ALTER TABLE";
    }

    // SET GENERATED {ALWAYS|BY DEFAULT} | SET sequence_option | RESTART [[WITH] n], one after another.
    private static void AlterIdentity(DdlTokens tokens, string table, string column, TenantSession session)
    {
        char? generation = null;
        SequenceOptions? options = null;
        while (!tokens.AtEnd)
        {
            if (tokens.Accept("SET", "GENERATED"))
            {
                generation = Generation(tokens);
                continue;
            }

            if (!tokens.Accept("SET") && !tokens.Statement.IsWord(tokens.Position, "RESTART")) throw tokens.SyntaxError();
            int end = tokens.Position + 1;
            while (end < tokens.Statement.Tokens.Length && !tokens.Statement.IsWord(end, "SET") && !tokens.Statement.IsWord(end, "RESTART")) end++;
            options = SequenceOptionReader.Read(tokens, alter: true, end, identity: false, out _, options);
            if (tokens.Position != end) throw tokens.SyntaxError();
        }

        if (generation is { } identity) session.SetIdentityGeneration(table, column, identity);
        if (options is null) return;
        if (options == new SequenceOptions { Restart = true, RestartWith = options.RestartWith }) session.RestartIdentity(table, column, options.RestartWith);
        else session.AlterIdentityOptions(table, column, options);
    }

    private static bool IsSequenceOption(ClientStatement s, int i) =>
        s.IsWord(i, "INCREMENT") || s.IsWord(i, "START") || s.IsWord(i, "MINVALUE") || s.IsWord(i, "MAXVALUE") || s.IsWord(i, "CYCLE")
        || s.IsWord(i, "CACHE") || (s.IsWord(i, "NO") && (s.IsWord(i + 1, "MINVALUE") || s.IsWord(i + 1, "MAXVALUE") || s.IsWord(i + 1, "CYCLE")));

    // nextval('name') or nextval('name'::regclass), the whole rest of the statement: the name's text; else null.
    private static string? NextValueArgument(DdlTokens tokens)
    {
        var s = tokens.Statement;
        int i = tokens.Position;
        if (!s.IsWord(i, "nextval") || !s.IsPunctuation(i + 1, '(') || i + 2 >= s.Tokens.Length || s.Tokens[i + 2].Kind != SqlTokenKind.String) return null;
        int close = i + 3;
        if (close + 1 < s.Tokens.Length && s.Tokens[close].Kind == SqlTokenKind.TypeCast && s.IsWord(close + 1, "regclass")) close += 2;
        if (!s.IsPunctuation(close, ')') || close + 1 != s.Tokens.Length) return null;
        if (!SqlStringConstant.TryGetValue(s.Text, s.Tokens[i + 2], out string name, out _)) return null;
        tokens.Position = close + 1;
        return name;
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
